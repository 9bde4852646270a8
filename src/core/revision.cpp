#include "preview/core/revision.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "preview/core/status.hpp"
#include "preview/core/template_match.hpp"

namespace preview {
namespace {

constexpr std::size_t kMinSha = 7;
constexpr std::size_t kMaxSha = 40;
// As {short_sha} and the status header show a commit.
constexpr std::size_t kShortSha = 8;

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool is_sha(std::string_view text) {
    return text.size() >= kMinSha && text.size() <= kMaxSha &&
           std::all_of(text.begin(), text.end(), is_hex);
}

// The commit a name carries: by the profile's artifact templates first (exact), else by the
// `pr-<number>-<sha>` convention the templates and the AppSet share.
std::optional<std::string> sha_in(std::string_view text, const Snapshot& s,
                                  const Profile& profile) {
    for (const auto& tmpl : profile.artifacts) {
        if (auto m = template_match(tmpl, s.ref, text);
            m && m->number == s.ref.number && is_sha(m->sha)) {
            return m->sha;
        }
    }
    return pr_tag_sha(text, s.ref.number);
}

std::string without_scheme(std::string_view repo) {
    const auto scheme = repo.find("://");
    return std::string(scheme == std::string_view::npos ? repo : repo.substr(scheme + 3));
}

struct Collector {
    const Snapshot& s;
    const Profile& profile;
    RevisionJudgement& out;

    void add(RevisionSource source, std::string object, std::string field, std::string value,
             const std::string& sha, bool serving = false) {
        RevisionEvidence e{source,
                           std::move(object),
                           std::move(field),
                           std::move(value),
                           sha,
                           same_commit(sha, out.head_sha),
                           serving};
        out.evidence.push_back(std::move(e));
    }

    void applications(const Application* parent) {
        if (!s.applications.ok()) {
            return;
        }
        for (const auto& app : *s.applications) {
            const std::string object = "Application " + app.meta.name;
            if (&app == parent) {
                for (const auto& v : app.helm_values) {
                    if (auto sha = pr_tag_sha(v.value, s.ref.number)) {
                        add(RevisionSource::helm_values, object, "spec.source.helm." + v.path,
                            v.value, *sha);
                    }
                }
                continue;
            }
            const std::string ref = without_scheme(app.source_repo) + ":" + app.source_revision;
            auto sha = sha_in(ref, s, profile);
            if (!sha) {
                sha = pr_tag_sha(app.source_revision, s.ref.number);
            }
            if (sha) {
                add(RevisionSource::target_revision, object, "spec.source.targetRevision",
                    app.source_revision, *sha);
            }
            for (const auto& image : app.summary_images) {
                if (auto image_sha = sha_in(image, s, profile)) {
                    add(RevisionSource::summary_images, object, "status.summary.images", image,
                        *image_sha);
                }
            }
        }
    }

    void pods() {
        if (!s.pods.ok()) {
            return;
        }
        for (const auto& pod : *s.pods) {
            if (!pod.meta.deletion_timestamp.empty() || pod.phase == "Succeeded" ||
                pod.phase == "Failed") {
                continue;
            }
            const bool serving = pod.phase == "Running" && pod.ready;
            // The spec names the tag asked for; a pod read without its spec has the statuses'.
            std::vector<std::string> images = pod.images;
            for (const auto& c : pod.containers) {
                if (!c.init && std::find(images.begin(), images.end(), c.image) == images.end()) {
                    images.push_back(c.image);
                }
            }
            for (const auto& image : images) {
                if (auto sha = sha_in(image, s, profile)) {
                    add(RevisionSource::pod_image, "pod " + pod.meta.name, "image", image, *sha,
                        serving);
                }
            }
        }
    }

