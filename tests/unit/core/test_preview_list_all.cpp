#include <stdexcept>

#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/preview_list_all.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

const std::string kPrLabel = "homerun2.stuttgart-things.com/pr";
const std::string kGithubApi = "https://api.github.com";

PrGeneratorSource github(std::string owner, std::string repo, std::vector<std::string> labels) {
    return {"github", std::move(owner), std::move(repo), std::move(labels), ""};
}

ApplicationSet appset(std::string name, std::vector<PrGeneratorSource> generators) {
    ApplicationSet s;
    s.meta = meta(std::move(name), "argocd");
    s.pr_generators = std::move(generators);
    return s;
}

Application owned(std::string name, const std::string& set, int number,
                  const std::string& label = kPrLabel) {
    Application a = app(std::move(name));
    a.meta.namespace_name = "argocd";
    a.meta.owners.push_back({"ApplicationSet", set});
    a.meta.labels[label] = std::to_string(number);
    return a;
}

Application child(std::string name, int number) {
    Application a = app(std::move(name));
    a.meta.labels[kPrLabel] = std::to_string(number);
    return a;
}

PullRequest pr(std::string repo, int number, std::vector<std::string> labels) {
    PullRequest p;
    p.owner = "acme";
    p.repo = std::move(repo);
    p.number = number;
    p.state = "open";
    p.labels = std::move(labels);
    return p;
}

Namespace ns(std::string name) {
    Namespace n;
    n.meta = meta(std::move(name), "", "2026-11-23T15:00:00Z");
    n.phase = "Active";
    return n;
}

// One unfiltered Application list, as when the ApplicationSets give no label key to select by.
std::map<std::string, Observed<std::vector<Application>>> unfiltered(
    std::vector<Application> apps) {
    std::map<std::string, Observed<std::vector<Application>>> lists;
    lists.insert_or_assign("", Observed<std::vector<Application>>(std::move(apps)));
    return lists;
}

// acme/widget has no built-in profile: its names come from its ApplicationSet's template.
ApplicationSet widget_set() {
    ApplicationSet s = appset("widget-pr-preview", {github("acme", "widget", {"deploy"})});
    s.template_name = "widget-pr-{{ .number }}";
    s.template_namespace = "widget-pr-{{.number}}";
    s.template_labels = {{"widget/pr", "{{ .number }}"}, {"team", "web"}};
    return s;
}

// acme/widget's PR 21, deployed, under `generators`; its PR carries `pr_labels`.
ListAllSnapshot widget_deployed(std::vector<PrGeneratorSource> generators,
                                std::vector<std::string> pr_labels) {
    ApplicationSet set = widget_set();
    set.pr_generators = std::move(generators);
    ListAllSnapshot all;
    all.now = kNow;
    all.argocd_namespace = "argocd";
    all.github_api = kGithubApi;
    all.application_sets = std::vector<ApplicationSet>{set};
    all.applications = unfiltered({owned("widget-pr-21", "widget-pr-preview", 21, "widget/pr")});
    all.namespaces = std::vector<Namespace>{ns("widget-pr-21")};
    all.pulls.insert_or_assign(
        "acme/widget", Observed<std::vector<PullRequest>>(
                           std::vector<PullRequest>{pr("widget", 21, std::move(pr_labels))}));
    return all;
}

