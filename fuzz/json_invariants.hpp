#pragma once

// The invariants every wire-JSON parser must keep, whatever the body: it returns (no throw, no
// crash), it is deterministic, and it reads the same document the same way however the JSON is
// laid out (compact, indented), because only the JSON value may matter, never its spelling.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "fingerprint.hpp"
#include "fuzz_check.hpp"
#include <nlohmann/json.hpp>

#include "preview/api/json_parse.hpp"

namespace preview::fuzz {

/// How deeply arrays and objects nest in JSON text (strings skipped). nlohmann's dump() recurses,
/// so the harness only re-lays-out documents of a sane depth; the parsers see every depth.
inline std::size_t json_depth(std::string_view text) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

constexpr std::size_t kMaxRelayoutDepth = 256;

template <class Parse>
void check_json_parser(std::string_view body, Parse parse, std::string_view name) {
    const std::string first = fingerprint(parse(body));
    check(first == fingerprint(parse(body)), name, "two parses of the same body differ");
    // Design §7: a document nested deeper than kMaxJsonDepth is refused before it is parsed.
    if constexpr (requires { parse(body).ok(); }) {
        if (json_too_deep(body)) {
            check(!parse(body).ok(), name, "a document nested deeper than 512 levels was read");
        }
    }
    if (json_depth(body) > kMaxRelayoutDepth) {
        return;
    }
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
        return;
    }
    for (const std::string& relaid : {doc.dump(), doc.dump(2)}) {
        const std::string again = fingerprint(parse(relaid));
        check(
            again == first, name,
            "the same JSON laid out differently parses differently:\n" + first + "\nvs\n" + again);
    }
}

}  // namespace preview::fuzz
