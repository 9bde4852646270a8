// The two Argo CD sources on the in-memory transport: the requests each makes for the snapshot's
// reads, the lists, a follow's watches and the changes, and where their answers land.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "unit/support/fake_transport.hpp"
#include "unit/support/healthy_preview.hpp"
#include <doctest/doctest.h>

#include "preview/core/intent.hpp"

namespace {

using namespace preview;
using namespace preview::testing;

constexpr const char* kApp = "homerun2-core-catcher-pr-42";
constexpr const char* kAppSet = "homerun2-core-catcher-pr-preview";
constexpr const char* kSelector = "homerun2.stuttgart-things.com%2Fpr%3D42";

/// One Application as the Argo CD API shows it; `health`: its resources carry their health
/// (Argo CD 3.x leaves it out of lists).
std::string app_json(const std::string& name, bool health) {
    return R"({"metadata": {"name": ")" + name +
           R"(", "namespace": "argocd", "resourceVersion": "5",
                "labels": {"homerun2.stuttgart-things.com/pr": "42"}},
              "status": {"sync": {"status": "Synced"}, "health": {"status": "Healthy"},
                         "resources": [{"kind": "Deployment", "name": "web", "status": "Synced")" +
           (health ? R"(, "health": {"status": "Healthy"})" : "") + "}]}}";
}

std::string list_json(const std::string& items, const std::string& version) {
    return R"({"metadata": {"resourceVersion": ")" + version + R"("}, "items": [)" + items + "]}";
}

/// Both clusters' worth of Argo CD: its Kubernetes API and its API server, on one transport.
struct ArgoWorld {
    FakeTransport http;
    Result<KubeEndpoint> cluster = kube_endpoint();
    ArgocdEndpoint server = api_endpoint();
    Targets targets = render_targets(Profile{}, PrRef{"stuttgart-things", kApp, 42}, "").value();

    static KubeEndpoint kube_endpoint() {
        KubeEndpoint e;
        e.context = "argo";
        e.server = "https://argocd.test";
        return e;
    }
    static ArgocdEndpoint api_endpoint() {
        ArgocdEndpoint e;
        e.server.base_url = "https://argocd-api.test";
        e.token = "argocd-token";
        return e;
    }

    void run(Fetch fetch) {
        FetchRounds rounds(http);
        rounds.add(std::move(fetch));
        rounds.run();
    }
};

/// The snapshot's Argo CD pieces, and what each source reported as it read them.
struct Landing {
    Observed<std::optional<ApplicationSet>> application_set = Snapshot::not_read();
    Observed<std::optional<Application>> parent = Snapshot::not_read();
    Observed<std::vector<Application>> children = Snapshot::not_read();
    std::map<std::string, std::string> versions;
    std::vector<std::size_t> listed;  ///< the size of each list handed to `listed`

    ArgocdReads reads() {
        ArgocdReads r{&application_set, parent, children};
        r.list_versions = &versions;
        r.listed = [this](const Result<std::vector<Application>>& apps, FetchRounds&) {
            listed.push_back(apps.ok() ? apps->size() : 999);
        };
        return r;
    }
};

/// The ApplicationSet refresh.
Intent appset_refresh() {
    Intent i;
    i.kind = IntentKind::refresh_application_set;
    i.object = {"argoproj.io", "v1alpha1", "ApplicationSet", "argocd", kAppSet};
    return i;
}

/// A sync or a hard refresh of the Application kApp.
Intent app_intent(IntentKind kind) {
    Intent i;
    i.kind = kind;
    i.object = {"argoproj.io", "v1alpha1", "Application", "argocd", kApp};
    return i;
}

/// The one change `source` makes of `intent`.
Change routed(const ArgocdSource& source, const Intent& intent, const ChangeRoute& how = {}) {
    RoutedChanges out;
    REQUIRE(source.route(intent, how, PrRef{"stuttgart-things", "homerun2-core-catcher", 42},
                         nullptr, out));
    REQUIRE(out.unsent.empty());
    REQUIRE(out.changes.size() == 1);
    return out.changes.front();
}

/// What the two list reads of `list` and `list --all` gave: the Applications carrying the PR
/// label key, all of them, and the ApplicationSets.
struct Lists {
    Observed<std::vector<Application>> labelled = Snapshot::not_read();
    Observed<std::vector<Application>> all = Snapshot::not_read();
    Observed<std::vector<ApplicationSet>> sets = Snapshot::not_read();

    void read(const ArgocdSource& source, ArgoWorld& w) {
        w.run(source.list_applications("argocd", "homerun2.stuttgart-things.com/pr", labelled));
        w.run(source.list_applications("argocd", "", all));
        w.run(source.list_application_sets("argocd", sets));
    }
};

const Header* header(const HttpRequest& r, const std::string& name) {
    for (const auto& h : r.headers) {
        if (h.first == name) {
            return &h;
        }
    }
    return nullptr;
}

}  // namespace