const RepoListing& repo_of(const PreviewListAll& all, const std::string& slug) {
    for (const auto& r : all.repositories) {
        if (r.generators.repo.repo_slug() == slug) {
            return r;
        }
    }
    FAIL("no repository " << slug);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_SUITE("core::preview_list_all") {
    TEST_CASE("groups ApplicationSets by the GitHub repository their generators name") {
        const std::vector<ApplicationSet> sets = {
            appset("b-preview", {github("Acme", "Widget", {"preview"})}),
            appset("a-preview", {github("acme", "widget", {"preview", "team-a"})}),
            appset("other", {github("acme", "gadget", {})}),
            appset("lab", {{"gitlab", "", "acme/thing", {}, ""}}),
            appset("policies", {}),
        };
        const RepoGrouping g = group_by_repository(sets, kGithubApi);
        REQUIRE(g.repos.size() == 2);
        CHECK(g.repos[0].repo.repo_slug() == "acme/gadget");
        CHECK(g.repos[1].repo.repo_slug() == "Acme/Widget");  // as the first generator spells it
        CHECK(g.repos[1].application_sets == std::vector<std::string>{"a-preview", "b-preview"});
        CHECK(g.repos[1].label_filters.size() == 2);
        REQUIRE(g.skipped.size() == 1);
        CHECK(g.skipped[0].application_set == "lab");
        CHECK(g.skipped[0].repo == "acme/thing");
    }

    TEST_CASE("a generator naming no GitHub repository, or another GitHub, is not looked up") {
        PrGeneratorSource ghe = github("acme", "internal", {});
        ghe.api = "https://ghe.example.com/api/v3";
        PrGeneratorSource same = github("acme", "public", {});
        same.api = kGithubApi + "/";
        const std::vector<ApplicationSet> sets = {
            appset("path", {github("..", "user/repos?x=", {})}),
            appset("host", {github("acme", "widget/../../user", {})}),
            appset("ghe", {ghe}),
            appset("same", {same}),
        };
        const RepoGrouping g = group_by_repository(sets, kGithubApi);
        REQUIRE(g.repos.size() == 1);
        CHECK(g.repos[0].repo.repo_slug() == "acme/public");
        REQUIRE(g.skipped.size() == 3);
        CHECK(g.skipped[0].reason == "not a GitHub owner/repo");
        CHECK(g.skipped[1].reason == "not a GitHub owner/repo");
        CHECK(g.skipped[2].reason.find("https://ghe.example.com/api/v3") != std::string::npos);
    }

    TEST_CASE("a PR counts when it passes any of the generators' label filters") {
        struct Case {
            const char* name;
            std::vector<PrGeneratorSource> generators;
            std::vector<std::string> pr_labels;
        };
        const std::vector<Case> cases = {
            {"no label filter: every open PR", {github("acme", "widget", {})}, {}},
            {"two generators, different labels: either one",
             {github("acme", "widget", {"deploy"}), github("acme", "widget", {"preview"})},
             {"preview"}},
        };
        for (const auto& c : cases) {
            CAPTURE(std::string(c.name));
            const PreviewListAll out =
                join_all(widget_deployed(c.generators, c.pr_labels), nullptr);
            const auto& p = repo_of(out, "acme/widget").list.previews.front();
            CHECK(p.pr.has_value());
            CHECK(p.phase != Phase::tearing_down);
            CHECK(p.orphans.empty());
        }
    }

    TEST_CASE("an ApplicationSet template becomes a profile template only when it is per PR") {
        CHECK(profile_template_of("widget-pr-{{ .number }}") == "widget-pr-{number}");
        CHECK(profile_template_of("w-{{number}}-{{ .head_short_sha }}") ==
              "w-{number}-{short_sha}");
        CHECK(profile_template_of("argocd").empty());                         // no number
        CHECK(profile_template_of("w-{{ .branch }}-{{ .number }}").empty());  // not per number
        CHECK(profile_template_of("w-{{ .number }").empty());
    }

    TEST_CASE("names come from the built-in profile, else from the ApplicationSet") {
        const ApplicationSet omni_set =
            appset("homerun2-omni-pitcher-pr-preview",
                   {github("stuttgart-things", "homerun2-omni-pitcher", {"preview"})});
        const auto omni = group_by_repository({omni_set}, kGithubApi).repos.front();
        CHECK(repository_profile(omni, {omni_set}, nullptr).namespace_template ==
              "homerun2-pr-{number}");
        const auto widget = group_by_repository({widget_set()}, kGithubApi).repos.front();
        const Profile p = repository_profile(widget, {widget_set()}, nullptr);
        CHECK(p.label == "deploy");
        CHECK(p.application == "widget-pr-{number}");
        CHECK(p.namespace_template == "widget-pr-{number}");
        CHECK(p.pr_label == "widget/pr");
        CHECK(p.url.empty());  // no URL is invented
        CHECK(p.artifacts.empty());
    }

    TEST_CASE("each repository gets its own Applications, children, PRs and orphans") {
        ListAllSnapshot all;
        all.now = kNow;
        all.argocd_namespace = "argocd";
        const ApplicationSet omni_set =
            appset("homerun2-omni-pitcher-pr-preview",
                   {github("stuttgart-things", "homerun2-omni-pitcher", {"preview"})});
        ApplicationSet broken = widget_set();
        broken.conditions = {
            {"ErrorOccurred", "True", "ApplicationValidationError", "duplicate name", "", 0},
            {"ParametersGenerated", "True", "ParametersGenerated", "ok", "", 0},
            {"ResourcesUpToDate", "False", "ApplicationValidationError", "duplicate name", "", 0}};
        all.application_sets = std::vector<ApplicationSet>{omni_set, broken};
        all.applications = unfiltered(
            {owned("homerun2-pr-12", "homerun2-omni-pitcher-pr-preview", 12),
             child("homerun2-pr-12-redis-stack", 12),
             child("homerun2-core-catcher-pr-12-redis-stack", 12),  // another component's child
             owned("widget-pr-21", "widget-pr-preview", 21, "widget/pr"),
             owned("unrelated-1", "someone-else", 1)});
        all.namespaces =
            std::vector<Namespace>{ns("homerun2-pr-12"), ns("widget-pr-21"), ns("widget-pr-5")};
        PullRequest p12 = pr("homerun2-omni-pitcher", 12, {"preview"});
        all.pulls.insert_or_assign(
            "stuttgart-things/homerun2-omni-pitcher",
            Observed<std::vector<PullRequest>>(std::vector<PullRequest>{p12}));
        all.pulls.insert_or_assign(
            "acme/widget", Observed<std::vector<PullRequest>>(std::vector<PullRequest>{
                               pr("widget", 21, {"deploy"}), pr("widget", 22, {"preview"})}));

        const PreviewListAll out = join_all(all, nullptr);
        REQUIRE(out.repositories.size() == 2);
        const auto& omni = repo_of(out, "stuttgart-things/homerun2-omni-pitcher");
        REQUIRE(omni.list.previews.size() == 1);
        const auto& o12 = omni.list.previews.front();
        CHECK(o12.applications.size() == 2);  // the parent and its own child only
        CHECK(o12.namespace_state.has_value());
        CHECK(o12.orphans.empty());
        CHECK(omni.application_sets.front().problems.empty());

        const auto& widget = repo_of(out, "acme/widget");
        REQUIRE(widget.list.previews.size() == 2);  // #22 lacks the generator's label
        CHECK(widget.list.previews[0].number == 21);
        CHECK(widget.list.previews[0].orphans.empty());
        CHECK(widget.list.previews[1].number == 5);
        REQUIRE(widget.list.previews[1].orphans.size() == 1);
        CHECK(widget.list.previews[1].orphans[0].kind == OrphanKind::namespace_without_pr);
        const auto& problems = widget.application_sets.front().problems;
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].type == "ErrorOccurred");
        CHECK_FALSE(problems[0].cause.empty());
        CHECK(problems[1].type == "ResourcesUpToDate");
    }

    TEST_CASE("a PR list that could not be read claims no orphans") {
        ListAllSnapshot all;
        all.now = kNow;
        all.argocd_namespace = "argocd";
        all.application_sets = std::vector<ApplicationSet>{widget_set()};
        all.applications = unfiltered({});
        all.namespaces = std::vector<Namespace>{ns("widget-pr-5")};
        all.pulls.insert_or_assign("acme/widget", Observed<std::vector<PullRequest>>(
                                                      Error(ErrorKind::auth, "no GitHub token")));
        const PreviewListAll out = join_all(all, nullptr);
        const auto& widget = repo_of(out, "acme/widget");
        REQUIRE(widget.list.previews.size() == 1);
        CHECK(widget.list.previews[0].orphans.empty());
        REQUIRE(widget.list.errors.size() == 1);
        CHECK(widget.list.errors[0].source == "pulls");
    }

    TEST_CASE("without a namespace template the Application's destination is its namespace") {
        ApplicationSet set = widget_set();
        set.template_namespace = "{{ .branch }}";
        ListAllSnapshot all;
        all.now = kNow;
        all.argocd_namespace = "argocd";
        all.application_sets = std::vector<ApplicationSet>{set};
        Application a = owned("widget-pr-21", "widget-pr-preview", 21, "widget/pr");
        a.destination_namespace = "feat-colours";
        all.applications = unfiltered({a});
        all.namespaces = std::vector<Namespace>{ns("feat-colours")};
        all.pulls.insert_or_assign("acme/widget",
                                   Observed<std::vector<PullRequest>>(
                                       std::vector<PullRequest>{pr("widget", 21, {"deploy"})}));
        const PreviewListAll out = join_all(all, nullptr);
        const auto& p = repo_of(out, "acme/widget").list.previews.front();
        CHECK(p.namespace_name == "feat-colours");
        CHECK(p.namespace_state.has_value());
        CHECK(p.orphans.empty());
    }

    TEST_CASE("each repository gets the pods of its own namespaces only, and their errors") {
        ApplicationSet gadget = appset("gadget-pr-preview", {github("acme", "gadget", {"deploy"})});
        gadget.template_name = "gadget-pr-{{ .number }}";
        gadget.template_namespace = "gadget-pr-{{ .number }}";
        gadget.template_labels = {{"gadget/pr", "{{ .number }}"}};
        ListAllSnapshot all;
        all.now = kNow;
        all.argocd_namespace = "argocd";
        all.github_api = kGithubApi;
        all.application_sets = std::vector<ApplicationSet>{widget_set(), gadget};
        Application w21 = owned("widget-pr-21", "widget-pr-preview", 21, "widget/pr");
        w21.health_status = "Degraded";
        Application g31 = owned("gadget-pr-31", "gadget-pr-preview", 31, "gadget/pr");
        g31.health_status = "Progressing";
        all.applications = unfiltered({w21, g31});
        all.namespaces = std::vector<Namespace>{ns("widget-pr-21"), ns("gadget-pr-31")};
        all.pulls.insert_or_assign("acme/widget",
                                   Observed<std::vector<PullRequest>>(
                                       std::vector<PullRequest>{pr("widget", 21, {"deploy"})}));
        all.pulls.insert_or_assign("acme/gadget",
                                   Observed<std::vector<PullRequest>>(
                                       std::vector<PullRequest>{pr("gadget", 31, {"deploy"})}));
        CHECK(list_all_pod_namespaces(all, nullptr) ==
              std::vector<std::string>{"gadget-pr-31", "widget-pr-21"});
        all.pods.insert_or_assign("widget-pr-21", Observed<std::vector<Pod>>(std::vector<Pod>{}));
        all.pods.insert_or_assign(
            "gadget-pr-31", Observed<std::vector<Pod>>(Error(ErrorKind::auth, "pods forbidden")));

        const PreviewListAll out = join_all(all, nullptr);
        const auto& widget = repo_of(out, "acme/widget");
        CHECK(widget.snapshot.pods.size() == 1);
        CHECK(widget.snapshot.pods.count("widget-pr-21") == 1);
        CHECK(widget.list.errors.empty());  // gadget's unreadable pods are not widget's
        const auto& gadget_repo = repo_of(out, "acme/gadget");
        CHECK(gadget_repo.snapshot.pods.size() == 1);
        REQUIRE(gadget_repo.list.errors.size() == 1);
        CHECK(gadget_repo.list.errors[0].source == "pods");
    }

    TEST_CASE("the Applications are selected by each distinct PR label key of the shown sets") {
        ApplicationSet core = appset("core-pr-preview", {github("acme", "core", {"preview"})});
        core.template_labels = {{kPrLabel, "{{.number}}"}, {"team", "core"}};
        ApplicationSet omni = appset("omni-pr-preview", {github("acme", "omni", {"preview"})});
        omni.template_labels = {{kPrLabel, "{{ .number }}"}};
        ApplicationSet lab = appset("lab", {{"gitlab", "", "acme/thing", {}, ""}});  // not shown
        const ApplicationSet policies = appset("policies", {});                      // no generator
        std::vector<ApplicationSet> sets = {core, omni, widget_set(), lab, policies};
        CHECK(list_all_application_selectors(sets, kGithubApi, nullptr) ==
              std::vector<std::string>{kPrLabel, "widget/pr"});

        // A profile file naming another PR label key for its repository: children carry that.
        Profile file;
        file.repo = "acme/core";
        file.pr_label = "core.acme.test/pr";
        CHECK(list_all_application_selectors(sets, kGithubApi, &file) ==
              std::vector<std::string>{"core.acme.test/pr", kPrLabel, "widget/pr"});

        // No label with the PR number alone, or a key no selector can carry: read them all.
        ApplicationSet unlabelled = appset("plain-pr-preview", {github("acme", "plain", {})});
        unlabelled.template_labels = {{"plain/pr", "pr-{{ .number }}"}};
        sets.push_back(unlabelled);
        CHECK_FALSE(list_all_application_selectors(sets, kGithubApi, nullptr).has_value());
        sets.back().template_labels = {{"bad,key", "{{ .number }}"}};
        CHECK_FALSE(list_all_application_selectors(sets, kGithubApi, nullptr).has_value());
    }

    TEST_CASE("an unreadable Application list is only the repositories' that select by its key") {
        // widget's Applications are read by widget/pr, gadget's by gadget/pr: the gadget list
        // failing leaves widget's previews judged, and gadget's says why.
        ApplicationSet gadget = appset("gadget-pr-preview", {github("acme", "gadget", {"deploy"})});
        gadget.template_name = "gadget-pr-{{ .number }}";
        gadget.template_namespace = "gadget-pr-{{ .number }}";
        gadget.template_labels = {{"gadget/pr", "{{ .number }}"}};
        ListAllSnapshot all = widget_deployed({github("acme", "widget", {"deploy"})}, {"deploy"});
        all.application_sets = std::vector<ApplicationSet>{widget_set(), gadget};
        all.applications.clear();
        all.applications.insert_or_assign(
            "widget/pr", Observed<std::vector<Application>>(std::vector<Application>{
                             owned("widget-pr-21", "widget-pr-preview", 21, "widget/pr")}));
        all.applications.insert_or_assign(
            "gadget/pr", Observed<std::vector<Application>>(
                             Error(ErrorKind::permission, "applications is forbidden")));
        all.pulls.insert_or_assign("acme/gadget",
                                   Observed<std::vector<PullRequest>>(
                                       std::vector<PullRequest>{pr("gadget", 31, {"deploy"})}));
        const PreviewListAll out = join_all(all, nullptr);
        const auto& widget = repo_of(out, "acme/widget");
        CHECK(widget.list.errors.empty());
        REQUIRE(widget.list.previews.size() == 1);
        CHECK(widget.list.previews[0].applications.size() == 1);
        const auto& gadget_repo = repo_of(out, "acme/gadget");
        REQUIRE(gadget_repo.list.errors.size() == 1);
        CHECK(gadget_repo.list.errors[0].source == "applications");
        CHECK(gadget_repo.list.errors[0].error.message == "applications is forbidden");

        // A key no list was read for (the ApplicationSets changed between the reads): unread.
        all.applications.erase("gadget/pr");
        CHECK(repo_of(join_all(all, nullptr), "acme/gadget").list.errors.size() == 1);
    }
}
