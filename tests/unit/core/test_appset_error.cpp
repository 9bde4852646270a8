#include <string>
#include <vector>

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/appset_error.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

ApplicationSet appset_with(std::string reason, std::string message) {
    ApplicationSet set;
    set.meta.name = "homerun2-core-catcher-pr-preview";
    set.conditions = {cond("ErrorOccurred", "True", std::move(reason), std::move(message))};
    return set;
}

AppSetErrorCause explain(const ApplicationSet& set, bool kube = true) {
    return explain_appset_error(
        *appset_error_condition(set), set,
        {"argocd", kube ? argocd_kubectl_commands() : argocd_cli_commands()}, 42);
}

constexpr const char* kFetch =
    "failed to select pull request service provider: error fetching Secret token: ";

// An ApplicationSet error (reason and message), and what its cause and fix must say.
struct Told {
    const char* name;
    const char* reason;
    std::string message;
    std::vector<std::string> in_cause;
    std::string in_fix;  // not checked when empty
    std::string fix;     // the whole fix; not checked when empty
};

void check_told(const Told& t) {
    const auto why = explain(appset_with(t.reason, t.message));
    for (const auto& part : t.in_cause) {
        CHECK_MESSAGE(contains(why.cause, part), part);
    }
    if (!t.in_fix.empty()) {
        CHECK(contains(why.fix, t.in_fix));
    }
    if (!t.fix.empty()) {
        CHECK(why.fix == t.fix);
    }
}

}  // namespace

