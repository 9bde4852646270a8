#pragma once

// Template placeholders: {number}, {sha}, {short_sha}, {owner}, {repo}.

#include <array>
#include <string>
#include <string_view>

#include "preview/core/pr_ref.hpp"
#include "preview/core/result.hpp"

namespace preview::profile_detail {

inline constexpr std::size_t kPlaceholderCount = 5;
using PlaceholderValues = std::array<std::string, kPlaceholderCount>;

inline constexpr std::array<std::string_view, kPlaceholderCount> kPlaceholders = {
    "number", "sha", "short_sha", "owner", "repo"};

/// Why each placeholder's value is empty, in kPlaceholders order.
inline constexpr std::array<std::string_view, kPlaceholderCount> kMissingReasons = {
    "the pull request number is not known", "the head commit is not known yet",
    "the head commit is not known yet", "the repository is not known",
    "the repository is not known"};

/// The hint for a template YAML read as a mapping.
inline constexpr std::string_view kQuoteHint =
    "YAML reads a value that starts with '{' as a mapping: quote templates, e.g. "
    "namespace: \"{repo}-pr-{number}\"";

/// Renders with the values already worked out; `missing` explains why an empty value is empty.
Result<std::string> render_with(std::string_view tmpl, const PlaceholderValues& values,
                                const std::array<std::string_view, kPlaceholderCount>& missing);

/// The placeholder values for one PR and head commit (empty while unknown).
PlaceholderValues placeholder_values(const PrRef& pr, std::string_view sha);

/// "key: {repo}-pr-{number}" or "- {repo}:tag": a template YAML will misread as a flow mapping.
bool has_unquoted_template(std::string_view yaml);

}  // namespace preview::profile_detail
