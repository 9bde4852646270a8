#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "preview/core/pr_ref.hpp"

namespace preview {

/// The reverse of render_template: the PR number a rendered name stands for, or nullopt when
/// `name` is not what `tmpl` renders for any PR of `repo`. {owner} and {repo} must match the
/// repository literally, {number} a decimal number, {sha} 40 and {short_sha} 8 lowercase hex
/// digits. A template without {number} matches nothing (it cannot tell PRs apart).
std::optional<int> template_number(std::string_view tmpl, const PrRef& repo, std::string_view name);

/// What a rendered name stands for: the PR number and the commit ({sha} or {short_sha}; empty
/// when the template names no commit).
struct TemplateMatch {
    int number = 0;
    std::string sha;
};

/// template_number, also returning the commit the name carries.
std::optional<TemplateMatch> template_match(std::string_view tmpl, const PrRef& repo,
                                            std::string_view name);

}  // namespace preview