TEST_SUITE("core::appset_error") {
    TEST_CASE(
        "without a kube context for Argo CD: the argocd CLI where it can, else the access "
        "needed") {
        auto set = appset_with("ApplicationValidationError",
                               "ApplicationSet x contains applications with duplicate name: a-1");
        CHECK(contains(
            explain(set, false).fix,
            "argocd appset get argocd/homerun2-core-catcher-pr-preview -o yaml > appset.yaml, "
            "edit it, "
            "then argocd appset create --upsert appset.yaml"));
        set.clusters_generator = true;
        CHECK(explain(set, false).fix == "argocd cluster list");
        CHECK(explain(appset_with("ApplicationValidationError",
                                  "application references project p which does not exist"),
                      false)
                  .fix == "argocd proj list");
        CHECK(explain(appset_with("X", "something new"), false).fix ==
              "argocd appset get argocd/homerun2-core-catcher-pr-preview");
        // A Secret has no argocd CLI equivalent: the kubectl command, with the access it needs.
        const auto label = explain(
            appset_with("ApplicationGenerationFromParamsError",
                        std::string(kFetch) + "secret argocd/gh is not a valid SCM creds secret: "
                                              "secret must have label"),
            false);
        CHECK(contains(label.fix,
                       "needs a kube context for the Argo CD cluster (pass "
                       "--argocd-context NAME): kubectl -n argocd label secret gh"));
    }

    TEST_CASE("the rate limit's reset time and its consequence; no refresh offered") {
        CHECK(rate_limit_reset("403 API rate limit exceeded for user ID 1. [rate reset in "
                               "41m10s]") == std::optional<std::string>("41m10s"));
        CHECK_FALSE(rate_limit_reset("401 Bad credentials []").has_value());
        const auto why = explain(appset_with(
            "ApplicationGenerationFromParamsError",
            "GET https://api.github.com/repos/o/r/pulls?per_page=100: 403 API rate limit "
            "exceeded for user ID 1. [rate reset in 41m10s]"));
        CHECK(contains(why.cause, "rate-limited by GitHub for another 41m10s"));
        CHECK(contains(why.cause, "creates, updates and deletes no Application"));
        CHECK(contains(why.cause, "PR #42's preview keeps its old commit"));
        CHECK(contains(why.cause, "previews of closed PRs are not torn down"));
        CHECK(contains(why.fix, "wait for the reset (in 41m10s)"));
        CHECK(contains(why.fix, "GitHub App"));
        CHECK_FALSE(contains(why.fix, "refresh"));
    }

    TEST_CASE("the tokenRef cases are told apart") {
        const Told cases[] = {
            {"Secret missing",
             "ApplicationGenerationFromParamsError",
             std::string(kFetch) + "error fetching secret argocd/pat: secrets \"pat\" not found",
             {"Secret argocd/pat named by the generator's tokenRef does not exist"},
             "kubectl -n argocd create secret generic pat",
             ""},
            {"key missing",
             "ApplicationGenerationFromParamsError",
             std::string(kFetch) + "key \"token\" in secret argocd/pat not found",
             {"Secret argocd/pat exists but has no key \"token\""},
             "kubectl -n argocd edit secret pat",
             ""},
            {"strict mode: the scm-creds label",
             "ApplicationGenerationFromParamsError",
             std::string(kFetch) +
                 "secret argocd/pat is not a valid SCM creds secret: secret must have label "
                 "\"argocd.argoproj.io/secret-type\"=\"scm-creds\"",
             {"strict mode"},
             "",
             "kubectl -n argocd label secret pat argocd.argoproj.io/secret-type=scm-creds"},
            {"401: rotate",
             "ApplicationGenerationFromParamsError",
             "GET https://api.github.com/repos/o/r/pulls: 401 Bad credentials []",
             {"expired or was revoked"},
             "rotate the PAT",
             ""},
            {"404: grant access",
             "ApplicationGenerationFromParamsError",
             "GET https://api.github.com/repos/o/r/pulls: 404 Not Found []",
             {"cannot see the repository"},
             "Pull requests: read",
             ""},
        };
        for (const Told& t : cases) {
            SUBCASE(t.name) {
                check_told(t);
            }
        }
    }

    TEST_CASE("validation errors: one cause per reason") {
        SUBCASE("duplicate names: the first is still created") {
            auto set =
                appset_with("ApplicationValidationError",
                            "ApplicationSet x contains applications with duplicate name: a-pr-42");
            set.template_name = "a-pr";
            const auto why = explain(set);
            CHECK(contains(why.cause, "only the first is created"));
            CHECK_FALSE(contains(why.cause, "generates none"));
            CHECK_FALSE(why.blocks_everything);
            // No clusters generator: the name template is what fails to tell them apart.
            CHECK(contains(why.cause, "render the same Application name a-pr-42"));
            CHECK(contains(why.cause, "the template's name a-pr does not tell them apart"));
            CHECK_FALSE(contains(why.cause, "cluster"));
            CHECK(contains(why.fix, "{{number}}"));  // fasttemplate: no goTemplate
            set.go_template = true;
            CHECK(contains(explain(set).fix, "{{ .number }}"));
            set.go_template = false;
            CHECK(contains(
                why.fix, "kubectl -n argocd edit applicationset homerun2-core-catcher-pr-preview"));

            set.clusters_generator = true;  // a matrix with a clusters generator
            const auto clusters = explain(set);
            CHECK(contains(clusters.cause, "two labelled clusters"));
            CHECK(contains(clusters.cause, "name a-pr-42;"));
            CHECK(contains(clusters.fix, "argocd.argoproj.io/secret-type=cluster"));
        }
        const Told cases[] = {
            {"a duplicate name that is not a valid name is not repeated",
             "ApplicationValidationError",
             "ApplicationSet x contains applications with duplicate name: A\x1b[2J",
             {"render the same Application name (the template"},
             "",
             ""},
            {"a cluster that is no longer registered",
             "ApplicationValidationError",
             "application destination spec for a is invalid: unable to find destination "
             "server: there are no clusters with this name: homerun2-dev",
             {"Argo CD has no cluster named homerun2-dev", "relabel or remove the old cluster"},
             "",
             ""},
            {"a missing project",
             "ApplicationValidationError",
             "application references project homerun2-dev which does not exist",
             {"project homerun2-dev does not exist"},
             "",
             "kubectl -n argocd get appprojects"},
            {"a template key with no value",
             "RenderTemplateParamsError",
             "failed to execute go template: map has no entry for key \"branch_slug\"",
             {"{{ .branch_slug }}"},
             "",
             ""},
            {"anything else stays generic",
             "SomethingNew",
             "something new broke",
             {"cannot generate Applications"},
             "describe applicationset",
             ""},
        };
        for (const Told& t : cases) {
            SUBCASE(t.name) {
                check_told(t);
            }
        }
    }

    TEST_CASE("a PR number or ID with 401/404/429 in it is not a GitHub status") {
        CHECK(contains(explain(appset_with("ApplicationValidationError",
                                           "ApplicationSet x contains applications with "
                                           "duplicate name: a-pr-401"))
                           .cause,
                       "only the first is created"));
        CHECK(contains(explain(appset_with("ApplicationValidationError",
                                           "application destination spec for a-pr-404 is "
                                           "invalid: unable to find destination server: there "
                                           "are no clusters with this name: dev"))
                           .cause,
                       "Argo CD has no cluster named dev"));
        CHECK(contains(explain(appset_with("RenderTemplateParamsError",
                                           "template a-pr-429: map has no entry for key \"x\""))
                           .cause,
                       "{{ .x }}"));
    }

    TEST_CASE("hostile text yields no reset time and no Secret name to paste") {
        CHECK_FALSE(rate_limit_reset("[rate reset in $(reboot)]").has_value());
        CHECK_FALSE(rate_limit_reset("[rate reset in 41m10s; see evil.example]").has_value());
        CHECK_FALSE(rate_limit_reset("[rate reset in 99999999999999m]").has_value());
        CHECK(rate_limit_reset("[rate reset in 7s]") == std::optional<std::string>("7s"));
        const auto why = explain(appset_with(
            "ApplicationGenerationFromParamsError",
            std::string(kFetch) + "error fetching secret argocd/$(reboot): secrets \"$(reboot)\" "
                                  "not found"));
        CHECK(contains(why.cause, "the tokenRef Secret named by"));
        CHECK(contains(why.fix, "create secret generic '<secret>'"));
        CHECK_FALSE(contains(why.fix, "reboot"));
    }

    TEST_CASE("the poll interval and the sync policy") {
        ApplicationSet set;
        CHECK(appset_poll_seconds(set) == 1800);
        set.requeue_after_seconds = 120;
        CHECK(appset_poll_seconds(set) == 120);
        CHECK(applications_sync_forbids("") == "");
        CHECK(applications_sync_forbids("sync") == "");
        CHECK(applications_sync_forbids("create-update") == "deletes");
        CHECK(applications_sync_forbids("create-only") == "updates and deletes");
        CHECK(applications_sync_forbids("create-delete") == "updates");
        CHECK(appset_error_line(set).empty());
    }
}
