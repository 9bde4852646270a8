// Which Argo CD source a session gets from the endpoints open_session resolved (design §8).

#include <optional>
#include <string>

#include "gather/argocd_source.hpp"
#include <doctest/doctest.h>

#include "preview/gather/argocd_sources.hpp"

namespace {

using namespace preview;

KubeEndpoint argo_cluster() {
    KubeEndpoint e;
    e.context = "argo";
    e.server = "https://argocd.test";
    return e;
}

ArgocdEndpoint argo_server() {
    ArgocdEndpoint e;
    e.server.base_url = "https://argocd-api.test";
    e.token = "argocd-token";
    return e;
}

}  // namespace

TEST_SUITE("gather::argocd_sources") {
    TEST_CASE("the API server when one is set, the kube context then carrying what it cannot") {
        const Result<KubeEndpoint> cluster = argo_cluster();
        const std::optional<ArgocdEndpoint> server = argo_server();
        const auto source = make_argocd_source(ArgocdEndpoints{cluster, server, {}});
        REQUIRE(source != nullptr);
        CHECK(source->read_source() == ReadSource::argocd_api);
        CHECK(source->kube_context());
    }

    TEST_CASE("the API server alone: no kube context for kubectl fixes") {
        const Result<KubeEndpoint> cluster = Error(ErrorKind::config, "no cluster");
        const std::optional<ArgocdEndpoint> server = argo_server();
        const auto source = make_argocd_source(ArgocdEndpoints{cluster, server, {}});
        REQUIRE(source != nullptr);
        CHECK(source->read_source() == ReadSource::argocd_api);
        CHECK_FALSE(source->kube_context());
    }

    TEST_CASE("no API server: the Argo CD cluster's Kubernetes API, even when it did not resolve") {
        const std::optional<ArgocdEndpoint> none;
        const Result<KubeEndpoint> cluster = argo_cluster();
        const auto through_cluster = make_argocd_source(ArgocdEndpoints{cluster, none, {}});
        REQUIRE(through_cluster != nullptr);
        CHECK(through_cluster->read_source() == ReadSource::kubernetes);
        CHECK(through_cluster->kube_context());

        const Result<KubeEndpoint> missing = Error(ErrorKind::config, "no cluster");
        const auto without = make_argocd_source(ArgocdEndpoints{missing, none, {}});
        REQUIRE(without != nullptr);
        CHECK(without->read_source() == ReadSource::kubernetes);
        CHECK_FALSE(without->kube_context());
    }

    TEST_CASE("the table: most specific first, the last fits any endpoints") {
        const auto factories = argocd_source_factories();
        REQUIRE(factories.size() == 2);
        CHECK(std::string(factories[0].name) == "argocd-api");
        CHECK(std::string(factories[1].name) == "kubernetes");
        const Result<KubeEndpoint> missing = Error(ErrorKind::config, "no cluster");
        const std::optional<ArgocdEndpoint> none;
        CHECK(factories.back().fits(ArgocdEndpoints{missing, none, {}}));
        CHECK_FALSE(factories.front().fits(ArgocdEndpoints{missing, none, {}}));
    }
}
