#include "core/profile/placeholders.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "core/profile/support.hpp"
#include <fmt/format.h>

#include "preview/core/profile.hpp"
#include "preview/core/suggest.hpp"

namespace preview {
namespace profile_detail {
namespace {

constexpr std::string_view kPlaceholderList = "{number}, {sha}, {short_sha}, {owner}, {repo}";
constexpr std::size_t kShortShaLength = 8;

}  // namespace

Result<std::string> render_with(std::string_view tmpl, const PlaceholderValues& values,
                                const std::array<std::string_view, kPlaceholderCount>& missing) {
    std::string out;
    out.reserve(tmpl.size());
    for (std::size_t pos = 0; pos < tmpl.size();) {
        const auto open = tmpl.find('{', pos);
        if (open == std::string_view::npos) {
            out += tmpl.substr(pos);
            break;
        }
        out += tmpl.substr(pos, open - pos);
        const auto close = tmpl.find('}', open + 1);
        if (close == std::string_view::npos) {
            return config_error(fmt::format("unclosed \"{{\" in template {:?} (placeholders: {})",
                                            tmpl, kPlaceholderList));
        }
        const auto name = tmpl.substr(open + 1, close - open - 1);
        const auto known = std::find(kPlaceholders.begin(), kPlaceholders.end(), name);
        if (known == kPlaceholders.end()) {
            std::string message = fmt::format(
                "unknown placeholder \"{{{}}}\" in template {:?} "
                "(known: {})",
                name, tmpl, kPlaceholderList);
            if (const auto guess = suggest(name, kPlaceholders)) {
                message += fmt::format("; did you mean \"{{{}}}\"?", *guess);
            }
            return config_error(std::move(message));
        }
        const auto index = static_cast<std::size_t>(known - kPlaceholders.begin());
        if (values[index].empty()) {
            return config_error(
                fmt::format("template {:?} uses {{{}}}, but {}", tmpl, name, missing[index]));
        }
        out += values[index];
        pos = close + 1;
    }
    return out;
}

PlaceholderValues placeholder_values(const PrRef& pr, std::string_view sha) {
    return {std::to_string(pr.number), std::string(sha),
            std::string(sha.substr(0, std::min(sha.size(), kShortShaLength))), pr.owner, pr.repo};
}

bool has_unquoted_template(std::string_view yaml) {
    for (std::string_view name : kPlaceholders) {
        for (std::string_view lead : {": {", "- {"}) {
            if (yaml.find(fmt::format("{}{}}}", lead, name)) != std::string_view::npos) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace profile_detail

Result<std::string> render_template(std::string_view tmpl, const PrRef& pr, std::string_view sha) {
    return profile_detail::render_with(tmpl, profile_detail::placeholder_values(pr, sha),
                                       profile_detail::kMissingReasons);
}

}  // namespace preview
