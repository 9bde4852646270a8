// API error bodies (include/preview/api/api_errors.hpp): classify_kube_error,
// classify_github_error and unexpected_body. Input: the first byte picks the HTTP status, then
// "name: value" header lines up to an empty line, then the body.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"

#include "preview/api/api_errors.hpp"

using namespace preview;

namespace {

constexpr std::array<long, 16> kStatuses = {0,   200, 304, 400, 401, 403, 404, 409,
                                            410, 422, 429, 500, 502, 503, 504, 599};
constexpr std::string_view kWhat = "list pods in namespace \"x\"";
constexpr std::int64_t kNow = 1'700'000'000;

// Every error: a message that starts with the action, an explanation that can go into -o json,
// and the HTTP status it was given.
void check_error(const Error& e, long status, std::string_view name) {
    fuzz::check(e.message.starts_with("cannot " + std::string(kWhat) + ": ") &&
                    e.message.size() > kWhat.size() + 9,
                name, "the message does not say what failed: " + e.message);
    fuzz::check(
        fuzz::serialisable(e.message) && fuzz::serialisable(e.hint) && fuzz::serialisable(e.reason),
        name, "not valid UTF-8: " + e.message);
    fuzz::check(e.http_status == status, name, "http_status changed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input = fuzz::as_text(data, size);
    long status = 403;
    if (!input.empty()) {
        status = kStatuses[static_cast<unsigned char>(input.front()) % kStatuses.size()];
        input.remove_prefix(1);
    }
    std::vector<std::pair<std::string, std::string>> headers;
    while (!input.empty()) {
        const std::string_view line = fuzz::take_line(input);
        if (line.empty()) {
            break;
        }
        const auto colon = line.find(':');
        headers.emplace_back(line.substr(0, colon),
                             colon == std::string_view::npos ? "" : line.substr(colon + 1));
    }
    const std::string_view body = input;

    check_error(classify_kube_error(status, body, kWhat), status, "classify_kube_error");
    check_error(classify_github_error(status, headers, body, kWhat, kNow), status,
                "classify_github_error");

    // "at most a short single-line excerpt of the body": bounded, whatever the body.
    const Error unexpected = unexpected_body(kWhat, status, body);
    check_error(unexpected, status, "unexpected_body");
    fuzz::check(unexpected.message.find('\n') == std::string::npos &&
                    unexpected.message.size() <= kWhat.size() + 250,
                "unexpected_body", "the message quotes too much: " + unexpected.message);
    return 0;
}