TEST_SUITE("gather::argocd_source kubernetes") {
    TEST_CASE(
        "the snapshot's reads: the ApplicationSet and the parent by name, the children by "
        "label, each with the version a follow watches from") {
        ArgoWorld w;
        const auto source = argocd_through_kubernetes(w.cluster);
        w.http
            .expect("GET", std::string(kArgo) + "/applicationsets/" + kAppSet,
                    fixture_response("kube/applicationset_healthy.json"))
            .on_host("argocd.test");
        w.http
            .expect("GET", std::string(kArgo) + "/applications/" + kApp,
                    fixture_response("kube/application_pr42_healthy.json"))
            .on_host("argocd.test");
        w.http
            .expect("GET",
                    std::string(kArgo) + "/applications?labelSelector=" + kSelector + "&limit=500",
                    fixture_response("kube/application_list_pr42.json"))
            .on_host("argocd.test");
        Landing l;
        FetchRounds rounds(w.http);
        source->add_preview_reads(rounds, w.targets, l.reads());
        rounds.run();

        CHECK(w.http.problems() == "");
        CHECK(source->read_source() == ReadSource::kubernetes);
        CHECK(source->kube_context());
        REQUIRE(l.application_set.ok());
        CHECK(l.application_set->has_value());
        REQUIRE(l.parent.ok());
        CHECK((*l.parent)->meta.name == kApp);
        REQUIRE(l.children.ok());
        CHECK(l.children->size() == 4);
        CHECK(l.versions == std::map<std::string, std::string>{{"applicationset", "48211540"},
                                                               {"application", "48211934"},
                                                               {"applications", "48212077"}});
        // The parent's read and the children's list, each as a list.
        CHECK(l.listed == std::vector<std::size_t>{1, 4});
    }

    TEST_CASE("without a kube context every read answers with that error, unsent") {
        Result<KubeEndpoint> none = Error(ErrorKind::config, "no cluster for Argo CD");
        const auto source = argocd_through_kubernetes(none);
        FakeTransport http;
        Landing l;
        FetchRounds rounds(http);
        source->add_preview_reads(rounds, Targets{}, l.reads());
        rounds.run();

        CHECK(http.requests().empty());
        CHECK_FALSE(source->kube_context());
        REQUIRE_FALSE(l.parent.ok());
        CHECK(l.parent.error().message.find("no cluster for Argo CD") != std::string::npos);
        CHECK_FALSE(l.children.ok());
    }

    TEST_CASE("lists: the Applications by selector or all of them, the ApplicationSets") {
        ArgoWorld w;
        const auto source = argocd_through_kubernetes(w.cluster);
        w.http.expect("GET",
                      std::string(kArgo) +
                          "/applications?labelSelector=homerun2.stuttgart-things.com%2Fpr"
                          "&limit=500",
                      json_response(200, list_json(app_json("a", true), "1")));
        w.http.expect(
            "GET", std::string(kArgo) + "/applications?limit=500",
            json_response(200, list_json(app_json("a", true) + "," + app_json("b", true), "2")));
        w.http.expect("GET", std::string(kArgo) + "/applicationsets?limit=500",
                      json_response(404, R"({"kind": "Status", "code": 404, "reason": "NotFound",
                          "message": "the server could not find the requested resource"})"));
        Lists lists;
        lists.read(*source, w);
        const auto& [labelled, all, sets] = lists;

        CHECK(w.http.problems() == "");
        REQUIRE(labelled.ok());
        CHECK(labelled->size() == 1);
        REQUIRE(all.ok());
        CHECK(all->size() == 2);
        REQUIRE_FALSE(sets.ok());
        CHECK(sets.error().message.find("list the ApplicationSets in namespace argocd") !=
              std::string::npos);
    }

    TEST_CASE("watches: the Applications by label, the parent and the ApplicationSet by name") {
        ArgoWorld w;
        const auto source = argocd_through_kubernetes(w.cluster);
        const auto url = [&](const std::string& key, const std::string& version) {
            auto watch = source->watch_request(w.targets, WatchPoint{key, version, {}},
                                               std::chrono::seconds(290));
            REQUIRE(watch.ok());
            CHECK(watch->format == WatchFormat::kubernetes);
            return watch->request.url;
        };
        const std::string base = "https://argocd.test" + std::string(kArgo);
        const std::string watch = "?watch=1&allowWatchBookmarks=true&timeoutSeconds=290";
        CHECK(url("applications", "100") ==
              base + "/applications" + watch + "&resourceVersion=100&labelSelector=" + kSelector);
        CHECK(url("application", "") ==
              base + "/applications" + watch + "&fieldSelector=metadata.name%3D" + kApp);
        CHECK(url("applicationset", "7") ==
              base + "/applicationsets" + watch +
                  "&resourceVersion=7&fieldSelector=metadata.name%3D" + kAppSet);
        // The Argo CD API's stream is not this source's to open.
        CHECK_FALSE(source
                        ->watch_request(w.targets, WatchPoint{"argocd.applications", "1", {}},
                                        std::chrono::seconds(290))
                        .ok());
    }

    TEST_CASE(
        "changes: a merge patch on the Argo CD cluster; a workload object is left to the "
        "workload cluster") {
        ArgoWorld w;
        const auto source = argocd_through_kubernetes(w.cluster);
        w.http
            .expect("PATCH",
                    std::string(kArgo) + "/applicationsets/" + kAppSet + "?fieldManager=preview",
                    json_response(200, "{}"))
            .on_host("argocd.test")
            .with_header("Content-Type", "application/merge-patch+json")
            .with_body(
                R"({"metadata":{"annotations":{"argocd.argoproj.io/application-set-refresh":"true"}}})");
        Status patched = Error(ErrorKind::api, "not sent");
        w.run(routed(*source, appset_refresh()).request(patched));
        CHECK(w.http.problems() == "");
        CHECK(patched.ok());

        const Intent bump = bump_route(w.targets, "catcher", 1).value();
        RoutedChanges out;
        CHECK_FALSE(source->route(bump, {}, PrRef{}, nullptr, out));
        CHECK(out.changes.empty());
        CHECK(out.unsent.empty());
    }
}

