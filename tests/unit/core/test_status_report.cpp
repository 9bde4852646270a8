#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/preview_list.hpp"
#include "preview/core/status_report.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The status report of `s` for the default profile, checked to be in `phase`.
StatusReport report(const Snapshot& s, Phase phase) {
    StatusReport r = status_report_of(s, Profile{});
    CHECK(r.phase == phase);
    return r;
}

// What `list` would read of this snapshot's world: the labelled open PR (if it is one), the
// Applications with the PR label, the namespace, and the pods.
ListSnapshot as_list(const Snapshot& s) {
    ListSnapshot l;
    l.repo = {s.ref.owner, s.ref.repo, 0};
    l.now = s.now;
    std::vector<PullRequest> pulls;
    if (s.pr.ok() && s.pr->state == "open") {
        pulls.push_back(*s.pr);
    }
    l.pulls = std::move(pulls);
    std::vector<Application> apps;
    if (s.applications.ok()) {
        for (auto app : *s.applications) {
            app.meta.labels[Profile{}.pr_label] = std::to_string(s.ref.number);
            apps.push_back(std::move(app));
        }
    }
    l.applications = std::move(apps);
    std::vector<Namespace> namespaces;
    if (s.namespace_state.ok() && s.namespace_state->has_value()) {
        namespaces.push_back(**s.namespace_state);
    }
    l.namespaces = std::move(namespaces);
    for (const auto& ns : list_pod_namespaces(l, Profile{})) {
        l.pods.emplace(ns, s.pods);
    }
    return l;
}

// The snapshot cut down to the pieces `list` reads; the rest is not gathered.
Snapshot list_scope(Snapshot s) {
    s.checks = Snapshot::not_read();
    s.bot_comment = Snapshot::not_read();
    s.application_set = Snapshot::not_read();
    s.workloads = Snapshot::not_read();
    s.external_secrets = Snapshot::not_read();
    s.jobs = Snapshot::not_read();
    s.routes = Snapshot::not_read();
    s.events = Snapshot::not_read();
    s.url = Snapshot::not_read();
    s.artifacts.clear();
    return s;
}

const ListedPreview& listed(const PreviewList& list, int number) {
    for (const auto& p : list.previews) {
        if (p.number == number) {
            return p;
        }
    }
    FAIL("no preview #" << number);
    throw std::logic_error("unreachable");
}

struct Case {
    const char* name;
    std::function<void(Snapshot&)> change;
    Phase expected;
};

}  // namespace

