// The WWW-Authenticate header (include/preview/api/www_authenticate.hpp): parse_bearer_challenge.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

#include "preview/api/www_authenticate.hpp"

using namespace preview;

namespace {

// RFC 9110 quoted-string: backslash escapes '"' and '\'.
std::string quote(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string key(const BearerChallenge& c) {
    return quote(c.realm) + quote(c.service) + quote(c.scope) + quote(c.error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header = fuzz::as_text(data, size);
    const auto challenge = parse_bearer_challenge(header);
    if (!challenge) {
        return 0;
    }
    fuzz::check(!challenge->realm.empty(), "parse_bearer_challenge", "a challenge without realm");
    // Written back as one canonical challenge (quoted values), it reads the same: escapes and
    // delimiters inside values survive the round trip.
    std::string canonical = "Bearer realm=" + quote(challenge->realm);
    if (!challenge->service.empty()) {
        canonical += ",service=" + quote(challenge->service);
    }
    if (!challenge->scope.empty()) {
        canonical += ",scope=" + quote(challenge->scope);
    }
    if (!challenge->error.empty()) {
        canonical += ",error=" + quote(challenge->error);
    }
    const auto again = parse_bearer_challenge(canonical);
    fuzz::check(again && key(*again) == key(*challenge), "parse_bearer_challenge",
                "canonical form not read back: " + canonical);
    // Other challenges before it do not change it.
    const auto behind = parse_bearer_challenge("Basic realm=\"x\", " + canonical);
    fuzz::check(behind && key(*behind) == key(*challenge), "parse_bearer_challenge",
                "a preceding Basic challenge changed the result");
    return 0;
}
