// Design §8 (issue 13): each Argo CD access spells its own commands; the checks print what the
// snapshot's ArgocdCommands give and never ask which source read it.

#include "support/findings.hpp"
#include "support/snapshot_builder.hpp"
#include <doctest/doctest.h>

#include "preview/core/argocd_commands.hpp"
#include "preview/core/diagnosis.hpp"

using namespace preview;
using namespace preview::testing;

namespace {

// A name no Kubernetes object may carry, as a hostile server could still send it.
constexpr std::string_view kHostile = "x'; rm -rf ~";
constexpr std::string_view kQuoted = R"('x'\''; rm -rf ~')";
constexpr std::string_view kNeedsArgocd =
    "needs a kube context for the Argo CD cluster (pass --argocd-context NAME): ";

// Every command of `c` with the same arguments, so that two accesses can be compared text by text.
std::vector<std::string> every_command(const ArgocdCommands& c) {
    return {c.describe_application("argocd", "app"),
            c.hard_refresh_application("argocd", "app"),
            c.sync_application("argocd", "app", "main", "main"),
            c.delete_application("argocd", "app"),
            c.list_applications("argocd", "pr=42"),
            c.describe_application_set("argocd", "set"),
            c.edit_application_set("argocd", "set"),
            c.list_application_sets("argocd"),
            c.list_clusters("argocd"),
            c.list_projects("argocd"),
            c.kubectl("argocd", {"get", "pods"})};
}

// Names what was asked, so a finding shows which command it printed.
class Marked final : public ArgocdCommands {
  public:
    std::string describe_application(std::string_view ns, std::string_view app) const override {
        return mark("describe-app", ns, app);
    }
    std::string hard_refresh_application(std::string_view ns, std::string_view app) const override {
        return mark("refresh-app", ns, app);
    }
    std::string sync_application(std::string_view ns, std::string_view app,
                                 const std::string& revision,
                                 const std::string& /*target_revision*/) const override {
        return mark("sync-app", ns, std::string(app) + "@" + revision);
    }
    std::string delete_application(std::string_view ns, std::string_view app) const override {
        return mark("delete-app", ns, app);
    }
    std::string list_applications(std::string_view ns, std::string_view selector) const override {
        return mark("list-apps", ns, selector);
    }
    std::string describe_application_set(std::string_view ns,
                                         std::string_view name) const override {
        return mark("describe-appset", ns, name);
    }
    std::string edit_application_set(std::string_view ns, std::string_view name) const override {
        return mark("edit-appset", ns, name);
    }
    std::string list_application_sets(std::string_view ns) const override {
        return mark("list-appsets", ns, "");
    }
    std::string list_clusters(std::string_view ns) const override {
        return mark("list-clusters", ns, "");
    }
    std::string list_projects(std::string_view ns) const override {
        return mark("list-projects", ns, "");
    }
    std::string kubectl(std::string_view ns,
                        std::initializer_list<std::string_view> args) const override {
        return mark("kubectl", ns, *args.begin());
    }
    bool annotates_tree_objects() const override { return true; }
    std::optional<std::string> tree_previous_log(std::string_view ns, std::string_view app,
                                                 std::string_view pod,
                                                 std::string_view /*container*/) const override {
        return mark("tree-log", ns, std::string(app) + "/" + std::string(pod));
    }
    std::optional<std::string> tree_refresh_external_secret(std::string_view ns,
                                                            std::string_view app,
                                                            std::string_view name) const override {
        return mark("tree-refresh", ns, std::string(app) + "/" + std::string(name));
    }
    std::optional<std::string> tree_bump_route(std::string_view ns, std::string_view app,
                                               std::string_view route) const override {
        return mark("tree-bump", ns, std::string(app) + "/" + std::string(route));
    }

  private:
    static std::string mark(std::string_view what, std::string_view ns, std::string_view arg) {
        return std::string(what) + " " + std::string(ns) + " " + std::string(arg);
    }
};

}  // namespace

