#include "preview/core/appset_error.hpp"

#include "contains.hpp"
#include <fmt/format.h>

#include "preview/core/k8s_names.hpp"
#include "preview/core/status.hpp"

namespace preview {
namespace {

// The text between `before` and the next `until` character, if `before` occurs.
std::optional<std::string> between(std::string_view text, std::string_view before,
                                   std::string_view until) {
    const auto at = text.find(before);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    auto rest = text.substr(at + before.size());
    rest = rest.substr(0, rest.find_first_of(until));
    if (rest.empty()) {
        return std::nullopt;
    }
    return std::string(rest);
}

// go-github's error text carries the HTTP status as "GET <url>: 401 Bad credentials []": match
// it there, not as any digits (a PR number or user ID in the message may contain "404").
bool github_status(std::string_view message, std::string_view code) {
    return contains(message, fmt::format(": {} ", code));
}

// The Secret's name in Argo CD's token messages ("secret argocd/name", "secrets \"name\""); a
// placeholder unless it is a valid object name, so the printed command names a real Secret.
std::string secret_in(std::string_view message, std::string_view argocd_namespace) {
    auto name = between(message, "secret " + std::string(argocd_namespace) + "/", " :");
    if (!name) {
        name = between(message, "secrets \"", "\"");
    }
    return name && !dns1123_subdomain_problem(*name) ? *name : std::string("<secret>");
}

// The consequence of an error that aborts generation as a whole (argo-cd#20643).
std::string nothing_changes(int pr) {
    return fmt::format(
        "; until it clears the controller creates, updates and deletes no Application: {} keeps "
        "its old commit (or is not created), and previews of closed PRs are not torn down",
        pr > 0 ? fmt::format("PR #{}'s preview", pr) : std::string("a preview"));
}

AppSetErrorCause token_cause(std::string_view m, ArgocdAccess ns, int pr) {
    const std::string secret = secret_in(m, ns.argocd_namespace);
    const std::string named = secret == "<secret>"
                                  ? std::string("the tokenRef Secret")
                                  : fmt::format("Secret {}/{}", ns.argocd_namespace, secret);
    if (contains(m, "is not a valid SCM creds secret")) {
        return {
            fmt::format("{} lacks the label argocd.argoproj.io/secret-type=scm-creds, which "
                        "Argo CD's token-ref strict mode requires{}",
                        named, nothing_changes(pr)),
            ns.commands.kubectl(ns.argocd_namespace, {"label", "secret", secret,
                                                      "argocd.argoproj.io/secret-type=scm-creds"})};
    }
    if (auto key = between(m, "key \"", "\""); key && contains(m, "not found")) {
        return {fmt::format("{} exists but has no key \"{}\", which the generator's tokenRef "
                            "names{}",
                            named, *key, nothing_changes(pr)),
                fmt::format("store the GitHub token under key \"{}\" ({})", *key,
                            ns.commands.kubectl(ns.argocd_namespace, {"edit", "secret", secret}))};
    }
    return {
        fmt::format("{} named by the generator's tokenRef does not exist{}", named,
                    nothing_changes(pr)),
        fmt::format("create it with the GitHub token under the tokenRef key ({})",
                    ns.commands.kubectl(ns.argocd_namespace, {"create", "secret", "generic", secret,
                                                              "--from-literal=token=<token>"}))};
}

}  // namespace

const Condition* appset_error_condition(const ApplicationSet& set) {
    const auto* err = find_condition(set.conditions, "ErrorOccurred");
    return err != nullptr && err->status == "True" ? err : nullptr;
}

std::string appset_error_line(const ApplicationSet& set) {
    const auto* err = appset_error_condition(set);
    return err == nullptr ? std::string()
                          : fmt::format("ErrorOccurred=True {}: {}", err->reason, err->message);
}

std::int64_t appset_poll_seconds(const ApplicationSet& set) {
    return set.requeue_after_seconds > 0 ? set.requeue_after_seconds : kDefaultPullRequestRequeue;
}

std::optional<std::string> rate_limit_reset(std::string_view message) {
    // go-github writes "[rate reset in 41m10s]" (minutes and seconds, or seconds alone): take
    // only that shape, so other text in the message never becomes the advertised wait.
    constexpr std::size_t kLongest = 12;
    auto reset = between(message, "[rate reset in ", "]");
    if (!reset || reset->size() > kLongest || reset->back() != 's' ||
        reset->find_first_not_of("0123456789ms") != std::string::npos) {
        return std::nullopt;
    }
    return reset;
}

AppSetErrorCause explain_appset_error(const Condition& error, const ApplicationSet& set,
                                      ArgocdAccess ns, int pr) {
    const std::string& m = error.message;
    if (contains(m, "error fetching secret") || contains(m, "error fetching Secret") ||
        contains(m, "valid SCM creds secret")) {
        return token_cause(m, ns, pr);
    }
    if (contains(m, "rate limit") || github_status(m, "429")) {
        const auto reset = rate_limit_reset(m);
        const std::string until = reset ? fmt::format(" for another {}", *reset) : std::string();
        return {fmt::format("the PullRequest generator is rate-limited by GitHub{}{}. The limit "
                            "counts per GitHub user, so every ApplicationSet using the same token "
                            "shares it; a refresh only spends more of it",
                            until, nothing_changes(pr)),
                fmt::format("wait for the reset{}, or give the generator a dedicated token or a "
                            "GitHub App (spec.generators[].pullRequest.github.appSecretName)",
                            reset ? " (in " + *reset + ")" : std::string())};
    }
    if (github_status(m, "401") || contains(m, "Bad credentials")) {
        return {fmt::format("GitHub rejects the generator's token (401 Bad credentials): the PAT "
                            "expired or was revoked{}",
                            nothing_changes(pr)),
                "rotate the PAT and update the tokenRef Secret with the new token"};
    }
    if (github_status(m, "404") || contains(m, "repository not found") ||
        contains(m, "Not Found")) {
        return {fmt::format("the generator's token cannot see the repository (GitHub answers 404 "
                            "for a private repository the token has no access to){}",
                            nothing_changes(pr)),
                "grant the token access to the repository (a fine-grained PAT needs \"Pull "
                "requests: read\")"};
    }
    if (contains(m, "duplicate name")) {
        auto name = between(m, "duplicate name: ", " ,;\n");
        const std::string rendered =
            name && !dns1123_subdomain_problem(*name) ? " " + *name : std::string();
        if (set.clusters_generator) {
            return {fmt::format("two labelled clusters (the clusters generator selects more than "
                                "one) render the same Application name{}; only the first is "
                                "created, and it may point at the wrong cluster",
                                rendered),
                    ns.commands.list_clusters(ns.argocd_namespace), false};
        }
        return {fmt::format("two generated elements render the same Application name{} (the "
                            "template's name {} does not tell them apart); only the first is "
                            "created",
                            rendered, set.template_name.empty() ? "\"\"" : set.template_name),
                fmt::format("give the template's metadata.name a value unique to each element "
                            "(a pull request generator's {}): {}",
                            set.go_template ? "{{ .number }}" : "{{number}}",
                            ns.commands.edit_application_set(ns.argocd_namespace, set.meta.name)),
                false};
    }
    if (auto cluster = between(m, "there are no clusters with this name: ", " ,;\n")) {
        return {fmt::format("Argo CD has no cluster named {}: the Application cannot be created "
                            "(one that already exists against it is never deleted); relabel or "
                            "remove the old cluster",
                            *cluster),
                ns.commands.list_clusters(ns.argocd_namespace), false};
    }
    if (auto project = between(m, "references project ", " ")) {
        return {fmt::format("the template's project {} does not exist, so Argo CD refuses the "
                            "Application",
                            *project),
                ns.commands.list_projects(ns.argocd_namespace), false};
    }
    if (auto key = between(m, "map has no entry for key \"", "\"")) {
        return {fmt::format("the template uses {{{{ .{} }}}}, which no generator provides "
                            "(missingkey=error makes that an error){}",
                            *key, nothing_changes(pr)),
                ns.commands.edit_application_set(ns.argocd_namespace, set.meta.name)};
    }
    return {fmt::format("the ApplicationSet controller cannot generate Applications (its "
                        "message above says why){}",
                        nothing_changes(pr)),
            ns.commands.describe_application_set(ns.argocd_namespace, set.meta.name)};
}

std::string applications_sync_forbids(std::string_view policy) {
    if (policy == "create-only") {
        return "updates and deletes";
    }
    if (policy == "create-update") {
        return "deletes";
    }
    if (policy == "create-delete") {
        return "updates";
    }
    return {};
}

}  // namespace preview
