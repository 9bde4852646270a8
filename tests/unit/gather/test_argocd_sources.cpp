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
    TEST_CASE("the source each set of endpoints makes") {
        struct Case {
            const char* name;
            bool cluster;  // the Argo CD cluster's kube context resolved
            bool server;   // an API server is set
            ReadSource reads;
            bool kube_context;
        };
        for (const Case& c : {
                 Case{"the API server when one is set, the kube context then carrying what it "
                      "cannot",
                      true, true, ReadSource::argocd_api, true},
                 Case{"the API server alone: no kube context for kubectl fixes", false, true,
                      ReadSource::argocd_api, false},
                 Case{"no API server: the Argo CD cluster's Kubernetes API", true, false,
                      ReadSource::kubernetes, true},
                 Case{"no API server: the Kubernetes API even when the cluster did not resolve",
                      false, false, ReadSource::kubernetes, false},
             }) {
            SUBCASE(c.name) {
                const Result<KubeEndpoint> cluster =
                    c.cluster ? Result<KubeEndpoint>(argo_cluster())
                              : Result<KubeEndpoint>(Error(ErrorKind::config, "no cluster"));
                const std::optional<ArgocdEndpoint> server =
                    c.server ? std::optional<ArgocdEndpoint>(argo_server()) : std::nullopt;
                const auto source = make_argocd_source(ArgocdEndpoints{cluster, server, {}});
                REQUIRE(source != nullptr);
                CHECK(source->read_source() == c.reads);
                CHECK(source->kube_context() == c.kube_context);
            }
        }
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
