// Which Argo CD commands each source gives the fixes (design §8, issue 13): kubectl wherever a
// kube context reaches the Argo CD cluster; else the argocd CLI through the API server, or, with
// neither, kubectl behind the access it needs.

#include "gather/argocd_source.hpp"
#include <doctest/doctest.h>

#include "preview/core/argocd_commands.hpp"
#include "preview/gather/gather.hpp"

using namespace preview;

TEST_SUITE("gather::argocd_source commands") {
    TEST_CASE("each source gives the commands its access can run") {
        KubeEndpoint endpoint;
        endpoint.context = "argo";
        endpoint.server = "https://argocd.test";
        const Result<KubeEndpoint> cluster = endpoint;
        const Result<KubeEndpoint> none = Error(ErrorKind::config, "no cluster for Argo CD");
        ArgocdEndpoint server;
        server.server.base_url = "https://argocd-api.test";

        CHECK(&argocd_through_kubernetes(cluster)->commands() == &argocd_kubectl_commands());
        CHECK(&argocd_through_kubernetes(none)->commands() == &argocd_no_access_commands());
        CHECK(&argocd_through_api(server, cluster, {})->commands() == &argocd_kubectl_commands());
        CHECK(&argocd_through_api(server, none, {})->commands() == &argocd_cli_commands());
    }
}
