#include <functional>

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::vector<std::string> kIds = {"pr-open",  "label",       "ci",       "artifacts",
                                       "appset",   "application", "revision", "namespace",
                                       "policies", "image-pull",  "secrets",  "workloads",
                                       "gateway",  "route",       "seed",     "url"};

}  // namespace

TEST_SUITE("core::diagnosis") {
    TEST_CASE("the checklist has the contract's ids in order, each described") {
        const auto infos = list_checks();
        REQUIRE(infos.size() == kIds.size());
        for (std::size_t i = 0; i < kIds.size(); ++i) {
            CHECK(infos[i].id == kIds[i]);
            CHECK_FALSE(infos[i].title.empty());
            CHECK_FALSE(infos[i].checks.empty());
        }
        const auto findings = diagnose(healthy_snapshot(), Profile{});
        REQUIRE(findings.size() == kIds.size());
        for (std::size_t i = 0; i < kIds.size(); ++i) {
            CHECK(findings[i].id == kIds[i]);
            CHECK(findings[i].title == infos[i].title);
        }
    }

    TEST_CASE("a healthy preview passes every check") {
        for (const auto& f : diagnose(healthy_snapshot(), Profile{})) {
            CHECK_MESSAGE(f.status == CheckStatus::pass, f.id << ": " << f.summary);
            CHECK_MESSAGE(!f.evidence.empty(), f.id);
            CHECK_FALSE(f.auto_fix);
        }
        const auto summary = summarize_findings(diagnose(healthy_snapshot(), Profile{}));
        CHECK(summary.pass == 16);
        CHECK(summary.fail + summary.warn + summary.skip == 0);
    }

    TEST_CASE("status names") {
        CHECK(check_status_name(CheckStatus::pass) == "pass");
        CHECK(check_status_name(CheckStatus::fail) == "fail");
        CHECK(check_status_name(CheckStatus::warn) == "warn");
        CHECK(check_status_name(CheckStatus::skip) == "skip");
    }

    TEST_CASE("summarize_findings counts by status") {
        std::vector<Finding> findings(6);
        findings[0].status = CheckStatus::pass;
        findings[1].status = CheckStatus::fail;
        findings[2].status = CheckStatus::fail;
        findings[3].status = CheckStatus::warn;
        findings[4].status = CheckStatus::skip;
        findings[5].status = CheckStatus::pass;
        const auto s = summarize_findings(findings);
        CHECK(s.pass == 2);
        CHECK(s.fail == 2);
        CHECK(s.warn == 1);
        CHECK(s.skip == 1);
    }

    TEST_CASE("--check keeps the named checks in checklist order") {
        auto selected =
            select_findings(diagnose(healthy_snapshot(), Profile{}), {"route", "label"});
        REQUIRE(selected.ok());
        REQUIRE(selected->size() == 2);
        CHECK((*selected)[0].id == "label");
        CHECK((*selected)[1].id == "route");
        auto all = select_findings(diagnose(healthy_snapshot(), Profile{}), {});
        REQUIRE(all.ok());
        CHECK(all->size() == kIds.size());
    }

    TEST_CASE("--check with an unknown id is a usage error listing the ids") {
        auto selected = select_findings(diagnose(healthy_snapshot(), Profile{}), {"label", "dns"});
        REQUIRE_FALSE(selected.ok());
        CHECK(selected.error().kind == ErrorKind::usage);
        CHECK(contains(selected.error().message, "\"dns\""));
        for (const auto& id : kIds) {
            CHECK(contains(selected.error().message, id));
        }
        CHECK(validate_check_ids({"seed", "url"}).ok());
        CHECK_FALSE(validate_check_ids({"Seed"}).ok());
    }

    TEST_CASE("unreadable input is skip with the reason, never pass") {
        const Error denied{ErrorKind::permission, "forbidden: cannot list"};
        const std::vector<std::pair<std::string, std::function<void(Snapshot&)>>> cases = {
            {"pr-open", [&](Snapshot& s) { s.pr = denied; }},
            {"label", [&](Snapshot& s) { s.pr = denied; }},
            {"ci", [&](Snapshot& s) { s.checks = denied; }},
            {"artifacts", [&](Snapshot& s) { s.artifacts[1] = denied; }},
            {"appset", [&](Snapshot& s) { s.application_set = denied; }},
            {"application", [&](Snapshot& s) { s.applications = denied; }},
            {"namespace", [&](Snapshot& s) { s.namespace_state = denied; }},
            {"image-pull", [&](Snapshot& s) { s.pods = denied; }},
            {"secrets", [&](Snapshot& s) { s.external_secrets = denied; }},
            {"workloads", [&](Snapshot& s) { s.workloads = denied; }},
            {"route", [&](Snapshot& s) { s.routes = denied; }},
            {"seed", [&](Snapshot& s) { s.jobs = denied; }},
            {"url", [&](Snapshot& s) { s.url = denied; }},
        };
        for (const auto& [id, spoil] : cases) {
            auto s = healthy_snapshot();
            spoil(s);
            const auto f = check(s, id);
            CHECK_MESSAGE(f.status == CheckStatus::skip, id);
            CHECK_MESSAGE(contains(f.cause, "forbidden"), id << ": " << f.cause);
        }
    }

    TEST_CASE("nothing gathered: no check passes") {
        Snapshot s;
        s.ref = {"stuttgart-things", "homerun2-core-catcher", 42};
        s.targets = render_targets(Profile{}, s.ref, kSha).value();
        s.now = kNow;
        for (const auto& f : diagnose(s, Profile{})) {
            CHECK_MESSAGE(f.status == CheckStatus::skip, f.id << ": " << f.summary);
            CHECK_FALSE(f.cause.empty());
        }
    }

    TEST_CASE("root cause first: an open PR without the label fails only `label`") {
        auto s = healthy_snapshot();
        s.pr->labels = {"dependencies"};
        s.bot_comment = std::optional<BotComment>();
        remove_deployment(s);
        const auto findings = diagnose(s, Profile{});
        for (const auto& f : findings) {
            if (f.id == "label") {
                CHECK(f.status == CheckStatus::fail);
                CHECK(f.fix ==
                      "gh pr edit 42 --repo stuttgart-things/homerun2-core-catcher "
                      "--add-label preview");
                CHECK(f.auto_fix);
                CHECK(f.fix_kind == FixKind::add_label);
                CHECK(f.fix_targets == std::vector<std::string>{"preview"});
                CHECK(has_evidence(f, "labels: dependencies"));
                CHECK(has_evidence(f, "no preview-bot comment"));
                CHECK(has_evidence(f, "does not exist"));
            } else if (f.id == "pr-open") {
                CHECK(f.status == CheckStatus::pass);
            } else {
                CHECK_MESSAGE(f.status == CheckStatus::skip, f.id);
                CHECK_MESSAGE(contains(f.cause, "no \"preview\" label"), f.id << ": " << f.cause);
            }
        }
    }

    TEST_CASE("a closed PR with nothing left is healthy") {
        for (const bool merged : {false, true}) {
            const auto findings = diagnose(closed_gone_snapshot(merged), Profile{});
            CHECK(summarize_findings(findings).fail == 0);
            CHECK(summarize_findings(findings).warn == 0);
            CHECK(findings[0].status == CheckStatus::pass);
            CHECK(contains(findings[0].summary, merged ? "merged" : "closed"));
            CHECK(contains(findings[0].summary, "nothing of its preview is left"));
            CHECK(check(closed_gone_snapshot(merged), "namespace").status == CheckStatus::pass);
        }
    }

    TEST_CASE("pr-open") {
        SUBCASE("a PR that does not exist fails") {
            auto s = healthy_snapshot();
            s.pr = Error{ErrorKind::not_found, "pull request #42 not found"};
            const auto f = check(s, "pr-open", CheckStatus::fail);
            CHECK(has_evidence(f, "not found"));
        }
        SUBCASE("closed with Applications left: warn while the teardown is young, then fail") {
            auto s = healthy_snapshot();
            s.pr->state = "closed";
            s.pr->closed_at = "2026-11-23T15:55:00Z";
            auto f = check(s, "pr-open");
            CHECK(f.status == CheckStatus::warn);
            CHECK(f.fix == "preview refresh");
            CHECK(f.fix_kind == FixKind::refresh_application_set);
            s.pr->closed_at = "2026-11-23T12:00:00Z";
            f = check(s, "pr-open");
            CHECK(f.status == CheckStatus::fail);
            CHECK(has_evidence(f, "Application homerun2-core-catcher-pr-42: still exists"));
            CHECK(f.fix == "kubectl -n argocd describe application homerun2-core-catcher-pr-42");
        }
        SUBCASE("closed with an empty namespace shell: warn, then fail after the sweep window") {
            auto s = closed_gone_snapshot();
            s.namespace_state = healthy_snapshot().namespace_state;
            s.pr->closed_at = "2026-11-23T15:30:00Z";
            CHECK(check(s, "pr-open").status == CheckStatus::warn);
            s.pr->closed_at = "2026-11-23T10:00:00Z";
            const auto f = check(s, "pr-open", CheckStatus::fail);
            CHECK(f.fix == "kubectl delete namespace homerun2-core-catcher-pr-42");
        }
        SUBCASE("closed, but what is left could not be read: skip") {
            auto s = closed_gone_snapshot();
            s.applications = Error{ErrorKind::network, "connection refused"};
            CHECK(check(s, "pr-open").status == CheckStatus::skip);
        }
    }

    TEST_CASE("label") {
        CHECK(check(healthy_snapshot(), "label").status == CheckStatus::pass);
        CHECK(check(closed_gone_snapshot(), "label").status == CheckStatus::skip);
    }

    TEST_CASE("ci") {
        auto s = healthy_snapshot();
        s.checks = std::vector<CheckRun>{
            check_run("build-pr / Build, Scan & Push Image", "completed", "success", "111"),
            check_run("push-kustomize / Push kustomize base via Dagger", "completed", "success",
                      "222"),
            check_run("Lint-Repository / Repository Linting", "completed", "success", "333")};
        SUBCASE("green") {
            const auto f = check(s, "ci", CheckStatus::pass);
            CHECK(has_evidence(f, "build-pr / Build, Scan & Push Image: success"));
        }
        SUBCASE("a failed required check fails with name, conclusion and URL") {
            (*s.checks)[1].conclusion = "failure";
            const auto f = check(s, "ci", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "push-kustomize / Push kustomize base via Dagger: failure "
                               "https://github.com/stuttgart-things/homerun2-core-catcher/"
                               "actions/runs/222/job/42"));
            CHECK(f.fix ==
                  "gh run rerun 222 --failed --repo stuttgart-things/homerun2-core-catcher");
            CHECK_FALSE(f.auto_fix);
        }
        SUBCASE("a failed check that is not required does not matter") {
            (*s.checks)[2].conclusion = "failure";
            CHECK(check(s, "ci").status == CheckStatus::pass);
        }
        SUBCASE("running warns") {
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion = "";
            const auto f = check(s, "ci", CheckStatus::warn);
            CHECK(has_evidence(f, "build-pr / Build, Scan & Push Image: in_progress"));
            CHECK(contains(f.fix, "--watch"));
        }
        SUBCASE("no run yet warns") {
            s.checks = std::vector<CheckRun>{};
            const auto f = check(s, "ci", CheckStatus::warn);
            CHECK(has_evidence(f, "build-pr: no check run for 01234567 yet"));
        }
    }

    TEST_CASE("artifacts") {
        auto s = healthy_snapshot();
        CHECK(check(s, "artifacts").status == CheckStatus::pass);
        s.artifacts[0] = ArtifactProbe{s.targets.artifacts[0], false, {}};
        SUBCASE("missing although CI passed fails") {
            const auto f = check(s, "artifacts", CheckStatus::fail);
            CHECK(has_evidence(f, s.targets.artifacts[0] + ": not in the registry"));
            CHECK(contains(f.cause, "CI passed"));
        }
        SUBCASE("missing while CI runs warns") {
            (*s.checks)[0].status = "in_progress";
            (*s.checks)[0].conclusion = "";
            CHECK(check(s, "artifacts").status == CheckStatus::warn);
        }
        SUBCASE("missing after CI failed follows from ci") {
            (*s.checks)[0].conclusion = "failure";
            const auto f = check(s, "artifacts", CheckStatus::skip);
            CHECK(contains(f.cause, "CI"));
        }
    }

    TEST_CASE("appset") {
        auto s = healthy_snapshot();
        SUBCASE("missing fails") {
            s.application_set = std::optional<ApplicationSet>();
            const auto f = check(s, "appset", CheckStatus::fail);
            CHECK(f.fix == "kubectl -n argocd get applicationsets");
            CHECK(check(s, "application").status == CheckStatus::pass);
        }
        SUBCASE("ErrorOccurred=True fails with its message while the PR looks fine") {
            (*s.application_set)->conditions[0] =
                cond("ErrorOccurred", "True", "ApplicationValidationError",
                     "ApplicationSet homerun2-core-catcher-pr-preview contains applications with "
                     "duplicate name: homerun2-core-catcher-pr-42");
            const auto f = check(s, "appset", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "contains applications with duplicate name: "
                               "homerun2-core-catcher-pr-42"));
            CHECK(contains(f.cause, "only the first is created"));
            CHECK(check(s, "label").status == CheckStatus::pass);
            CHECK(check(s, "application").status == CheckStatus::pass);
        }
    }

    TEST_CASE("application") {
        auto s = healthy_snapshot();
        SUBCASE("labelled PR without a parent Application: refresh the ApplicationSet") {
            remove_deployment(s);
            const auto f = check(s, "application", CheckStatus::fail);
            CHECK(f.fix == "preview refresh");
            CHECK(f.auto_fix);
            CHECK(f.fix_kind == FixKind::refresh_application_set);
            CHECK(f.fix_targets == std::vector<std::string>{"homerun2-core-catcher-pr-preview"});
            CHECK(contains(f.cause, "has not polled yet (every 1800 s)"));
            const auto findings = diagnose(s, Profile{});
            CHECK(summarize_findings(findings).fail == 1);
            CHECK(check(s, "namespace").status == CheckStatus::skip);
            CHECK(check(s, "url").status == CheckStatus::skip);
        }
        SUBCASE("no parent because the ApplicationSet is missing follows from appset") {
            s.applications = std::vector<Application>{};
            s.application_set = std::optional<ApplicationSet>();
            CHECK(check(s, "application").status == CheckStatus::skip);
        }
    }

    TEST_CASE("application errors") {
        auto s = healthy_snapshot();
        const std::string oci =
            "failed to load: oci pull ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:"
            "pr-42-0123456789abcdef0123456789abcdef01234567: not found";
        (*s.applications)[1].conditions = {cond("ComparisonError", "", "", oci)};
        (*s.applications)[1].sync_status = "Unknown";
        SUBCASE("an error is quoted verbatim; CI still running is the cause") {
            (*s.checks)[1].status = "in_progress";
            (*s.checks)[1].conclusion = "";
            const auto f = check(s, "application", CheckStatus::warn);
            CHECK(has_evidence(f, oci));
            CHECK(contains(f.cause, "image / kustomize OCI build is still running"));
        }
        SUBCASE("CI failed is the cause") {
            (*s.checks)[1].conclusion = "failure";
            const auto f = check(s, "application");
            CHECK(has_evidence(f, oci));
            CHECK(
                contains(f.cause, "OCI tag Argo CD pulls was never built: push-kustomize failed"));
        }
        SUBCASE("CI never ran (merge conflicts, A1): the ci finding's cause and fix, not running") {
            s.checks = std::vector<CheckRun>{};
            s.pr->mergeable_state = "dirty";
            const auto f = check(s, "application", CheckStatus::warn);
            CHECK_FALSE(contains(f.cause, "still running"));
            CHECK(contains(f.cause, "was never built: PR #42 has merge conflicts"));
            CHECK(contains(f.fix, "merge or rebase"));
        }
        SUBCASE("CI waits for approval (A2): not a failed build") {
            (*s.checks)[0].conclusion = "action_required";
            const auto f = check(s, "application");
            CHECK_FALSE(contains(f.cause, "build failed"));
            CHECK(contains(f.cause, "never built: build-pr waits for approval (see ci)"));
            CHECK(f.fix == check(s, "ci").fix);
        }
        SUBCASE("a missing artifact is the cause") {
            s.artifacts[1] = ArtifactProbe{s.targets.artifacts[1], false, {}};
            const auto f = check(s, "application");
            CHECK(contains(f.cause,
                           "has not published "
                           "ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize:pr-42-"));
        }
        SUBCASE("artifacts present and CI green: Argo CD itself fails to fetch") {
            (*s.applications)[1].conditions = {
                cond("ComparisonError", "", "", "failed to list refs: repository not found")};
            const auto f = check(s, "application", CheckStatus::fail);
            CHECK(has_evidence(f,
                               "homerun2-core-catcher-pr-42-core-catcher: ComparisonError: "
                               "failed to list refs: repository not found"));
            CHECK(contains(f.cause, "oci://"));
        }
        SUBCASE("Degraded warns and points at the live objects") {
            (*s.applications)[1].conditions.clear();
            (*s.applications)[1].sync_status = "Synced";
            (*s.applications)[1].health_status = "Degraded";
            const auto f = check(s, "application", CheckStatus::warn);
            CHECK(contains(f.summary, "Degraded"));
        }
    }
}