TEST_SUITE("core::argocd_commands") {
    TEST_CASE("kubectl, with a kube context for the Argo CD cluster") {
        const auto& c = argocd_kubectl_commands();
        CHECK(every_command(c) ==
              std::vector<std::string>{
                  "kubectl -n argocd describe application app",
                  std::string("kubectl -n argocd annotate application app "
                              "argocd.argoproj.io/refresh=hard --overwrite"),
                  std::string("kubectl -n argocd patch application app --type merge "
                              "--field-manager=preview -p '{\"operation\":{\"initiatedBy\":{"
                              "\"username\":\"preview\"},\"sync\":{\"revision\":\"main\"}}}'"),
                  "kubectl -n argocd delete application app",
                  "kubectl -n argocd get applications -l pr=42",
                  "kubectl -n argocd describe applicationset set",
                  "kubectl -n argocd edit applicationset set",
                  "kubectl -n argocd get applicationsets",
                  std::string("kubectl -n argocd get secrets -l "
                              "argocd.argoproj.io/secret-type=cluster --show-labels"),
                  "kubectl -n argocd get appprojects",
                  "kubectl -n argocd get pods",
              });
        CHECK_FALSE(c.annotates_tree_objects());
        CHECK_FALSE(c.tree_previous_log("argocd", "app", "pod", "main").has_value());
        CHECK_FALSE(c.tree_refresh_external_secret("argocd", "app", "es").has_value());
        CHECK_FALSE(c.tree_bump_route("argocd", "app", "route").has_value());
    }

    TEST_CASE("no access: each kubectl command behind the access it needs") {
        const auto kubectl = every_command(argocd_kubectl_commands());
        const auto none = every_command(argocd_no_access_commands());
        REQUIRE(none.size() == kubectl.size());
        for (std::size_t i = 0; i < none.size(); ++i) {
            CHECK(none[i] == std::string(kNeedsArgocd) + kubectl[i]);
        }
        CHECK_FALSE(argocd_no_access_commands().annotates_tree_objects());
        CHECK_FALSE(
            argocd_no_access_commands().tree_previous_log("argocd", "app", "pod", "c").has_value());
    }

    TEST_CASE("the argocd CLI, through the Argo CD API; kubectl with the access it needs else") {
        const auto& c = argocd_cli_commands();
        CHECK(every_command(c) ==
              std::vector<std::string>{
                  "argocd app get app --app-namespace argocd",
                  "argocd app get app --hard-refresh --app-namespace argocd",
                  "argocd app sync app --revision main --app-namespace argocd",
                  "argocd app delete app --app-namespace argocd",
                  "argocd app list -l pr=42",
                  "argocd appset get argocd/set",
                  std::string("argocd appset get argocd/set -o yaml > appset.yaml, edit it, "
                              "then argocd appset create --upsert appset.yaml"),
                  "argocd appset list --appset-namespace argocd",
                  "argocd cluster list",
                  "argocd proj list",
                  std::string(kNeedsArgocd) + "kubectl -n argocd get pods",
              });
        CHECK(c.annotates_tree_objects());
        CHECK(
            c.tree_previous_log("argocd", "app", "pod", "main") ==
            "argocd app logs app --kind Pod --name pod -c main --previous --app-namespace argocd");
        CHECK(c.tree_refresh_external_secret("argocd", "app", "es") ==
              "argocd app actions run app refresh --kind ExternalSecret --resource-name es "
              "--app-namespace argocd");
        CHECK(c.tree_bump_route("argocd", "app", "route") ==
              "argocd app patch-resource app --kind HTTPRoute --group gateway.networking.k8s.io "
              "--resource-name route --patch '{\"metadata\":{\"annotations\":{\"reconcile-bump\""
              ":\"'\"$(date +%s)\"'\"}}}' --patch-type application/merge-patch+json "
              "--app-namespace argocd");
    }

    TEST_CASE("a hostile name stays one quoted word in every access's commands") {
        const std::string quoted(kQuoted);
        for (const auto* c :
             {&argocd_kubectl_commands(), &argocd_cli_commands(), &argocd_no_access_commands()}) {
            CHECK(contains(c->describe_application("argocd", kHostile), " " + quoted));
            CHECK(contains(c->hard_refresh_application("argocd", kHostile), " " + quoted + " "));
            CHECK(contains(c->sync_application("argocd", std::string(kHostile), "abc", ""),
                           " " + quoted + " "));
            CHECK(contains(c->delete_application("argocd", kHostile), " " + quoted));
            CHECK(contains(c->edit_application_set("argocd", kHostile), R"(x'\''; rm -rf ~')"));
            CHECK(contains(c->kubectl(kHostile, {"get", kHostile}),
                           "-n " + quoted + " get " + quoted));
            CHECK_FALSE(contains(c->describe_application_set("argocd", kHostile), "x';"));
        }
        CHECK(argocd_cli_commands().describe_application_set("argocd", kHostile) ==
              "argocd appset get 'argocd/x'\\''; rm -rf ~'");
        CHECK(argocd_cli_commands().tree_previous_log("argocd", kHostile, "p", "c") ==
              "argocd app logs " + quoted +
                  " --kind Pod --name p -c c --previous "
                  "--app-namespace argocd");
    }

    TEST_CASE("a snapshot that carries none: chosen from the facts, in one place") {
        SnapshotSources sources;
        CHECK(&default_argocd_commands(sources) == &argocd_kubectl_commands());
        sources.argocd = ReadSource::argocd_api;
        CHECK(&default_argocd_commands(sources) == &argocd_kubectl_commands());
        sources.argocd_kube = false;
        CHECK(&default_argocd_commands(sources) == &argocd_cli_commands());
        sources.argocd = ReadSource::kubernetes;
        CHECK(&default_argocd_commands(sources) == &argocd_no_access_commands());
        CHECK(&argocd_commands(sources) == &argocd_no_access_commands());
        const Marked marked;
        sources.argocd_commands = &marked;
        CHECK(&argocd_commands(sources) == &marked);
    }
}

