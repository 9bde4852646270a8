#include "preview/core/preview_list.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "preview/core/template_match.hpp"
#include "preview/core/time.hpp"

namespace preview {
namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool terminating(const Namespace& ns) {
    return ns.phase == "Terminating" || !ns.meta.deletion_timestamp.empty();
}

std::string rendered(std::string_view tmpl, const PrRef& pr) {
    auto text = render_template(tmpl, pr, "");
    return text.ok() ? text.value() : std::string();
}

// The number an Application belongs to: its PR label, else its name.
std::optional<int> application_number(const Application& app, const Profile& profile,
                                      const PrRef& repo) {
    if (const auto it = app.meta.labels.find(profile.pr_label); it != app.meta.labels.end()) {
        int value = 0;
        const auto& text = it->second;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size() && value > 0) {
            return value;
        }
    }
    return template_number(profile.application, repo, app.meta.name);
}

std::optional<std::int64_t> age(std::int64_t now, std::string_view timestamp) {
    const auto at = parse_rfc3339(timestamp);
    if (!at) {
        return std::nullopt;
    }
    return std::max<std::int64_t>(0, now - *at);
}

Targets targets_for(const Profile& profile, const PrRef& pr) {
    auto targets = render_targets(profile, pr, "");
    if (targets.ok()) {
        return std::move(targets.value());
    }
    // A name the profile cannot render for this number: judge with what renders.
    Targets t;
    t.number = pr.number;
    t.label = profile.label;
    t.argocd_namespace = profile.argocd_namespace;
    t.application_set = profile.application_set;
    t.application = rendered(profile.application, pr);
    t.namespace_name = rendered(profile.namespace_template, pr);
    return t;
}

// The part of the list's facts that concern one preview, as the snapshot `status` would judge.
Snapshot snapshot_of(const ListedPreview& p, const ListSnapshot& snap, const Profile& profile) {
    Snapshot s;
    s.ref = snap.repo;
    s.ref.number = p.number;
    s.targets = targets_for(profile, s.ref);
    s.now = snap.now;
    if (p.pr) {
        s.pr = *p.pr;
    } else if (!snap.pulls.ok()) {
        s.pr = snap.pulls.error();
    }
    if (snap.applications.ok()) {
        s.applications = p.applications;
    } else {
        s.applications = snap.applications.error();
    }
    if (snap.namespaces.ok()) {
        s.namespace_state = p.namespace_state;
    } else {
        s.namespace_state = snap.namespaces.error();
    }
    if (const auto it = snap.pods.find(p.namespace_name); it != snap.pods.end()) {
        s.pods = it->second;
    }
    return s;
}

// `list` reads no routes, Jobs or URL, so its "ready" rests on fewer facts than `status`'s: the
// reason says which, instead of the rosier "everything is up". Through the Argo CD API it reads
// no namespace either: Applications Synced and Healthy vouch for what they deploy into it.
std::string list_ready_reason(const ListedPreview& p, const Snapshot& s) {
    const bool head = p.report.revision.verdict == RevisionVerdict::head;
    const bool ns_not_gathered = !s.namespace_state.ok() && not_gathered(s.namespace_state.error());
    return fmt::format(
        "Argo CD reports every Application Synced and Healthy{}; list does not read "
        "the routes, the seed Job or the URL (`preview status {}` does){}",
        head ? " and the PR head runs" : "", p.number,
        ns_not_gathered ? fmt::format(", nor the namespace ({})", s.namespace_state.error().message)
                        : std::string());
}

// A preview list wanted the pods of (an Application is not Synced and Healthy) whose pods could
// not be gathered: "deploying" rests on Argo CD's word alone, and a crash loop may hide behind it.
std::string list_deploying_reason(const ListedPreview& p, const Snapshot& s,
                                  const ListSnapshot& snap) {
    const bool pods_wanted = snap.pods.count(p.namespace_name) != 0;
    if (!pods_wanted || s.pods.ok() || !not_gathered(s.pods.error())) {
        return p.report.reason;
    }
    return fmt::format(
        "{}; list did not read its pods ({}): `preview status {}` tells a crash loop from a "
        "rollout",
        p.report.reason, s.pods.error().message, p.number);
}

