// Renders a profile's names for one PR and checks them against Kubernetes naming rules.

#include <optional>
#include <utility>
#include <vector>

#include "core/profile/placeholders.hpp"
#include "core/profile/support.hpp"
#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"
#include "preview/core/profile.hpp"

namespace preview {
namespace {

using profile_detail::config_error;
using profile_detail::is_http_url;
using profile_detail::kMissingReasons;
using profile_detail::placeholder_values;
using profile_detail::ProfileProblem;
using profile_detail::render_with;

// Renders and checks the names of one profile; throws ProfileProblem on the first bad one.
class TargetRenderer {
  public:
    TargetRenderer(const Profile& profile, const PrRef& pr, std::string_view sha)
        : profile_(profile), values_(placeholder_values(pr, sha)) {}

    std::string render(std::string_view key, std::string_view tmpl) const {
        auto rendered = render_with(tmpl, values_, kMissingReasons);
        if (!rendered) {
            fail(key, fmt::format("\"{}\": {}", key, rendered.error().message));
        }
        return std::move(rendered).value();
    }

    enum class Rule { label, subdomain, label_key, label_value };

    std::string render_name(std::string_view key, std::string_view tmpl, Rule rule,
                            std::string_view noun) const {
        auto name = render(key, tmpl);
        check_name(key, key, name, rule, noun);
        return name;
    }

    void check_name(std::string_view key, std::string_view shown_key, std::string_view name,
                    Rule rule, std::string_view noun) const {
        std::optional<std::string> problem;
        std::size_t limit = 63;
        switch (rule) {
            case Rule::label:
                problem = dns1123_label_problem(name);
                break;
            case Rule::subdomain:
                problem = dns1123_subdomain_problem(name);
                limit = 253;
                break;
            case Rule::label_key:
                problem = label_key_problem(name);
                limit = 253 + 1 + 63;
                break;
            case Rule::label_value:
                problem = label_value_problem(name);
                break;
        }
        if (!problem) {
            return;
        }
        const auto length =
            name.size() > limit ? fmt::format(" ({} characters)", name.size()) : std::string();
        fail(key,
             fmt::format("{} renders to {:?}{}: {} {}", shown_key, name, length, noun, *problem));
    }

    std::vector<std::string> render_names(std::string_view key,
                                          const std::vector<std::string>& templates,
                                          std::string_view noun) const {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < templates.size(); ++i) {
            names.push_back(render(key, templates[i]));
            check_name(key, fmt::format("{} item {}", key, i + 1), names.back(), Rule::subdomain,
                       noun);
        }
        return names;
    }

    [[noreturn]] void fail(std::string_view key, std::string message) const {
        const auto line = profile_.key_lines.find(key);
        if (line != profile_.key_lines.end() && line->second > 0) {
            throw ProfileProblem{
                config_error(fmt::format("{}:{}: {}", profile_.source, line->second, message))};
        }
        throw ProfileProblem{config_error(fmt::format("{}: {}", profile_.source, message))};
    }

  private:
    const Profile& profile_;
    profile_detail::PlaceholderValues values_;
};

}  // namespace

Result<Targets> render_targets(const Profile& profile, const PrRef& pr, std::string_view sha) {
    if (pr.number <= 0) {
        Error error;
        error.kind = ErrorKind::usage;
        error.message = fmt::format("pull request number {} is not positive", pr.number);
        return error;
    }
    using Rule = TargetRenderer::Rule;
    const TargetRenderer renderer(profile, pr, sha);
    Targets targets;
    try {
        targets.number = pr.number;
        targets.label = profile.label;
        targets.argocd_namespace = renderer.render_name(
            "argocd.namespace", profile.argocd_namespace, Rule::label, "a namespace name");
        targets.application_set =
            renderer.render_name("argocd.applicationSet", profile.application_set, Rule::subdomain,
                                 "an ApplicationSet name");
        targets.application = renderer.render_name("argocd.application", profile.application,
                                                   Rule::subdomain, "an Application name");
        targets.pr_label = renderer.render_name("argocd.prLabel", profile.pr_label, Rule::label_key,
                                                "a label key");
        targets.pr_label_value = std::to_string(pr.number);
        renderer.check_name("argocd.prLabel", "the argocd.prLabel value", targets.pr_label_value,
                            Rule::label_value, "a label value");
        targets.namespace_name = renderer.render_name(
            "cluster.namespace", profile.namespace_template, Rule::label, "a namespace name");
        targets.http_routes =
            renderer.render_names("httpRoutes", profile.http_routes, "an HTTPRoute name");
        targets.external_secrets = renderer.render_names(
            "externalSecrets", profile.external_secrets, "an ExternalSecret name");
        if (!profile.seed_job.empty()) {
            targets.seed_job =
                renderer.render_name("seedJob", profile.seed_job, Rule::subdomain, "a Job name");
        }
        if (!profile.url.empty()) {
            targets.url = renderer.render("url", profile.url);
            if (!is_http_url(targets.url)) {
                renderer.fail("url", fmt::format("url renders to {:?}: a URL must start with "
                                                 "http:// or https://",
                                                 targets.url));
            }
            const auto path = renderer.render("healthPath", profile.health_path);
            if (path.empty() || path.front() != '/') {
                renderer.fail("healthPath", fmt::format("healthPath renders to {:?}: it must start "
                                                        "with '/'",
                                                        path));
            }
            auto base = std::string_view(targets.url);
            while (!base.empty() && base.back() == '/') {
                base.remove_suffix(1);
            }
            targets.health_url = fmt::format("{}{}", base, path);
        }
        if (!sha.empty()) {
            for (const auto& artifact : profile.artifacts) {
                targets.artifacts.push_back(renderer.render("artifacts", artifact));
            }
        }
    } catch (const ProfileProblem& problem) {
        return problem.error;
    }
    return targets;
}

}  // namespace preview