TEST_SUITE("core::diagnose Argo CD commands") {
    TEST_CASE("the checks print the snapshot's commands, whatever source read it") {
        const Marked marked;
        auto s = healthy_snapshot();
        s.sources.argocd_commands = &marked;
        SUBCASE("a missing ApplicationSet") {
            s.application_set = std::optional<ApplicationSet>();
            CHECK(check(s, "appset").fix == "list-appsets argocd ");
        }
        SUBCASE("the same texts whichever source the facts name") {
            s.sources.argocd = ReadSource::argocd_api;
            s.sources.argocd_kube = false;
            s.application_set = std::optional<ApplicationSet>();
            CHECK(check(s, "appset").fix == "list-appsets argocd ");
        }
        SUBCASE("an ApplicationSet error explained") {
            (*s.application_set)->conditions = {
                cond("ErrorOccurred", "True", "ApplicationValidationError",
                     "application references project p which does not exist")};
            CHECK(check(s, "appset").fix == "list-projects argocd ");
        }
        SUBCASE("tree objects: reached through the commands, and --fix may annotate them") {
            s.sources.workload_kube = false;
            s.routes = std::vector<HttpRoute>{route("homerun2-core-catcher", false)};
            s.sources.tree_apps["HTTPRoute/homerun2-core-catcher"] = "parent";
            const auto f = check(s, "route");
            CHECK(f.fix == "tree-bump argocd parent/homerun2-core-catcher");
            CHECK(f.auto_fix);
        }
    }

    TEST_CASE("no access to Argo CD: listing the Applications names the access it needs") {
        auto s = healthy_snapshot();
        s.sources.argocd_kube = false;
        s.workloads = std::vector<Workload>{};
        s.pods = std::vector<Pod>{};
        const auto f = check(s, "workloads");
        REQUIRE(f.status == CheckStatus::fail);
        CHECK(f.fix == std::string(kNeedsArgocd) +
                           "kubectl -n argocd get applications -l "
                           "homerun2.stuttgart-things.com/pr=42");
    }
}
