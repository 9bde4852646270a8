#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/argo_actions.hpp"
#include "preview/core/argo_sync.hpp"
#include "preview/core/fix_plan.hpp"
#include "preview/core/follow.hpp"
#include "preview/core/unowned.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

constexpr const char* kChild = "homerun2-core-catcher-pr-42-core-catcher";
constexpr const char* kRev = "sha256:feed";

Application& child(Snapshot& s) {
    return (*s.applications)[1];
}

// C1: automated sync gave up on kRev.
Snapshot locked_out(std::string why = "one or more objects failed to apply") {
    auto s = healthy_snapshot();
    auto& a = child(s);
    a.sync_status = "OutOfSync";
    a.sync_revision = kRev;
    a.operation_phase = "Failed";
    a.operation_message = why + " (retried 5 times).";
    a.operation_revision = kRev;
    a.conditions = {
        cond("SyncError", "", "",
             std::string("Failed sync attempt to ") + kRev + ": " + why + " (retried 5 times).")};
    return s;
}

const Finding& by_id(const std::vector<Finding>& findings, std::string_view id) {
    for (const auto& f : findings) {
        if (f.id == id) {
            return f;
        }
    }
    FAIL("no finding " << id);
    return findings.front();
}

}  // namespace

TEST_SUITE("core::argo_sync") {
    TEST_CASE("C1: the lockout revision from the SyncError or the exhausted operation") {
        auto s = locked_out();
        CHECK(lockout_revision(child(s)) == std::optional<std::string>(kRev));
        child(s).conditions.clear();
        CHECK(lockout_revision(child(s)) == std::optional<std::string>(kRev));
        child(s).operation_message = "one or more objects failed to apply";  // still retrying
        CHECK_FALSE(lockout_revision(child(s)));
        auto requested = locked_out();
        child(requested).operation_requested = true;  // a sync is already asked for
        CHECK_FALSE(lockout_revision(child(requested)));
    }

    TEST_CASE("C1: a revision that is not one is not offered back as a sync target") {
        const std::vector<std::string> odd = {"v1'$(reboot)", "abc\x1b[2J", "[a b]",
                                              std::string(257, 'a')};
        for (const auto& rev : odd) {
            CAPTURE(rev);
            auto from_condition = locked_out();  // the SyncError names it
            child(from_condition).conditions = {
                cond("SyncError", "", "", "Failed sync attempt to " + rev + ": failed")};
            CHECK_FALSE(lockout_revision(child(from_condition)));
            auto from_operation = locked_out();  // the exhausted operation names it
            child(from_operation).conditions.clear();
            child(from_operation).operation_revision = rev;
            CHECK_FALSE(lockout_revision(child(from_operation)));
            const auto findings = diagnose(from_operation, Profile{});
            CHECK(by_id(findings, "application").fix_kind != FixKind::sync_application);
            CHECK(plan_fixes(findings, from_operation, kNow).changes.empty());
        }
        auto s = locked_out();
        child(s).conditions.clear();
        for (const auto& rev :
             std::vector<std::string>{"feature/x-1.2+build@v2", std::string(256, 'a')}) {
            child(s).operation_revision = rev;
            CHECK(lockout_revision(child(s)) == std::optional<std::string>(rev));
        }
    }

    TEST_CASE("C1: application fails with the cause and the child's sync as its auto-fix") {
        auto s = locked_out();
        const auto findings = diagnose(s, Profile{});
        const auto& f = by_id(findings, "application");
        CHECK(f.status == CheckStatus::fail);
        CHECK(f.cause.find("Argo CD will not retry sha256:feed by itself") != std::string::npos);
        CHECK(f.fix_kind == FixKind::sync_application);
        CHECK(f.fix ==
              "kubectl -n argocd patch application homerun2-core-catcher-pr-42-core-catcher "
              "--type merge --field-manager=preview -p "
              "'{\"operation\":{\"initiatedBy\":{\"username\":\"preview\"},\"sync\":{\"revision\":"
              "\"sha256:feed\"}}}'");
        const auto plan = plan_fixes(findings, s, kNow);
        REQUIRE(plan.changes.size() == 1);
        CHECK(plan.changes[0].kind == IntentKind::sync_application);
        CHECK(plan.changes[0].revision == kRev);
        CHECK(plan.changes[0].object.kind == "Application");
        CHECK(plan.changes[0].object.namespace_name == "argocd");
        CHECK(plan.changes[0].object.name == kChild);
        // What the Kubernetes source shows for it (gather/kube_change) is the finding's fix.
        CHECK(kubectl_sync_command("argocd", kChild, kRev) == f.fix);
    }

    TEST_CASE("C1 while CI still builds: no sync is offered") {
        auto s = locked_out();
        s.artifacts[0] = ArtifactProbe{s.targets.artifacts[0], false, {}};
        const auto findings = diagnose(s, Profile{});
        const auto& f = by_id(findings, "application");
        CHECK(f.fix_kind != FixKind::sync_application);
    }

    TEST_CASE("C3: a cached manifest error with the artifacts present: hard refresh the child") {
        auto s = healthy_snapshot();
        child(s).sync_status = "Unknown";
        child(s).conditions = {cond("ComparisonError", "", "",
                                    "rpc error: code = Unknown desc = Manifest generation error "
                                    "(cached): failed to load: oci pull x: not found")};
        const auto findings = diagnose(s, Profile{});
        const auto& f = by_id(findings, "application");
        CHECK(f.status == CheckStatus::fail);
        CHECK(f.cause.find("replaying a cached error") != std::string::npos);
        CHECK(f.fix_kind == FixKind::hard_refresh_application);
        const auto plan = plan_fixes(findings, s, kNow);
        REQUIRE(plan.changes.size() == 1);
        CHECK(plan.changes[0].kind == IntentKind::hard_refresh_application);
        CHECK(plan.changes[0].object.name == kChild);
    }

    TEST_CASE("C4: drift in server-defaulted fields only is cosmetic, and ready") {
        auto s = healthy_snapshot();
        auto& a = child(s);
        a.sync_status = "OutOfSync";
        a.sync_revision = kRev;
        a.sync_result_revision = kRev;
        a.operation_phase = "Succeeded";
        AppResource r;
        r.kind = "HTTPRoute";
        r.name = "homerun2-core-catcher";
        r.sync_status = "OutOfSync";
        a.resources = {r};
        CHECK(cosmetic_drift(a));
        CHECK(by_id(diagnose(s, Profile{}), "application").status == CheckStatus::pass);
        CHECK(phase_of(s, Profile{}).phase == Phase::ready);
        a.resources[0].kind = "Deployment";  // a real difference
        CHECK_FALSE(cosmetic_drift(a));
        CHECK(phase_of(s, Profile{}).phase != Phase::ready);
    }

    TEST_CASE("C5: Progressing only for the HTTPRoute skips to route") {
        auto s = healthy_snapshot();
        auto& a = child(s);
        a.health_status = "Progressing";
        AppResource r;
        r.kind = "HTTPRoute";
        r.name = "homerun2-core-catcher";
        r.health_status = "Progressing";
        r.health_message = "Waiting for HTTPRoute status";
        a.resources = {r};
        const auto findings = diagnose(s, Profile{});
        const auto& f = by_id(findings, "application");
        CHECK(f.status == CheckStatus::skip);
        CHECK(f.summary.find("follows from route") != std::string::npos);
    }

    TEST_CASE("C7: the cluster name from either message") {
        auto a = app("x");
        a.conditions = {cond("InvalidSpecError", "", "",
                             "unable to find destination server: there are no clusters with "
                             "this name: homerun2-dev")};
        CHECK(missing_cluster(a) == std::optional<std::string>("homerun2-dev"));
        a.conditions = {cond("ComparisonError", "", "", "cluster \"https://10.0.0.1\" not found")};
        CHECK(missing_cluster(a) == std::optional<std::string>("https://10.0.0.1"));
        a.conditions = {cond("SyncError", "", "", "namespaces \"x\" not found")};
        CHECK_FALSE(missing_cluster(a));
    }

    TEST_CASE("namespace not found without CreateNamespace: the namespace is the root") {
        auto s = locked_out("namespaces \"homerun2-core-catcher-pr-42\" not found");
        s.namespace_state = std::optional<Namespace>();
        child(s).sync_options = {"ServerSideApply=true"};
        const auto findings = diagnose(s, Profile{});
        CHECK(by_id(findings, "namespace").status == CheckStatus::fail);
        CHECK(by_id(findings, "namespace").cause.find("CreateNamespace=true") != std::string::npos);
        CHECK(by_id(findings, "application").status == CheckStatus::skip);
        // With CreateNamespace=true the locked sync is the cause: application offers the sync.
        child(s).sync_options = {"CreateNamespace=true"};
        const auto again = diagnose(s, Profile{});
        CHECK(by_id(again, "application").fix_kind == FixKind::sync_application);
        CHECK(by_id(again, "namespace").status == CheckStatus::skip);
    }

    TEST_CASE("D2: the namespace still terminating is the root, no sync offered yet") {
        auto s = locked_out(
            "configmaps \"x\" is forbidden: unable to create new content in namespace "
            "homerun2-core-catcher-pr-42 because it is being terminated");
        (*s.namespace_state)->meta.deletion_timestamp = "2026-11-23T15:55:00Z";
        (*s.namespace_state)->phase = "Terminating";
        const auto findings = diagnose(s, Profile{});
        const auto& ns = by_id(findings, "namespace");
        CHECK(ns.status == CheckStatus::fail);
        CHECK(ns.cause.find("the previous preview's namespace is still terminating") !=
              std::string::npos);
        CHECK_FALSE(ns.auto_fix);
        CHECK(by_id(findings, "application").status == CheckStatus::skip);
        CHECK(plan_fixes(findings, s, kNow).changes.empty());
    }

    TEST_CASE("a merged PR whose namespace still runs: pr-open fails, down stops") {
        auto s = healthy_snapshot();
        s.pr->state = "closed";
        s.pr->merged = true;
        s.pr->merged_at = "2026-11-23T15:00:00Z";
        s.applications = std::vector<Application>{};
        const auto u = unowned_namespace(s);
        REQUIRE(u);
        CHECK(u->counts == "2 Deployments, 1 StatefulSet, 3 pods and 1 HTTPRoute");
        const auto findings = diagnose(s, Profile{});
        const auto& f = by_id(findings, "pr-open");
        CHECK(f.status == CheckStatus::fail);
        CHECK(f.fix == "kubectl delete namespace homerun2-core-catcher-pr-42");
        FollowState state;
        state.started = kNow;
        CHECK(follow_step(state, s, Profile{}, Goal::gone, FollowOptions{}) ==
              FollowOutcome::failed);
        CHECK(state.failure.find("nothing else will remove it") != std::string::npos);
        // An empty leftover namespace is the sweep's job: down keeps waiting.
        s.workloads = std::vector<Workload>{};
        s.pods = std::vector<Pod>{};
        s.routes = std::vector<HttpRoute>{};
        FollowState waiting;
        waiting.started = kNow;
        CHECK(follow_step(waiting, s, Profile{}, Goal::gone, FollowOptions{}) ==
              FollowOutcome::waiting);
    }
}
