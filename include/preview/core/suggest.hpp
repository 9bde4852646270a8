#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace preview {

/// Lowercase without '_' and '-', so "health_path" and "HealthPath" both match "healthPath".
std::string normalize_key(std::string_view key);

/// Levenshtein distance: insertions, deletions and substitutions each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The one candidate `typed` most likely meant: same spelling up to case and '_'/'-', a small
/// typo, or an abbreviation ("appSet" for "applicationSet"); nullopt when none stands out.
std::optional<std::string_view> suggest(std::string_view typed,
                                        std::span<const std::string_view> candidates);

}  // namespace preview
