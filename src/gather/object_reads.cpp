#include "preview/gather/object_reads.hpp"

#include <map>
#include <utility>

#include "gather/argocd_api_live.hpp"
#include "gather/argocd_api_workload.hpp"
#include "gather/argocd_source.hpp"
#include "gather/fetch_rounds.hpp"
#include "gather/kube_fetch.hpp"
#include <fmt/format.h>

#include "preview/api/kube_json.hpp"
#include "preview/api/watch_json.hpp"
#include "preview/core/kube_path.hpp"

namespace preview {
namespace {

const GroupVersion kGateway{"gateway.networking.k8s.io", "v1"};

// Keeps the resourceVersion of a 200 answer (an object's own, or a list's) before the fetch's
// own handler reads it.
Fetch keeping_version(Fetch fetch, std::string& version) {
    auto inner = std::move(fetch.handle);
    fetch.handle = [inner, &version](const HttpOutcome& outcome, FetchRounds& next) {
        if (outcome.ok() && outcome->status == 200) {
            version = list_resource_version(outcome->body);
        }
        inner(outcome, next);
    };
    return fetch;
}

}  // namespace

VersionedRead<std::optional<ApplicationSet>> gather_application_set(const Sources& sources,
                                                                    const Targets& targets) {
    VersionedRead<std::optional<ApplicationSet>> read;
    std::map<std::string, std::string> versions;
    FetchRounds rounds(sources.http);
    rounds.add(sources.argocd.read_application_set(targets, read.value, &versions));
    rounds.run();
    if (read.value.ok() && read.value->has_value()) {
        read.resource_version = versions["applicationset"];  // empty: nothing to watch from
    }
    return read;
}

VersionedRead<std::vector<HttpRoute>> gather_http_routes(const Sources& sources,
                                                         const Targets& targets) {
    VersionedRead<std::vector<HttpRoute>> read;
    FetchRounds rounds(sources.http);
    rounds.add(keeping_version(
        list_objects<HttpRoute>(
            sources.workload, KubePath::collection(kGateway, "httproutes", targets.namespace_name),
            {}, fmt::format("list HTTPRoutes in namespace {}", targets.namespace_name),
            [](std::string_view body) { return parse_http_route_list(body); }, read.value,
            not_installed(targets.http_routes, "gateway.networking.k8s.io/v1", "the Gateway API",
                          read.value)),
        read.resource_version));
    rounds.run();
    if (!read.value.ok()) {
        read.resource_version.clear();
    }
    return read;
}

VersionedRead<std::vector<HttpRoute>> reread_http_routes_through_api(
    const Sources& sources, const Targets& targets, const std::vector<ApiRouteRef>& refs) {
    VersionedRead<std::vector<HttpRoute>> read;
    if (sources.argocd_api == nullptr) {
        read.value = Error(ErrorKind::config, "no Argo CD API server to read the HTTPRoutes from");
        return read;
    }
    std::vector<Result<std::string>> docs;
    FetchRounds rounds(sources.http);
    add_live_route_reads(rounds, *sources.argocd_api, targets, refs, docs);
    rounds.run();
    std::vector<HttpRoute> routes;
    for (const auto& doc : docs) {
        if (!doc.ok()) {
            read.value = doc.error();
            return read;
        }
        auto parsed = parse_http_route_list(*doc);
        if (!parsed.ok()) {
            read.value = parsed.error();
            return read;
        }
        routes.insert(routes.end(), parsed->begin(), parsed->end());
    }
    read.value = std::move(routes);
    return read;
}

std::vector<WatchPoint> application_set_watch(
    const VersionedRead<std::optional<ApplicationSet>>& read) {
    if (read.resource_version.empty()) {
        return {};
    }
    return {WatchPoint{"applicationset", read.resource_version, {}}};
}

std::vector<WatchPoint> http_routes_watch(const VersionedRead<std::vector<HttpRoute>>& read) {
    if (read.resource_version.empty()) {
        return {};
    }
    return {WatchPoint{"httproutes", read.resource_version, {}}};
}

}  // namespace preview
