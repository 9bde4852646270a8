#pragma once

// Shared by the fuzz targets: invariant checks that abort (so libFuzzer records the input), and
// small helpers for splitting one fuzz input into several arguments.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace preview::fuzz {

/// Stops the run with a message; libFuzzer saves the input as a crash artifact.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz invariant violated: %.*s\n%.*s\n", static_cast<int>(what.size()),
                 what.data(), static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void check(bool condition, std::string_view what, std::string_view detail = {}) {
    if (!condition) {
        fail(what, detail);
    }
}

/// The fuzz input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Whether nlohmann::json can serialise `text` (valid UTF-8): messages end up in `-o json` output.
inline bool serialisable(std::string_view text) {
    try {
        (void)nlohmann::json(std::string(text)).dump();
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

/// Takes the text up to the next '\n' (or everything) off the front of `rest`.
inline std::string_view take_line(std::string_view& rest) {
    const auto eol = rest.find('\n');
    const auto line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    return line;
}

/// Which of `count` alternatives the first byte selects: its position in `names` (readable seed
/// files), else the byte modulo `count` (so every byte selects something).
inline std::size_t select(std::string_view& input, std::string_view names) {
    if (input.empty()) {
        return 0;
    }
    const char first = input.front();
    input.remove_prefix(1);
    const auto at = names.find(first);
    if (at != std::string_view::npos) {
        return at;
    }
    return static_cast<unsigned char>(first) % names.size();
}

}  // namespace preview::fuzz