// Without a namespace template (a repository with no profile whose ApplicationSet names no
// namespace per PR), the namespace is the one the Application deploys to; the Argo CD namespace
// itself is where an app-of-apps parent renders its children, never a preview's.
void attach_destination_namespace(ListedPreview& p, const ListSnapshot& snap,
                                  const Profile& profile) {
    for (const auto& app : p.applications) {
        if (!app.destination_namespace.empty() &&
            app.destination_namespace != profile.argocd_namespace) {
            p.namespace_name = app.destination_namespace;
            break;
        }
    }
    if (p.namespace_name.empty() || !snap.namespaces.ok()) {
        return;
    }
    for (const auto& ns : *snap.namespaces) {
        if (ns.meta.name == p.namespace_name) {
            p.namespace_state = ns;
        }
    }
}

// What makes a PR a preview's: its gate label, or (none) the ApplicationSet's generator.
std::string gate_text(const std::string& label) {
    return label.empty() ? std::string("matches the ApplicationSet's pull request generator")
                         : fmt::format("carries the label \"{}\"", label);
}

void add_orphans(ListedPreview& p, const ListSnapshot& snap, const std::string& label) {
    const bool pulls = snap.pulls.ok();
    const bool apps = snap.applications.ok();
    const bool namespaces = snap.namespaces.ok();
    if (pulls && !p.pr && p.namespace_state && !terminating(*p.namespace_state)) {
        p.orphans.push_back(
            {OrphanKind::namespace_without_pr,
             fmt::format("namespace {} exists, but no open pull request #{} {}: Argo CD did not "
                         "remove it (missing resources finalizer, or the Application was deleted "
                         "by hand)",
                         p.namespace_name, p.number, gate_text(label))});
    }
    if (pulls && apps && p.pr && p.applications.empty()) {
        p.orphans.push_back(
            {OrphanKind::pr_without_application,
             fmt::format("#{} {}, but there is no Application: the ApplicationSet has not "
                         "polled since (run `preview refresh`) or cannot render it (`preview "
                         "doctor {}`)",
                         p.number, gate_text(label), p.number)});
    }
    if (apps && namespaces && !p.applications.empty() && !p.namespace_state &&
        !p.namespace_name.empty()) {
        p.orphans.push_back(
            {OrphanKind::application_without_namespace,
             fmt::format("Application {} exists, but namespace {} does not: the first sync has "
                         "not run or failed (`preview doctor {}`)",
                         p.applications.front().meta.name, p.namespace_name, p.number)});
    }
    if (pulls && apps && !p.pr && !p.applications.empty()) {
        const bool deleting =
            std::all_of(p.applications.begin(), p.applications.end(),
                        [](const Application& a) { return !a.meta.deletion_timestamp.empty(); });
        if (!deleting) {
            p.orphans.push_back(
                {OrphanKind::application_without_pr,
                 fmt::format("Application {} exists, but no open pull request #{} {}: the "
                             "ApplicationSet has not polled since (run `preview refresh`)",
                             p.applications.front().meta.name, p.number, gate_text(label))});
        }
    }
}

}  // namespace

std::vector<Application> own_applications(std::vector<Application> apps, const Profile& profile,
                                          const PrRef& repo) {
    if (profile.application_set.empty()) {
        return apps;
    }
    std::erase_if(apps, [&](const Application& app) {
        bool by_a_set = false;
        for (const auto& owner : app.meta.owners) {
            if (owner.kind == "ApplicationSet") {
                if (owner.name == profile.application_set) {
                    return false;
                }
                by_a_set = true;
            }
        }
        if (by_a_set) {
            return true;
        }
        const auto number = application_number(app, profile, repo);
        if (!number) {
            return false;  // the join cannot place it either
        }
        PrRef pr = repo;
        pr.number = *number;
        const std::string parent = rendered(profile.application, pr);
        return !(app.meta.name == parent || app.meta.name.starts_with(parent + "-"));
    });
    return apps;
}

std::vector<std::string> list_pod_namespaces(const ListSnapshot& snap, const Profile& profile) {
    if (!snap.applications.ok()) {
        return {};
    }
    std::set<std::string> names;
    for (const auto& app : *snap.applications) {
        if (app.sync_status == "Synced" && app.health_status == "Healthy") {
            continue;
        }
        const auto number = application_number(app, profile, snap.repo);
        if (!number) {
            continue;
        }
        PrRef pr = snap.repo;
        pr.number = *number;
        std::string name = rendered(profile.namespace_template, pr);
        // A namespace the list shows absent has no pods; an unreadable list tells nothing.
        const bool absent =
            snap.namespaces.ok() &&
            std::none_of(snap.namespaces->begin(), snap.namespaces->end(),
                         [&name](const Namespace& ns) { return ns.meta.name == name; });
        if (!name.empty() && !absent) {
            names.insert(std::move(name));
        }
    }
    return {names.begin(), names.end()};
}