    void health() {
        if (!s.url.ok()) {
            return;
        }
        const UrlProbe& probe = *s.url;
        // `version` names the tag (pr-N-<sha>); `commit` may be the merge commit GitHub built
        // when the workflow does not check out the head (homerun2.md §2), so version goes first.
        if (auto sha = pr_tag_sha(probe.version, s.ref.number)) {
            add(RevisionSource::app_health, probe.url, "version", probe.version, *sha, true);
        } else if (is_sha(probe.commit)) {
            add(RevisionSource::app_health, probe.url, "commit", probe.commit, probe.commit, true);
        }
    }
};

bool asked(RevisionSource source) {
    return source == RevisionSource::helm_values || source == RevisionSource::target_revision ||
           source == RevisionSource::summary_images;
}

// The most frequent non-head commit among the evidence that passes `keep`.
template <class Keep>
std::string other_commit(const std::vector<RevisionEvidence>& evidence, Keep keep) {
    std::map<std::string, int> counts;
    for (const auto& e : evidence) {
        if (!e.head && keep(e)) {
            ++counts[e.sha];
        }
    }
    std::string best;
    int most = 0;
    for (const auto& [sha, n] : counts) {
        if (n > most) {
            best = sha;
            most = n;
        }
    }
    return best;
}

void decide(RevisionJudgement& j) {
    const auto& ev = j.evidence;
    auto any = [&](auto pred) { return std::any_of(ev.begin(), ev.end(), pred); };
    const bool have_pods =
        any([](const RevisionEvidence& e) { return e.source == RevisionSource::pod_image; });
    const bool asked_old =
        any([](const RevisionEvidence& e) { return asked(e.source) && !e.head; });
    const bool asked_head =
        any([](const RevisionEvidence& e) { return asked(e.source) && e.head; });
    const bool have_serving = any([](const RevisionEvidence& e) {
        return e.source == RevisionSource::pod_image && e.serving;
    });
    // Pods are the strongest witness of what serves (Ready ones first, else any that is
    // starting); the health answer stands in without them.
    auto runs = [&](const RevisionEvidence& e) {
        return have_pods ? e.source == RevisionSource::pod_image && (e.serving || !have_serving)
                         : e.source == RevisionSource::app_health;
    };
    const bool runs_old = any([&](const RevisionEvidence& e) { return runs(e) && !e.head; });
    const bool runs_head = any([&](const RevisionEvidence& e) { return runs(e) && e.head; });
    const bool any_pod_head = any(
        [](const RevisionEvidence& e) { return e.source == RevisionSource::pod_image && e.head; });

    if (runs_head && !runs_old) {
        j.verdict = RevisionVerdict::head;
        j.running_sha = j.head_sha;
        return;
    }
    if (runs_old) {
        j.running_sha = other_commit(ev, runs);
        j.verdict = (!asked_old && (asked_head || any_pod_head)) || runs_head
                        ? RevisionVerdict::rolling
                        : RevisionVerdict::stale;
        return;
    }
    // Nothing serving names a commit (pods not up yet, no health commit): what Argo CD was told.
    if (asked_old) {
        j.verdict = RevisionVerdict::stale;
        j.running_sha = other_commit(ev, [](const RevisionEvidence& e) { return asked(e.source); });
        return;
    }
    if (asked_head) {
        j.verdict = RevisionVerdict::head;
        j.running_sha = j.head_sha;
        return;
    }
    j.verdict = RevisionVerdict::unknown;
    j.why_unknown = "no pod image, Application source or health answer names a commit";
}

const Condition* appset_error(const Snapshot& s) {
    if (!s.application_set.ok() || !s.application_set->has_value()) {
        return nullptr;
    }
    const auto* err = find_condition((*s.application_set)->conditions, "ErrorOccurred");
    return err != nullptr && err->status == "True" ? err : nullptr;
}

}  // namespace

std::string_view revision_source_name(RevisionSource source) {
    switch (source) {
        case RevisionSource::helm_values:
            return "helm-values";
        case RevisionSource::target_revision:
            return "target-revision";
        case RevisionSource::summary_images:
            return "summary-images";
        case RevisionSource::pod_image:
            return "pod-image";
        case RevisionSource::app_health:
            return "app-health";
    }
    return "pod-image";
}

std::string_view revision_verdict_name(RevisionVerdict verdict) {
    switch (verdict) {
        case RevisionVerdict::head:
            return "head";
        case RevisionVerdict::rolling:
            return "rolling";
        case RevisionVerdict::stale:
            return "stale";
        case RevisionVerdict::unknown:
            return "unknown";
    }
    return "unknown";
}

bool same_commit(std::string_view a, std::string_view b) {
    if (!is_sha(a) || !is_sha(b)) {
        return false;
    }
    return a.size() <= b.size() ? b.starts_with(a) : a.starts_with(b);
}

std::string short_commit(std::string_view sha) {
    return std::string(sha.substr(0, kShortSha));
}

std::optional<std::string> pr_tag_sha(std::string_view text, int number) {
    const std::string marker = fmt::format("pr-{}-", number);
    for (auto pos = text.find(marker); pos != std::string_view::npos;
         pos = text.find(marker, pos + 1)) {
        // "pr-42-" must not be the tail of "pr-142-" or "xpr-42-".
        if (pos > 0 && std::isalnum(static_cast<unsigned char>(text[pos - 1])) != 0) {
            continue;
        }
        std::size_t end = pos + marker.size();
        while (end < text.size() && is_hex(text[end])) {
            ++end;
        }
        const auto sha = text.substr(pos + marker.size(), end - pos - marker.size());
        const bool bounded =
            end == text.size() || std::isalnum(static_cast<unsigned char>(text[end])) == 0;
        if (is_sha(sha) && bounded) {
            return std::string(sha);
        }
    }
    return std::nullopt;
}

RevisionJudgement judge_revision(const Snapshot& s, const Profile& profile) {
    RevisionJudgement j;
    if (!s.pr.ok() || !is_sha(s.pr->head_sha)) {
        j.why_unknown = s.pr.ok() ? "the PR's head commit is unknown"
                                  : "the PR could not be read: " + s.pr.error().message;
        return j;
    }
    j.head_sha = s.pr->head_sha;
    Collector collect{s, profile, j};
    collect.applications(parent_application(s));
    collect.pods();
    collect.health();
    decide(j);
    return j;
}

StaleExplanation explain_stale(const Snapshot& s, const RevisionJudgement& j) {
    const bool asked_old = std::any_of(j.evidence.begin(), j.evidence.end(),
                                       [](const auto& e) { return asked(e.source) && !e.head; });
    if (j.verdict == RevisionVerdict::rolling || !asked_old) {
        if (s.applications.ok()) {
            for (const auto& app : *s.applications) {
                if (const auto* err = application_error(app)) {
                    return {StaleCause::sync_failed, fmt::format("Application {} cannot sync: {}",
                                                                 app.meta.name, err->message)};
                }
            }
        }
        if (j.verdict == RevisionVerdict::rolling) {
            return {StaleCause::rolling_out,
                    fmt::format("rolling out {}", short_commit(j.head_sha))};
        }
    }
    if (s.application_set.ok() && s.application_set->has_value()) {
        const std::string& policy = (*s.application_set)->applications_sync;
        if (policy == "create-only" || policy == "create-delete") {
            return {StaleCause::sync_policy,
                    fmt::format("the ApplicationSet's applicationsSync policy is {}, so it never "
                                "updates a preview's Applications",
                                policy)};
        }
    }
    if (const auto* err = appset_error(s)) {
        return {StaleCause::appset_error,
                fmt::format("the ApplicationSet cannot generate Applications: {}", err->message)};
    }
    return {StaleCause::appset_not_polled, "the ApplicationSet has not picked up the push yet"};
}

std::string stale_reason(const Snapshot& s, const RevisionJudgement& j) {
    return fmt::format("runs {}, PR head is {}: {}", short_commit(j.running_sha),
                       short_commit(j.head_sha), explain_stale(s, j).text);
}

}  // namespace preview