TEST_SUITE("core::status_report") {
    TEST_CASE("list and status derive the same phase and reason wherever both have the facts") {
        const std::vector<Case> cases = {
            {"healthy", [](Snapshot&) {}, Phase::ready},
            {"crash loop behind a Progressing Application",
             [](Snapshot& s) {
                 (*s.applications)[1].health_status = "Progressing";
                 (*s.pods)[0] = waiting_pod(
                     "homerun2-core-catcher-7d9f8-abcde",
                     std::string("ghcr.io/stuttgart-things/homerun2-core-catcher:pr-42-") + kSha,
                     "CrashLoopBackOff", "", 4);
             },
             Phase::degraded},
            {"Application Degraded",
             [](Snapshot& s) {
                 (*s.applications)[2].health_status = "Degraded";
                 (*s.applications)[2].health_message = "back-off";
             },
             Phase::degraded},
            {"comparison error",
             [](Snapshot& s) {
                 (*s.applications)[1].conditions.push_back(
                     cond("ComparisonError", "", "", "failed to load: oci pull failed"));
             },
             Phase::degraded},
            {"still syncing", [](Snapshot& s) { (*s.applications)[3].sync_status = "OutOfSync"; },
             Phase::deploying},
            {"namespace not created yet",
             [](Snapshot& s) {
                 s.namespace_state = std::optional<Namespace>();
                 s.pods = std::vector<Pod>{};
             },
             Phase::deploying},
            {"namespace terminating",
             [](Snapshot& s) {
                 (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:59:00Z";
             },
             Phase::tearing_down},
            {"no Application yet",
             [](Snapshot& s) {
                 remove_deployment(s);
                 s.pods = std::vector<Pod>{};
             },
             Phase::waiting_for_argocd},
            {"the head was pushed, the Applications still ask for the old commit",
             [](Snapshot& s) {
                 s.pr->head_sha = "fedcba9876543210fedcba9876543210fedcba98";
                 (*s.applications)[0].helm_values = {
                     {"valuesObject.coreCatcher.version", "pr-42-" + std::string(kSha)}};
             },
             Phase::deploying},
        };
        for (const auto& c : cases) {
            const std::string name = c.name;
            CAPTURE(name);
            Snapshot s = healthy_snapshot();
            c.change(s);
            const StatusReport full = status_report_of(s, Profile{});
            Snapshot scope = list_scope(s);
            if (as_list(s).pods.empty()) {
                scope.pods = Snapshot::not_read();
            }
            const StatusReport scoped = status_report_of(scope, Profile{});
            const auto list = join_previews(as_list(s), Profile{});
            const ListedPreview& p = listed(list, 42);
            CHECK(full.phase == c.expected);
            CHECK(scoped.phase == full.phase);
            CHECK(p.phase == full.phase);
            CHECK(p.report.reason == full.reason);
            // Only list's ready says what it rests on: it reads no route, Job or URL.
            if (full.phase == Phase::ready) {
                CHECK(p.reason.find("list does not read the routes") != std::string::npos);
            } else {
                CHECK(p.reason == full.reason);
            }
            // Healthy previews: the list may not know the commit (no pods read), but a stale
            // one is stale in both.
            CHECK(p.report.stale() == full.stale());
        }
    }

    TEST_CASE("a PR missing from the labelled list is being torn down, never waiting") {
        Snapshot s = healthy_snapshot();
        s.pr->labels.clear();
        const auto list = join_previews(as_list(s), Profile{});
        CHECK(listed(list, 42).phase == Phase::tearing_down);
        CHECK(status_report_of(s, Profile{}).phase == Phase::tearing_down);
    }

    TEST_CASE("a piece that could not be read is unknown, never absent") {
        Snapshot s = healthy_snapshot();
        SUBCASE("the namespace") {
            s.namespace_state = Error(ErrorKind::auth, "cannot read namespace x: Unauthorized");
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "Unauthorized"));
            CHECK_FALSE(contains(r.reason, "does not exist"));
            REQUIRE(r.unknowns.size() == 1);
            CHECK(r.unknowns[0].piece == "namespace");
        }
        SUBCASE("the pods: ready cannot be claimed without them") {
            s.pods = Error(ErrorKind::permission, "cannot list pods in namespace x: forbidden");
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "cannot tell whether it is ready"));
            CHECK(contains(r.reason, "forbidden"));
        }
        SUBCASE("a piece the command did not gather is not unknown") {
            s.routes = Snapshot::not_read();
            const auto r = report(s, Phase::ready);
            CHECK(r.unknowns.empty());
            const auto routes = std::find_if(r.verdicts.begin(), r.verdicts.end(),
                                             [](const auto& v) { return v.piece == "routes"; });
            REQUIRE(routes != r.verdicts.end());
            CHECK(routes->state == PieceState::not_gathered);
        }
        SUBCASE("a namespace the source cannot show is never said not to exist") {
            // The Argo CD API shows no Namespace object: the workloads speak for it, or, where
            // none were read (list), the Applications' Synced and Healthy.
            s.namespace_state = Snapshot::not_read("the Argo CD API does not show it");
            s.workloads = Snapshot::not_read();
            s.pods = Snapshot::not_read();
            CHECK(status_report_of(s, Profile{}).phase == Phase::ready);
            // The workloads could not be read from the resource tree: unknown, not deploying
            // into a namespace that "does not exist yet".
            s.workloads = Error(ErrorKind::api, "cannot read the resource tree: 500");
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "resource tree"));
            CHECK_FALSE(contains(r.reason, "does not exist"));
        }
        SUBCASE("a closed PR is not gone while its Applications cannot be read") {
            s.pr->state = "closed";
            s.applications = Error(ErrorKind::network, "cannot list Applications: reset");
            s.namespace_state = std::optional<Namespace>();
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "reset"));
        }
    }

    TEST_CASE("no Application while the preview's namespace lives names the wrong Argo CD") {
        Snapshot s = healthy_snapshot();
        s.applications = std::vector<Application>{};
        s.application_set = std::optional<ApplicationSet>();
        SUBCASE("namespace alive: contradiction") {
            const auto r = report(s, Phase::unknown);
            CHECK(r.reason == r.contradiction);
            CHECK(contains(r.contradiction, "no ApplicationSet"));
            CHECK(contains(r.contradiction, "--argocd-context"));
            CHECK(contains(r.contradiction, "answers HTTP 200"));
        }
        SUBCASE("namespace absent: both clusters agree, Argo CD has not made it yet") {
            s.namespace_state = std::optional<Namespace>();
            const auto r = report(s, Phase::waiting_for_argocd);
            CHECK(r.contradiction.empty());
        }
    }

    TEST_CASE("without the PR the phase is unknown and says what is deployed") {
        Snapshot s = healthy_snapshot();
        s.pr = Error(ErrorKind::auth, "cannot read pull request #42: Requires authentication");
        SUBCASE("up") {
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "Requires authentication"));
            CHECK(contains(r.reason, "its environment is up"));
        }
        SUBCASE("a leftover namespace") {
            s.applications = std::vector<Application>{};
            const auto r = report(s, Phase::unknown);
            CHECK(contains(r.reason, "without an Application"));
        }
    }
}