std::string_view orphan_kind_name(OrphanKind kind) {
    switch (kind) {
        case OrphanKind::namespace_without_pr:
            return "namespace-without-pr";
        case OrphanKind::pr_without_application:
            return "pr-without-application";
        case OrphanKind::application_without_namespace:
            return "application-without-namespace";
        case OrphanKind::application_without_pr:
            return "application-without-pr";
    }
    return "unknown";
}

std::string revision_sha(std::string_view revision) {
    for (std::size_t start = 0; start + 40 <= revision.size(); ++start) {
        if (start > 0 && is_hex(revision[start - 1])) {
            continue;  // must begin a hex run, so a 64-hex digest does not yield a SHA
        }
        std::size_t len = 0;
        while (start + len < revision.size() && is_hex(revision[start + len])) {
            ++len;
        }
        if (len == 40) {
            return std::string(revision.substr(start, 40));
        }
        start += len;
    }
    return {};
}

PreviewList join_previews(const ListSnapshot& snap, const Profile& profile) {
    PreviewList list;
    std::map<int, ListedPreview, std::greater<>> by_number;
    auto entry = [&](int number) -> ListedPreview& {
        ListedPreview& p = by_number[number];
        p.number = number;
        return p;
    };

    if (snap.pulls.ok()) {
        for (const auto& pr : snap.pulls.value()) {
            if (pr.number > 0 && pr.state != "closed" && has_label(pr, profile.label)) {
                entry(pr.number).pr = pr;
            }
        }
    } else {
        list.errors.push_back({"pulls", snap.pulls.error()});
    }
    if (snap.applications.ok()) {
        for (const auto& app : snap.applications.value()) {
            if (const auto number = application_number(app, profile, snap.repo)) {
                entry(*number).applications.push_back(app);
            }
        }
    } else {
        list.errors.push_back({"applications", snap.applications.error()});
    }
    if (snap.namespaces.ok()) {
        for (const auto& ns : snap.namespaces.value()) {
            if (const auto number =
                    template_number(profile.namespace_template, snap.repo, ns.meta.name)) {
                entry(*number).namespace_state = ns;
            }
        }
    } else if (!not_gathered(snap.namespaces.error())) {
        // Not gathered (the Argo CD API shows no namespaces) is not a failed read: the phases
        // and reasons say what they rest on.
        list.errors.push_back({"namespaces", snap.namespaces.error()});
    }
    for (const auto& [name, pods] : snap.pods) {
        if (!pods.ok() && !not_gathered(pods.error())) {
            list.errors.push_back({"pods", pods.error()});
        }
    }

    for (auto& [number, p] : by_number) {
        PrRef pr = snap.repo;
        pr.number = number;
        p.namespace_name = rendered(profile.namespace_template, pr);
        if (p.namespace_name.empty()) {
            attach_destination_namespace(p, snap, profile);
        }
        p.url = profile.url.empty() ? std::string() : rendered(profile.url, pr);
        const std::string parent = rendered(profile.application, pr);
        std::stable_sort(p.applications.begin(), p.applications.end(),
                         [&parent](const Application& a, const Application& b) {
                             const bool a_parent = a.meta.name == parent;
                             const bool b_parent = b.meta.name == parent;
                             return a_parent != b_parent ? a_parent : a.meta.name < b.meta.name;
                         });
        // Only the templated spec revision: status.sync.revision of a Git source is the commit
        // of the repository holding the manifests, not of the PR.
        for (const auto& app : p.applications) {
            p.sha = revision_sha(app.source_revision);
            if (!p.sha.empty()) {
                break;
            }
        }
        if (p.namespace_state) {
            p.age_seconds = age(snap.now, p.namespace_state->meta.creation_timestamp);
        }
        for (const auto& app : p.applications) {
            const auto a = age(snap.now, app.meta.creation_timestamp);
            if (!p.namespace_state && a && (!p.age_seconds || *a > *p.age_seconds)) {
                p.age_seconds = a;
            }
        }
        const bool not_listed = snap.pulls.ok() && !p.pr;
        const Snapshot judged = snapshot_of(p, snap, profile);
        p.report = status_report_of(
            judged, profile, not_listed ? PrStanding::not_listed : PrStanding::from_snapshot);
        p.phase = p.report.phase;
        if (p.phase == Phase::ready) {
            p.reason = list_ready_reason(p, judged);
        } else if (p.phase == Phase::deploying) {
            p.reason = list_deploying_reason(p, judged, snap);
        } else {
            p.reason = p.report.reason;
        }
        add_orphans(p, snap, profile.label);
        list.previews.push_back(std::move(p));
    }
    return list;
}

}  // namespace preview
