#include "preview/gather/argocd_sources.hpp"

#include <array>

namespace preview {
namespace {

const std::array<ArgocdSourceFactory, 2> kFactories{{
    {"argocd-api", [](const ArgocdEndpoints& e) { return e.server.has_value(); },
     [](const ArgocdEndpoints& e) { return argocd_through_api(*e.server, e.cluster, e.webhook); }},
    {"kubernetes", [](const ArgocdEndpoints&) { return true; },
     [](const ArgocdEndpoints& e) { return argocd_through_kubernetes(e.cluster); }},
}};

}  // namespace

std::span<const ArgocdSourceFactory> argocd_source_factories() {
    return kFactories;
}

std::shared_ptr<const ArgocdSource> make_argocd_source(const ArgocdEndpoints& endpoints) {
    for (const auto& factory : kFactories) {
        if (factory.fits(endpoints)) {
            return factory.make(endpoints);
        }
    }
    return argocd_through_kubernetes(endpoints.cluster);  // unreachable: the last always fits
}

}  // namespace preview
