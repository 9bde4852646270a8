#include "preview/core/suggest.hpp"

#include <algorithm>
#include <vector>

namespace preview {

std::string normalize_key(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '_' || c == '-') {
            continue;
        }
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

namespace {

bool is_subsequence(std::string_view needle, std::string_view haystack) {
    std::size_t pos = 0;
    for (char c : haystack) {
        if (pos < needle.size() && needle[pos] == c) {
            ++pos;
        }
    }
    return pos == needle.size();
}

}  // namespace

std::optional<std::string_view> suggest(std::string_view typed,
                                        std::span<const std::string_view> candidates) {
    const auto key = normalize_key(typed);
    if (key.empty()) {
        return std::nullopt;
    }
    const std::size_t threshold = key.size() <= 4 ? 1 : 2;
    std::optional<std::string_view> best;
    std::size_t best_distance = threshold + 1;
    bool tie = false;
    for (std::string_view candidate : candidates) {
        const auto distance = edit_distance(key, normalize_key(candidate));
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
            tie = false;
        } else if (distance == best_distance) {
            tie = true;
        }
    }
    if (best && !tie) {
        return best;
    }
    if (key.size() < 3) {
        return std::nullopt;
    }
    std::optional<std::string_view> abbreviation;
    for (std::string_view candidate : candidates) {
        if (is_subsequence(key, normalize_key(candidate))) {
            if (abbreviation) {
                return std::nullopt;
            }
            abbreviation = candidate;
        }
    }
    return abbreviation;
}

}  // namespace preview
