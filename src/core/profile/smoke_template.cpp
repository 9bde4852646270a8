// Smoke templates: the profile's placeholders plus {title}, and ${VAR} in headers.

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "core/profile/support.hpp"
#include <fmt/format.h>

#include "preview/core/smoke.hpp"
#include "preview/core/suggest.hpp"

namespace preview {
namespace {

using profile_detail::config_error;

constexpr std::array<std::string_view, 4> kSmokePlaceholders = {"number", "owner", "repo", "title"};
constexpr std::string_view kSmokePlaceholderList = "{number}, {owner}, {repo}, {title}";

bool is_lower_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(),
                                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

bool is_env_name(std::string_view s) {
    if (s.empty() || (std::isdigit(static_cast<unsigned char>(s.front())) != 0)) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
}

Result<std::string> placeholder_value(std::string_view name, std::string_view tmpl,
                                      const SmokeTemplateValues& values) {
    if (name == "number") {
        return std::to_string(values.pr.number);
    }
    if (name == "owner" || name == "repo") {
        const auto& value = name == "owner" ? values.pr.owner : values.pr.repo;
        if (value.empty()) {
            return config_error(fmt::format(
                "template {:?} uses {{{}}}, but the repository is not known", tmpl, name));
        }
        return value;
    }
    if (name == "title") {
        return values.title;
    }
    if (name == "sha" || name == "short_sha") {
        return config_error(fmt::format(
            "template {:?} uses {{{}}}: smoke templates cannot (preview smoke does not read the "
            "pull request; known: {})",
            tmpl, name, kSmokePlaceholderList));
    }
    std::string message = fmt::format("unknown placeholder \"{{{}}}\" in template {:?} (known: {})",
                                      name, tmpl, kSmokePlaceholderList);
    if (const auto guess = suggest(name, kSmokePlaceholders)) {
        message += fmt::format("; did you mean \"{{{}}}\"?", *guess);
    }
    return config_error(std::move(message));
}

}  // namespace

bool is_protected_env_var(std::string_view name) {
    static constexpr std::array<std::string_view, 10> kExact = {"GH_TOKEN",
                                                                "GITHUB_TOKEN",
                                                                "GH_ENTERPRISE_TOKEN",
                                                                "GITHUB_ENTERPRISE_TOKEN",
                                                                "ARGOCD_AUTH_TOKEN",
                                                                "PREVIEW_APPSET_WEBHOOK_SECRET",
                                                                "KUBECONFIG",
                                                                "SSH_AUTH_SOCK",
                                                                "VAULT_TOKEN",
                                                                "GOOGLE_APPLICATION_CREDENTIALS"};
    static constexpr std::array<std::string_view, 4> kPrefixes = {"AWS_", "AZURE_", "ARM_", "GCP_"};
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return std::find(kExact.begin(), kExact.end(), upper) != kExact.end() ||
           std::any_of(kPrefixes.begin(), kPrefixes.end(),
                       [&upper](std::string_view p) { return upper.starts_with(p); });
}

std::optional<Error> smoke_env_refusal(std::string_view name, std::string_view tmpl,
                                       const SmokeEnvPolicy& policy) {
    if (is_protected_env_var(name)) {
        return config_error(fmt::format(
            "template {:?} reads ${{{}}}, one of preview's own or a cloud credential: a "
            "profile may not send it anywhere",
            tmpl, name));
    }
    // Names are exact: the environment is case-sensitive, so preview_smoke_x is another variable.
    if (policy.builtin_profile || name.starts_with(kSmokeEnvPrefix) ||
        std::find(policy.allowed.begin(), policy.allowed.end(), name) != policy.allowed.end()) {
        return std::nullopt;
    }
    return config_error(
        fmt::format("template {:?} reads ${{{}}}: a profile file may read only {}* variables "
                    "and those you allow, so a repository's .preview.yaml cannot send your "
                    "other variables anywhere",
                    tmpl, name, kSmokeEnvPrefix),
        fmt::format("allow it with `preview smoke <pr> --smoke-env {}`, or export its value as "
                    "{}... and use that name in the profile",
                    name, kSmokeEnvPrefix));
}

Result<std::string> render_smoke_template(std::string_view tmpl, const SmokeTemplateValues& values,
                                          std::vector<std::string>* secrets) {
    std::string out;
    out.reserve(tmpl.size());
    for (std::size_t pos = 0; pos < tmpl.size();) {
        const auto open = tmpl.find('{', pos);
        if (open == std::string_view::npos) {
            out += tmpl.substr(pos);
            break;
        }
        const auto close = tmpl.find('}', open + 1);
        const auto name = close == std::string_view::npos ? std::string_view()
                                                          : tmpl.substr(open + 1, close - open - 1);
        const bool env_ref = open > pos && tmpl[open - 1] == '$' && is_env_name(name);
        if (env_ref) {
            out += tmpl.substr(pos, open - 1 - pos);
            if (!values.env) {
                return config_error(
                    fmt::format("template {:?} reads ${{{}}}: only smoke.send.headers may read the "
                                "environment",
                                tmpl, name));
            }
            if (auto refused = smoke_env_refusal(name, tmpl, values.env_policy)) {
                return *refused;
            }
            const auto value = values.env(name);
            if (!value || value->empty()) {
                return config_error(
                    fmt::format("the smoke test needs the environment variable {} (the profile's "
                                "smoke.send.headers read ${{{}}}), which is not set",
                                name, name),
                    fmt::format("export {}=... (preview never reads it from a Secret)", name));
            }
            if (secrets != nullptr) {
                secrets->push_back(*value);
            }
            out += *value;
            pos = close + 1;
            continue;
        }
        out += tmpl.substr(pos, open - pos);
        if (!is_lower_name(name)) {
            out += '{';  // a JSON brace or other literal text
            pos = open + 1;
            continue;
        }
        auto value = placeholder_value(name, tmpl, values);
        if (!value) {
            return value.error();
        }
        out += *value;
        pos = close + 1;
    }
    return out;
}

}  // namespace preview
