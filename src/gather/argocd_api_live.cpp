#include "gather/argocd_api_live.hpp"

#include "gather/argocd_api_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/argocd_tree_json.hpp"
#include "preview/io/url.hpp"

namespace preview {

HttpRequest live_request(const ArgocdEndpoint& ep, const Targets& t, const std::string& app,
                         const std::string& kind, const std::string& name,
                         const std::string& version, const std::string& group) {
    return ep.request("GET", with_query("/api/v1/applications/" + url_escape(app) + "/resource",
                                        {{"namespace", t.namespace_name},
                                         {"resourceName", name},
                                         {"version", version},
                                         {"kind", kind},
                                         {"group", group},
                                         {"appNamespace", t.argocd_namespace}}));
}

Result<std::string> live_answer(const HttpOutcome& o, const std::string& what,
                                const std::string& kind, const std::string& name) {
    if (!o.ok() || o->status != 200) {
        return argocd_failure(o, what);
    }
    if (auto bad = not_api_answer(*o, what)) {
        return *bad;
    }
    return live_manifest_as_list(o->body, kind, name);
}

void add_live_route_reads(FetchRounds& rounds, const ArgocdEndpoint& ep, const Targets& t,
                          const std::vector<ApiRouteRef>& refs,
                          std::vector<Result<std::string>>& out) {
    out.assign(refs.size(), Result<std::string>(Snapshot::not_read()));
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const ApiRouteRef& ref = refs[i];
        const std::string what =
            fmt::format("read the live HTTPRoute {} from the Argo CD API server", ref.name);
        rounds.add(Fetch{live_request(ep, t, ref.app, "HTTPRoute", ref.name, ref.version,
                                      "gateway.networking.k8s.io"),
                         [&out, i, what, name = ref.name](const HttpOutcome& o, FetchRounds&) {
                             out[i] = live_answer(o, what, "HTTPRoute", name);
                         }});
    }
}

}  // namespace preview
