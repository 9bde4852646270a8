#include <algorithm>

#include "checks.hpp"
#include <fmt/format.h>

#include "preview/core/time.hpp"

namespace preview::checks {
namespace {

Finding make(CheckStatus status, std::string summary, std::vector<std::string> evidence,
             std::string cause, std::string fix) {
    Finding f;
    f.status = status;
    f.summary = std::move(summary);
    f.evidence = std::move(evidence);
    f.cause = std::move(cause);
    f.fix = std::move(fix);
    return f;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const auto line = trim_right(text.substr(0, end));
        if (!line.empty()) {
            lines.push_back(line);
        }
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

// Logs can carry very long lines (JSON); evidence stays readable.
std::string clip(std::string_view line) {
    constexpr std::size_t kMax = 240;
    return line.size() <= kMax ? std::string(line) : std::string(line.substr(0, kMax)) + "…";
}

std::optional<std::string> run_id_in(std::string_view url) {
    constexpr std::string_view kRuns = "/actions/runs/";
    const auto at = url.find(kRuns);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string id;
    for (auto ch : url.substr(at + kRuns.size())) {
        if (ch < '0' || ch > '9') {
            break;
        }
        id += ch;
    }
    return id.empty() ? std::nullopt : std::optional<std::string>(id);
}

}  // namespace

CheckStatus Context::status_of(std::string_view id) const {
    for (const auto& f : done) {
        if (f.id == id) {
            return f.status;
        }
    }
    return CheckStatus::skip;
}

bool Context::troubled(std::string_view id) const {
    const auto status = status_of(id);
    return status == CheckStatus::fail || status == CheckStatus::warn;
}

const Namespace* Context::ns() const {
    if (!s.namespace_state.ok() || !s.namespace_state->has_value()) {
        return nullptr;
    }
    return &**s.namespace_state;
}

bool Context::ns_terminating() const {
    const auto* n = ns();
    return n != nullptr && (!n->meta.deletion_timestamp.empty() || n->phase == "Terminating");
}

std::optional<std::int64_t> Context::ns_age() const {
    const auto* n = ns();
    return n != nullptr ? age_of(s, n->meta.creation_timestamp) : std::nullopt;
}

std::string Context::ns_age_unknown() const {
    const std::string why = !s.namespace_state.ok() ? s.namespace_state.error().message
                                                    : std::string("no creation time");
    return fmt::format("the age of namespace {} is unknown ({})", s.targets.namespace_name, why);
}

Finding pass(std::string summary, std::vector<std::string> evidence) {
    return make(CheckStatus::pass, std::move(summary), std::move(evidence), {}, {});
}

Finding warn(std::string summary, std::vector<std::string> evidence, std::string cause,
             std::string fix) {
    return make(CheckStatus::warn, std::move(summary), std::move(evidence), std::move(cause),
                std::move(fix));
}

Finding fail(std::string summary, std::vector<std::string> evidence, std::string cause,
             std::string fix) {
    return make(CheckStatus::fail, std::move(summary), std::move(evidence), std::move(cause),
                std::move(fix));
}

Finding skip(std::string reason, std::vector<std::string> evidence) {
    std::string cause = reason;
    return make(CheckStatus::skip, std::move(reason), std::move(evidence), std::move(cause), {});
}

Finding with_auto_fix(Finding f, FixKind kind, std::vector<std::string> targets) {
    f.fix_kind = kind;
    f.fix_targets = std::move(targets);
    f.auto_fix = kind != FixKind::none;
    return f;
}

std::optional<std::string> requested_gate(const Context& c) {
    if (!c.s.pr.ok()) {
        return unreadable("the pull request", c.s.pr.error());
    }
    if (c.pr_closed()) {
        return c.pr()->merged ? "PR is merged" : "PR is closed";
    }
    if (!c.labelled()) {
        return fmt::format("PR has no \"{}\" label", c.s.targets.label);
    }
    return std::nullopt;
}

std::optional<std::string> namespace_gate(const Context& c) {
    if (c.pr_open() && !c.labelled()) {
        return fmt::format("PR has no \"{}\" label", c.s.targets.label);
    }
    if (c.pr_closed()) {
        return c.pr()->merged ? "PR is merged" : "PR is closed";
    }
    if (!c.s.namespace_state.ok()) {
        // A namespace this source cannot show (the Argo CD API) does not stop the checks of the
        // contents it did read; those judge only what they saw.
        if (c.s.namespace_state.error().not_gathered && c.s.pods.ok()) {
            return std::nullopt;
        }
        return unreadable("the namespace", c.s.namespace_state.error());
    }
    if (c.ns() == nullptr) {
        return "no namespace yet";
    }
    if (c.ns_terminating()) {
        return "the namespace is being deleted";
    }
    return std::nullopt;
}

std::string unreadable(std::string_view what, const Error& e) {
    return fmt::format("could not read {}: {}", what, e.message);
}

std::vector<std::string> log_tail(std::string_view log, std::string_view prefix) {
    const auto lines = lines_of(log);
    const std::size_t first = lines.size() > kLogLines ? lines.size() - kLogLines : 0;
    std::vector<std::string> out;
    for (std::size_t i = first; i < lines.size(); ++i) {
        out.push_back(std::string(prefix) + clip(lines[i]));
    }
    return out;
}

const std::string* previous_log(const Snapshot& s, const std::string& pod,
                                const std::string& container) {
    const auto it = s.logs.find(pod + "/" + container);
    return it != s.logs.end() && it->second.ok() ? &*it->second : nullptr;
}

std::optional<std::string> wrongpass_line(const Snapshot& s, const Pod& pod,
                                          const ContainerStatus& container) {
    if (container.reason != "CrashLoopBackOff") {
        return std::nullopt;
    }
    const auto* log = previous_log(s, pod.meta.name, container.name);
    if (log == nullptr) {
        return std::nullopt;
    }
    for (auto line : lines_of(*log)) {
        if (line.find("WRONGPASS") != std::string_view::npos) {
            return clip(line);
        }
    }
    return std::nullopt;
}

bool is_image_pull_reason(std::string_view reason) {
    return reason == "ImagePullBackOff" || reason == "ErrImagePull" ||
           reason == "InvalidImageName" || reason == "ErrImageNeverPull";
}

std::optional<std::string> missing_secret_in(std::string_view message) {
    // kubelet: `secret "NAME" not found` or `couldn't find key K in Secret NS/NAME`.
    if (const auto at = message.find("secret \""); at != std::string_view::npos) {
        const auto rest = message.substr(at + 8);
        const auto end = rest.find('"');
        if (end != std::string_view::npos && end > 0) {
            return std::string(rest.substr(0, end));
        }
    }
    if (const auto at = message.find("in Secret "); at != std::string_view::npos) {
        auto rest = message.substr(at + 10);
        rest = rest.substr(0, rest.find_first_of(" \n"));
        const auto slash = rest.find('/');
        return std::string(slash == std::string_view::npos ? rest : rest.substr(slash + 1));
    }
    return std::nullopt;
}

std::optional<std::string_view> explained_by(const Snapshot& s, const Pod& pod) {
    for (const auto& c : pod.containers) {
        if (c.state == "waiting" && is_image_pull_reason(c.reason)) {
            return "image-pull";
        }
        if ((c.reason == "CreateContainerConfigError" && missing_secret_in(c.message)) ||
            wrongpass_line(s, pod, c)) {
            return "secrets";
        }
    }
    return std::nullopt;
}

std::optional<CheckState> ci_state(const Context& c) {
    if (!c.s.checks.ok()) {
        return std::nullopt;
    }
    return overall_check_state(required_checks_of(*c.s.checks, c.profile));
}

std::vector<std::string> missing_artifacts(const Snapshot& s) {
    std::vector<std::string> out;
    for (const auto& a : s.artifacts) {
        if (a.ok() && !a->exists) {
            out.push_back(a->reference);
        }
    }
    return out;
}

std::string rebuild_command(const Context& c) {
    const std::string repo = repo_flag(c.s);
    if (c.s.checks.ok()) {
        // Prefer the run of a failed required check, then any required check's run.
        for (const bool failed_only : {true, false}) {
            for (const auto& run : *c.s.checks) {
                if (!is_required_check(run, c.profile) || (failed_only && !check_run_failed(run))) {
                    continue;
                }
                if (auto id = run_id_in(run.html_url)) {
                    return shell_command({"gh", "run", "rerun", *id}) +
                           (failed_only ? " --failed" : "") + repo;
                }
            }
        }
    }
    return shell_command({"gh", "pr", "checks", std::to_string(c.s.ref.number)}) + repo;
}

std::string age_text(std::int64_t seconds) {
    return format_duration(seconds);
}

std::string kubectl_ns(const Snapshot& s, std::initializer_list<std::string_view> args) {
    return needs_workload_kube(
        s, shell_command({"kubectl", "-n", s.targets.namespace_name}) + " " + shell_command(args));
}

std::string needs_workload_kube(const Snapshot& s, const std::string& command) {
    return s.sources.workload_kube
               ? command
               : "needs a kube context for the workload cluster (pass --context NAME): " + command;
}

const std::string* tree_app(const Snapshot& s, std::string_view kind, std::string_view name) {
    const auto it = s.sources.tree_apps.find(fmt::format("{}/{}", kind, name));
    return it != s.sources.tree_apps.end() ? &it->second : nullptr;
}

bool api_fixable(const Context& c, std::string_view kind, const std::vector<std::string>& names) {
    return c.argocd().annotates_tree_objects() && !c.s.sources.workload_kube && !names.empty() &&
           std::all_of(names.begin(), names.end(), [&](const std::string& name) {
               return tree_app(c.s, kind, name) != nullptr;
           });
}

bool workload_fixable(const Snapshot& s) {
    return s.sources.workload_kube;
}

std::string repo_flag(const Snapshot& s) {
    const auto slug = s.ref.repo_slug();
    return slug.empty() ? std::string() : " --repo " + shell_quote(slug);
}

std::string refresh_command(const Targets& /*t*/) {
    return "preview refresh";
}

std::string bump_route_command(const Targets& t, const std::vector<std::string>& /*routes*/) {
    return shell_command({"preview", "bump-route", std::to_string(t.number)});
}

}  // namespace preview::checks