TEST_SUITE("gather::argocd_source api") {
    TEST_CASE(
        "the snapshot's reads: the ApplicationSet by name, the parent and the children "
        "listed, and one GET per Application whose resources lack health") {
        ArgoWorld w;
        const auto source = argocd_through_api(w.server, w.cluster, {});
        w.http
            .expect("GET",
                    std::string("/api/v1/applicationsets/") + kAppSet + "?appsetNamespace=argocd",
                    fixture_response("kube/applicationset_healthy.json"))
            .on_host("argocd-api.test");
        w.http.expect("GET",
                      std::string("/api/v1/applications?name=") + kApp + "&appNamespace=argocd",
                      json_response(200, list_json(app_json(kApp, true), "300")));
        w.http.expect(
            "GET",
            std::string("/api/v1/applications?selector=") + kSelector + "&appNamespace=argocd",
            json_response(200,
                          list_json(app_json(kApp, true) + "," + app_json("child", false), "301")));
        // The list left out the child's resource health: its own GET has it.
        w.http.expect("GET", "/api/v1/applications/child?appNamespace=argocd",
                      json_response(200, app_json("child", true)));
        Landing l;
        FetchRounds rounds(w.http);
        source->add_preview_reads(rounds, w.targets, l.reads());
        rounds.run();

        CHECK(w.http.problems() == "");
        for (const auto& r : w.http.requests()) {
            CHECK(r.bearer_token == "argocd-token");
        }
        CHECK(source->read_source() == ReadSource::argocd_api);
        CHECK(l.application_set.ok());
        REQUIRE(l.parent.ok());
        CHECK((*l.parent)->meta.name == kApp);
        REQUIRE(l.children.ok());
        REQUIRE(l.children->size() == 2);
        CHECK(l.children->at(1).resources.at(0).health_status == "Healthy");
        CHECK(l.versions == std::map<std::string, std::string>{{"argocd.application", "300"},
                                                               {"argocd.applications", "301"}});
        CHECK(l.listed == std::vector<std::size_t>{1, 2});
    }

    TEST_CASE(
        "lists: the Applications by selector or all of them, the ApplicationSets; the UI's "
        "page is no answer") {
        ArgoWorld w;
        const auto source = argocd_through_api(w.server, w.cluster, {});
        w.http.expect("GET",
                      "/api/v1/applications?selector=homerun2.stuttgart-things.com%2Fpr"
                      "&appNamespace=argocd",
                      json_response(200, list_json(app_json("a", false), "1")));
        w.http.expect("GET", "/api/v1/applications?appNamespace=argocd",
                      json_response(200, list_json("", "1")));
        HttpResponse page;
        page.status = 200;
        page.headers.emplace_back("content-type", "text/html");
        page.body = "<html>Argo CD</html>";
        w.http.expect("GET", "/api/v1/applicationsets?appsetNamespace=argocd", page);
        Lists lists;
        lists.read(*source, w);
        const auto& [labelled, all, sets] = lists;

        CHECK(w.http.problems() == "");
        REQUIRE(labelled.ok());
        CHECK(labelled->size() == 1);  // a list, no per-Application GET
        REQUIRE(all.ok());
        CHECK(all->empty());
        REQUIRE_FALSE(sets.ok());
        CHECK(sets.error().hint.find("argocd.rootPath") != std::string::npos);
    }

    TEST_CASE("watches: the application stream of the children by label, of the parent by name") {
        ArgoWorld w;
        const auto source = argocd_through_api(w.server, w.cluster, {});
        auto children = source->watch_request(
            w.targets, WatchPoint{"argocd.applications", "301", {}}, std::chrono::seconds(290));
        REQUIRE(children.ok());
        CHECK(children->format == WatchFormat::argocd);
        CHECK(children->since == "301");
        CHECK(children->request.url ==
              std::string("https://argocd-api.test/api/v1/stream/applications?selector=") +
                  kSelector + "&appNamespace=argocd");
        auto parent = source->watch_request(w.targets, WatchPoint{"argocd.application", "300", {}},
                                            std::chrono::seconds(290));
        REQUIRE(parent.ok());
        CHECK(parent->request.url ==
              std::string("https://argocd-api.test/api/v1/stream/applications?name=") + kApp +
                  "&resourceVersion=300&appNamespace=argocd");
        CHECK(parent->request.bearer_token == "argocd-token");
        // A Kubernetes watch is not this source's to open.
        CHECK_FALSE(source
                        ->watch_request(w.targets, WatchPoint{"applications", "1", {}},
                                        std::chrono::seconds(290))
                        .ok());
    }

    TEST_CASE(
        "changes: sync, hard refresh and the webhook event once each; an annotation of "
        "the Argo CD cluster's object through its kube context") {
        ArgoWorld w;
        w.server.timeout = std::chrono::seconds(30);
        AppsetWebhookOptions webhook{"s3cret", {}, std::chrono::seconds(30)};
        const auto source = argocd_through_api(w.server, w.cluster, webhook);
        w.http
            .expect("POST", std::string("/api/v1/applications/") + kApp + "/sync",
                    json_response(200, "{}"))
            .on_host("argocd-api.test")
            .with_body(std::string(R"({"appNamespace":"argocd","name":")") + kApp +
                       R"(","prune":false,"revision":"abc123"})");
        w.http
            .expect(
                "GET",
                std::string("/api/v1/applications/") + kApp + "?refresh=hard&appNamespace=argocd",
                json_response(504, "{}"))
            .with_header("Grpc-Timeout", "25S");
        w.http.expect("POST", "/api/webhook", json_response(200, "{}"))
            .on_host("appset.test")
            .with_header("X-GitHub-Event", "pull_request");
        w.http
            .expect("PATCH",
                    std::string(kArgo) + "/applicationsets/" + kAppSet + "?fieldManager=preview",
                    json_response(200, "{}"))
            .on_host("argocd.test");

        // No kube context for the Argo CD cluster: the API and the webhook carry them.
        const Result<KubeEndpoint> no_cluster = Error(ErrorKind::config, "no cluster");
        const auto api_only = argocd_through_api(w.server, no_cluster, webhook);
        ChangeRoute how;
        how.appset_webhook = "https://appset.test/api/webhook";
        how.github_api_url = "https://api.github.com";
        Intent sync = app_intent(IntentKind::sync_application);
        sync.revision = "abc123";
        sync.target_revision = "abc123";
        const Change event = routed(*api_only, appset_refresh(), how);
        CHECK_FALSE(event.observable);  // nothing of ours on the ApplicationSet to follow
        CHECK(event.via == "a pull_request event for #42 to its controller's webhook");
        std::vector<Status> results(4, Status(Error(ErrorKind::api, "not sent")));
        w.run(routed(*api_only, sync).request(results[0]));
        w.run(routed(*api_only, app_intent(IntentKind::hard_refresh_application))
                  .request(results[1]));
        w.run(event.request(results[2]));
        // Through Kubernetes where asked, when a context reaches the cluster.
        w.run(source->through_kubernetes(appset_refresh()).request(results[3]));

        CHECK(w.http.problems() == "");
        for (const auto& r : results) {
            CHECK(r.ok());  // a refresh past its deadline is still under way
        }
        const auto& requests = w.http.requests();
        REQUIRE(requests.size() == 4);
        CHECK(requests[0].max_attempts == 1);
        CHECK(requests[1].max_attempts == 1);
        const Header* signature = header(requests[2], "X-Hub-Signature-256");
        REQUIRE(signature != nullptr);
        CHECK(signature->second.rfind("sha256=", 0) == 0);
        CHECK(requests[2].bearer_token.empty());  // the Argo CD token goes only to its server
        CHECK(requests[3].bearer_token != "argocd-token");
    }
}
