// Checks on what runs in the namespace: image pulls and secrets.

#include <algorithm>
#include <set>

#include "checks.hpp"
#include <fmt/format.h>

namespace preview::checks {
namespace {

enum class Tag { present, absent, unknown, unchecked };

struct StuckPull {
    const Pod* pod = nullptr;
    const ContainerStatus* container = nullptr;
    Tag tag = Tag::unchecked;
    std::string tag_text;
};

std::string without_digest(const std::string& image) {
    return image.substr(0, image.find('@'));
}

// Whether the registry has the image, when it is one of the profile's artifacts.
void judge_tag(const Snapshot& s, StuckPull& stuck) {
    const std::string image = without_digest(stuck.container->image);
    for (std::size_t i = 0; i < s.targets.artifacts.size() && i < s.artifacts.size(); ++i) {
        if (s.targets.artifacts[i] != image) {
            continue;
        }
        const auto& probe = s.artifacts[i];
        if (!probe.ok()) {
            stuck.tag = Tag::unknown;
            stuck.tag_text = "tag not checked: " + probe.error().message;
        } else if (probe->exists) {
            stuck.tag = Tag::present;
            stuck.tag_text = "tag exists in the registry";
        } else {
            stuck.tag = Tag::absent;
            stuck.tag_text = "tag is NOT in the registry";
        }
        return;
    }
    stuck.tag = Tag::unchecked;
    stuck.tag_text = "tag not checked (not one of the profile's artifacts)";
}

int severity(CheckStatus status) {
    switch (status) {
        case CheckStatus::fail:
            return 3;
        case CheckStatus::warn:
            return 2;
        case CheckStatus::skip:
            return 1;
        case CheckStatus::pass:
            return 0;
    }
    return 0;
}

// The head's tag was never built while CI failed, did not run or still runs for the head SHA:
// the cause is CI's, and so is the fix. nullopt when the tag exists or CI passed.
std::optional<Finding> never_built(const Context& c, const StuckPull& stuck,
                                   const std::string& summary,
                                   const std::vector<std::string>& evidence) {
    const auto ci = ci_state(c);
    const auto* pr = c.pr();
    if (stuck.tag == Tag::present || !ci || *ci == CheckState::passed || pr == nullptr ||
        c.pr_closed()) {
        return std::nullopt;
    }
    // An image the profile does not list is the head's build only when its tag names the head.
    if (stuck.tag != Tag::absent &&
        (pr->head_sha.empty() || stuck.container->image.find(pr->head_sha) == std::string::npos)) {
        return std::nullopt;
    }
    const auto* ci_finding = earlier_finding(c, "ci");
    const std::string fix =
        ci_finding != nullptr && !ci_finding->fix.empty() ? ci_finding->fix : rebuild_command(c);
    const std::string head = pr->head_sha.substr(0, 8);
    const bool ci_failed = *ci == CheckState::failed ||
                           (ci_finding != nullptr && ci_finding->status == CheckStatus::fail);
    const std::string why = ci_finding != nullptr && !ci_finding->summary.empty()
                                ? ci_finding->summary
                                : std::string(check_state_name(*ci));
    if (!ci_failed) {
        return warn(summary, evidence,
                    fmt::format("the tag for head {} is not built yet: {} (see ci); the kubelet "
                                "retries the pull",
                                head, why),
                    fix);
    }
    return fail(summary, evidence,
                fmt::format("the tag for head {} was never built: {} (see ci), so there is "
                            "nothing to pull",
                            head, why),
                fix);
}

// Status, cause and fix for one container that cannot pull its image.
Finding judge_pull(const Context& c, const StuckPull& stuck, const std::string& summary,
                   const std::vector<std::string>& evidence) {
    const std::string describe = kubectl_ns(c.s, {"describe", "pod", stuck.pod->meta.name});
    if (stuck.tag == Tag::present) {
        return fail(summary, evidence,
                    "the tag exists, so the node cannot fetch it: registry credentials "
                    "(imagePullSecrets, package visibility), rate limiting or the network; the "
                    "kubelet message says which",
                    describe);
    }
    if (auto from_ci = never_built(c, stuck, summary, evidence)) {
        return *from_ci;
    }
    if (stuck.tag != Tag::absent) {
        return fail(summary, evidence,
                    "unknown: the image was not checked against the registry; the kubelet message "
                    "says why the pull fails (a pinned version that was never published is a "
                    "common one)",
                    describe);
    }
    if (c.pr_closed()) {
        return warn(
            summary, evidence,
            "PR closed, the cleanup workflow deleted its packages; the preview is being "
            "removed (reopen the PR to rebuild it)",
            shell_command({"gh", "pr", "reopen", std::to_string(c.s.ref.number)}) + repo_flag(c.s));
    }
    const auto ci = ci_state(c);
    return fail(summary, evidence,
                ci == CheckState::passed
                    ? "the tag is gone although CI passed: the cleanup workflow deletes the PR's "
                      "packages when the PR is closed (closed and reopened?); re-running the "
                      "build pushes it again"
                    : "the tag is not in the registry (the CI state could not be read)",
                rebuild_command(c));
}

struct Wrongpass {
    const Pod* pod;
    const ContainerStatus* container;
    std::string line;
};

struct SecretState {
    std::vector<std::string> ready;     ///< evidence lines of the Ready ones
    std::vector<std::string> evidence;  ///< evidence lines of the others
    std::vector<std::string> not_ready;
    std::vector<std::string> unsynced;  ///< not Ready and never reported a condition
    std::vector<std::string> missing;   ///< expected by the profile, not there
    std::string first_cause;
};

SecretState secret_state(const Context& c) {
    SecretState st;
    std::set<std::string> present;
    for (const auto& es : *c.s.external_secrets) {
        present.insert(es.meta.name);
        if (external_secret_ready(es)) {
            st.ready.push_back(fmt::format("ExternalSecret {}: Ready", es.meta.name));
            continue;
        }
        st.not_ready.push_back(es.meta.name);
        const auto* ready = find_condition(es.conditions, "Ready");
        if (ready == nullptr) {
            st.unsynced.push_back(es.meta.name);
            st.evidence.push_back(
                fmt::format("ExternalSecret {}: no Ready condition yet", es.meta.name));
            continue;
        }
        st.evidence.push_back(fmt::format("ExternalSecret {}: Ready={} {}: {}", es.meta.name,
                                          ready->status, ready->reason, ready->message));
        if (st.first_cause.empty()) {
            const std::string store = es.store_name.empty()
                                          ? std::string("its store")
                                          : fmt::format("{} {}", es.store_kind, es.store_name);
            st.first_cause = fmt::format("External Secrets cannot sync {} from {}: {}",
                                         es.meta.name, store, ready->message);
        }
    }
    for (const auto& name : c.s.targets.external_secrets) {
        if (!present.contains(name)) {
            st.missing.push_back(name);
            st.evidence.push_back(fmt::format("ExternalSecret {}: does not exist", name));
        }
    }
    return st;
}

std::vector<Wrongpass> wrongpass_pods(const Snapshot& s) {
    std::vector<Wrongpass> out;
    if (!s.pods.ok()) {
        return out;
    }
    for (const auto& pod : *s.pods) {
        for (const auto& container : pod.containers) {
            if (auto line = wrongpass_line(s, pod, container)) {
                out.push_back({&pod, &container, *line});
            }
        }
    }
    return out;
}

std::string force_sync(const Context& c, const std::vector<std::string>& names) {
    // $(date +%s) is ours: the shell fills in the time when the command is pasted.
    return kubectl_ns(c.s, {"annotate", "externalsecret"}) + " " + shell_command(names) +
           " force-sync=$(date +%s) --overwrite";
}

// Without a kube context for the workload cluster: External Secrets' `refresh` resource action
// through the Argo CD API, for ExternalSecrets an Application's tree shows (actions run only on
// objects Argo CD manages); else the access needed.
std::string api_force_sync(const Context& c, const std::vector<std::string>& names) {
    std::vector<std::string> commands;
    for (const auto& name : names) {
        const auto* app = tree_app(c.s, "ExternalSecret", name);
        auto command = app != nullptr
                           ? c.argocd().tree_refresh_external_secret(c.argocd_ns(), *app, name)
                           : std::nullopt;
        if (!command) {
            return force_sync(c, names);
        }
        commands.push_back(std::move(*command));
    }
    return join(commands, " && ");
}

// WRONGPASS is a redis error: prefer the redis ExternalSecrets among those not Ready.
std::vector<std::string> wrongpass_culprits(const std::vector<std::string>& not_ready) {
    std::vector<std::string> redis;
    std::copy_if(not_ready.begin(), not_ready.end(), std::back_inserter(redis),
                 [](const std::string& name) { return name.find("redis") != std::string::npos; });
    return redis.empty() ? not_ready : redis;
}

Finding wrongpass_finding(const Context& c, const std::vector<Wrongpass>& crashes,
                          std::vector<std::string> evidence, const SecretState* st) {
    for (const auto& w : crashes) {
        evidence.push_back(fmt::format("pod {} container {}: CrashLoopBackOff, previous log: {}",
                                       w.pod->meta.name, w.container->name, w.line));
    }
    const auto& first = crashes.front();
    const std::string who = fmt::format("{} ({})", first.pod->meta.name, first.container->name);
    if (st == nullptr) {
        return fail(fmt::format("{} crash-loops with WRONGPASS", who), evidence,
                    "the container authenticates to redis with a wrong password; which "
                    "ExternalSecret is behind it could not be read",
                    kubectl_ns(c.s, {"get", "externalsecret"}));
    }
    if (!st->not_ready.empty()) {
        const auto culprits = wrongpass_culprits(st->not_ready);
        auto v = secret_verdict(
            c, culprits,
            fmt::format("External Secrets has not materialized {} yet", join(culprits, ", ")));
        evidence.insert(evidence.end(), v.evidence.begin(), v.evidence.end());
        const std::string summary =
            fmt::format("{} crash-loops with WRONGPASS: ExternalSecret {} is not Ready", who,
                        join(culprits, ", "));
        const std::string cause =
            v.cause + "; meanwhile the container uses a wrong or empty redis password";
        if (!v.force_sync) {
            return fail(summary, evidence, cause, v.fix);
        }
        return with_auto_fix(fail(summary, evidence, cause, force_sync(c, culprits)),
                             FixKind::force_sync_external_secret, culprits);
    }
    if (!st->missing.empty()) {
        return fail(fmt::format("{} crash-loops with WRONGPASS: ExternalSecret {} does not exist",
                                who, join(st->missing, ", ")),
                    evidence,
                    "Kyverno has not generated the ExternalSecrets, so the Secrets hold no "
                    "password",
                    kubectl_ns(c.s, {"get", "externalsecret"}));
    }
    evidence.insert(evidence.begin(), st->ready.begin(), st->ready.end());
    return fail(
        fmt::format("{} crash-loops with WRONGPASS although every ExternalSecret is Ready", who),
        evidence,
        "password mismatch between the Secrets: the Secret this container reads and the "
        "one redis started with hold different passwords (redis may have started before "
        "its Secret was synced, or the ExternalSecrets map different Vault keys)",
        kubectl_ns(c.s, {"describe", "externalsecret"}));
}

struct ConfigError {
    const Pod* pod;
    const ContainerStatus* container;
    std::string secret;
};

std::vector<ConfigError> config_errors(const Snapshot& s) {
    std::vector<ConfigError> out;
    if (!s.pods.ok()) {
        return out;
    }
    for (const auto& pod : *s.pods) {
        for (const auto& container : pod.containers) {
            if (container.reason != "CreateContainerConfigError") {
                continue;
            }
            if (auto secret = missing_secret_in(container.message)) {
                out.push_back({&pod, &container, *secret});
            }
        }
    }
    return out;
}

}  // namespace

Finding check_image_pull(const Context& c) {
    // A closed PR's pods are still judged: its cleanup deleting the tag is a classic.
    const bool closed_but_running = c.pr_closed() && c.ns() != nullptr && !c.ns_terminating();
    if (auto gate = namespace_gate(c); gate && !closed_but_running) {
        return skip(*gate);
    }
    if (!c.s.pods.ok()) {
        return skip(unreadable("the pods", c.s.pods.error()));
    }
    std::vector<StuckPull> stuck;
    for (const auto& pod : *c.s.pods) {
        for (const auto& container : pod.containers) {
            if (container.state == "waiting" && is_image_pull_reason(container.reason)) {
                StuckPull entry{&pod, &container, Tag::unchecked, {}};
                judge_tag(c.s, entry);
                stuck.push_back(std::move(entry));
            }
        }
    }
    if (stuck.empty()) {
        return pass(
            "no pod waits for its image",
            {fmt::format("{} pods, none in ImagePullBackOff/ErrImagePull", c.s.pods->size())});
    }
    std::vector<std::string> evidence;
    for (const auto& e : stuck) {
        evidence.push_back(fmt::format("pod {} container {}: {} {}", e.pod->meta.name,
                                       e.container->name, e.container->reason, e.container->image));
        if (!e.container->message.empty()) {
            evidence.push_back("  " + e.container->message);
        }
        evidence.push_back("  " + e.tag_text);
    }
    Finding worst;
    worst.status = CheckStatus::pass;
    for (const auto& e : stuck) {
        const std::string summary =
            stuck.size() == 1
                ? fmt::format("{} cannot pull {}", e.pod->meta.name, e.container->image)
                : fmt::format("{} containers cannot pull their image", stuck.size());
        auto judged = judge_pull(c, e, summary, evidence);
        if (severity(judged.status) > severity(worst.status)) {
            worst = std::move(judged);
        }
    }
    return worst;
}

Finding check_secrets(const Context& c) {
    if (auto gate = namespace_gate(c)) {
        return skip(*gate);
    }
    const auto crashes = wrongpass_pods(c.s);
    if (!c.s.external_secrets.ok()) {
        if (crashes.empty()) {
            return skip(unreadable("the ExternalSecrets", c.s.external_secrets.error()));
        }
        return wrongpass_finding(
            c, crashes, {unreadable("the ExternalSecrets", c.s.external_secrets.error())}, nullptr);
    }
    const auto st = secret_state(c);
    if (!crashes.empty()) {
        return wrongpass_finding(c, crashes, st.evidence, &st);
    }
    auto evidence = st.evidence;
    const auto configs = config_errors(c.s);
    for (const auto& e : configs) {
        evidence.push_back(fmt::format("pod {} container {}: CreateContainerConfigError: {}",
                                       e.pod->meta.name, e.container->name, e.container->message));
    }
    const auto age = c.ns_age();
    if (!st.not_ready.empty()) {
        const std::string names = join(st.not_ready, ", ");
        if ((!age || *age < kSettle) && st.unsynced.size() == st.not_ready.size()) {
            return warn(fmt::format("ExternalSecret {} not synced yet", names), evidence,
                        age ? std::string("External Secrets has not processed them yet; the "
                                          "namespace is new")
                            : "External Secrets has not processed them yet; cannot tell whether "
                              "that is late: " +
                                  c.ns_age_unknown());
        }
        auto v = secret_verdict(
            c, st.not_ready,
            st.first_cause.empty() ? "External Secrets has not synced them" : st.first_cause);
        evidence.insert(evidence.end(), v.evidence.begin(), v.evidence.end());
        const std::string summary = fmt::format("ExternalSecret {} is not Ready", names);
        if (!v.force_sync) {
            return fail(summary, evidence, v.cause, v.fix);
        }
        if (!workload_fixable(c.s)) {
            auto finding = fail(summary, evidence, v.cause, api_force_sync(c, st.not_ready));
            return api_fixable(c, "ExternalSecret", st.not_ready)
                       ? with_auto_fix(std::move(finding), FixKind::force_sync_external_secret,
                                       st.not_ready)
                       : finding;
        }
        return with_auto_fix(fail(summary, evidence, v.cause, force_sync(c, st.not_ready)),
                             FixKind::force_sync_external_secret, st.not_ready);
    }
    if (!st.missing.empty()) {
        const std::string names = join(st.missing, ", ");
        const std::string get = kubectl_ns(c.s, {"get", "externalsecret"});
        if (c.status_of("policies") == CheckStatus::fail) {
            return skip(fmt::format("ExternalSecret {} does not exist; follows from the policies "
                                    "check",
                                    names),
                        evidence);
        }
        if (!age || *age < kSettle) {
            return warn(fmt::format("ExternalSecret {} not created yet", names), evidence,
                        age ? std::string("Kyverno generates the ExternalSecrets when the "
                                          "namespace is created")
                            : "Kyverno generates the ExternalSecrets when the namespace is "
                              "created; cannot tell whether that is late: " +
                                  c.ns_age_unknown(),
                        get);
        }
        return fail(
            fmt::format("ExternalSecret {} does not exist", names), evidence,
            "Kyverno's generate policy has not created them: its background controller may "
            "lack RBAC for ExternalSecrets, or the policy is not installed for this cluster",
            get);
    }
    if (!configs.empty()) {
        return fail(fmt::format("{} waits for Secret {}", configs.front().pod->meta.name,
                                configs.front().secret),
                    evidence,
                    "the container references a Secret or key that does not exist, and no "
                    "ExternalSecret of the profile is behind it",
                    kubectl_ns(c.s, {"get", "externalsecret,secret"}));
    }
    if (c.s.external_secrets->empty()) {
        return pass("no ExternalSecret expected", {"the profile lists no ExternalSecrets"});
    }
    auto ready = st.ready;
    if (!c.s.pods.ok()) {
        ready.push_back("WRONGPASS crash loops not checked: " +
                        unreadable("the pods", c.s.pods.error()));
    }
    return pass(fmt::format("{} ExternalSecrets Ready", c.s.external_secrets->size()), ready);
}

}  // namespace preview::checks
