// Kubernetes and Argo CD JSON -> structs (include/preview/api/kube_json.hpp, the namespace
// leftovers of api/leftovers.hpp, one line of Argo CD's application stream of
// api/argocd_stream_json.hpp). The first byte picks the parser, see kParsers.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "json_invariants.hpp"

#include "preview/api/argocd_stream_json.hpp"
#include "preview/api/kube_json.hpp"
#include "preview/api/leftovers.hpp"
#include "preview/core/k8s_names.hpp"

using namespace preview;

namespace {

// a Application, A ApplicationList, s ApplicationSet, n Namespace, d DeploymentList,
// S StatefulSetList, p PodList, e ExternalSecretList, j JobList, r HTTPRouteList, E EventList,
// L any list (leftovers), v APIGroup (preferred version), m NamespaceContentRemaining message,
// c metadata.continue, w one line of the Argo CD application stream, o ObjectMeta of the body's
// metadata (the last: any other first byte).
constexpr std::string_view kParsers = "aAsndSpejrELvmcwo";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input = fuzz::as_text(data, size);
    const std::size_t which = fuzz::select(input, kParsers);
    switch (which) {
        case 0:
            fuzz::check_json_parser(input, parse_application, "parse_application");
            break;
        case 1:
            fuzz::check_json_parser(input, parse_application_list, "parse_application_list");
            break;
        case 2:
            fuzz::check_json_parser(input, parse_application_set, "parse_application_set");
            break;
        case 3:
            fuzz::check_json_parser(input, parse_namespace, "parse_namespace");
            break;
        case 4:
        case 5: {
            const std::string_view kind = which == 4 ? "Deployment" : "StatefulSet";
            fuzz::check_json_parser(
                input, [kind](std::string_view body) { return parse_workload_list(body, kind); },
                "parse_workload_list");
            if (const auto workloads = parse_workload_list(input, kind)) {
                for (const auto& w : *workloads) {
                    fuzz::check(w.kind == kind, "parse_workload_list",
                                "kind not the one asked for");
                }
            }
            break;
        }
        case 6:
            fuzz::check_json_parser(input, parse_pod_list, "parse_pod_list");
            break;
        case 7:
            fuzz::check_json_parser(input, parse_external_secret_list,
                                    "parse_external_secret_list");
            break;
        case 8:
            fuzz::check_json_parser(input, parse_job_list, "parse_job_list");
            break;
        case 9:
            fuzz::check_json_parser(input, parse_http_route_list, "parse_http_route_list");
            break;
        case 10:
            fuzz::check_json_parser(input, parse_event_list, "parse_event_list");
            if (const auto events = parse_event_list(input)) {
                for (const auto& e : *events) {
                    fuzz::check(e.count >= 1, "parse_event_list", "count below 1");
                }
            }
            break;
        case 11:
            fuzz::check_json_parser(input, parse_leftover_list, "parse_leftover_list");
            break;
        case 12:
            fuzz::check_json_parser(input, parse_preferred_version, "parse_preferred_version");
            break;
        case 13: {
            const auto resources = remaining_resources(input);
            for (const auto& r : resources) {
                fuzz::check(!r.resource.empty(), "remaining_resources", "an empty resource name");
            }
            break;
        }
        case 14: {
            const std::string token = list_continue_token(input);
            fuzz::check(token == list_continue_token(input), "list_continue_token",
                        "not deterministic");
            break;
        }
        case 15: {
            const auto event = parse_argocd_stream_event(input);
            const auto again = parse_argocd_stream_event(input);
            fuzz::check(event.ok() == again.ok(), "parse_argocd_stream_event", "not deterministic");
            if (event.ok() && !event->is_error()) {
                fuzz::check(
                    event->type == "ADDED" || event->type == "MODIFIED" || event->type == "DELETED",
                    "parse_argocd_stream_event", "an unknown event type");
                fuzz::check(!dns1123_subdomain_problem(event->name), "parse_argocd_stream_event",
                            "a name that is not a Kubernetes name");
                const std::string& rv = event->resource_version;
                std::uint64_t number = 0;
                const auto parsed = std::from_chars(rv.data(), rv.data() + rv.size(), number);
                const bool numeric =
                    !rv.empty() && parsed.ec == std::errc() && parsed.ptr == rv.data() + rv.size();
                fuzz::check(event->type == "DELETED" || !numeric || !is_news(*event, rv), "is_news",
                            "news against its own resourceVersion");
            }
            break;
        }
        default: {
            const auto doc = nlohmann::json::parse(input, nullptr, false);
            if (doc.is_object() && doc.contains("metadata")) {
                const auto meta = parse_object_meta(doc["metadata"], "Object \"fuzz\"");
                fuzz::check(fuzz::fingerprint(meta) == fuzz::fingerprint(parse_object_meta(
                                                           doc["metadata"], "Object \"fuzz\"")),
                            "parse_object_meta", "not deterministic");
            }
            break;
        }
    }
    return 0;
}
