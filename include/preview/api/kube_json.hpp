#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

/// Kubernetes and Argo CD wire JSON -> plain structs. Pure and exception-free: any input yields a
/// value or an ErrorKind::api error that names the object and the field. Missing optional fields
/// and JSON null read as empty; a wrong type is an error. Every object needs metadata.name; a
/// top-level `kind` other than the expected one (a Status, a Table) is an error.
namespace preview {

/// metav1.ObjectMeta from the `metadata` value of an object; `subject` names the object in
/// errors (`Pod "x"`).
Result<ObjectMeta> parse_object_meta(const nlohmann::json& metadata, std::string_view subject);

/// An argoproj.io Application. Conditions carry type, message and lastTransitionTime (Argo CD's
/// have no status). The source is spec.source, else the first of spec.sources.
Result<Application> parse_application(std::string_view body);
Result<std::vector<Application>> parse_application_list(std::string_view body);

/// An argoproj.io ApplicationSet (its conditions have a status).
Result<ApplicationSet> parse_application_set(std::string_view body);
/// An ApplicationSetList (Kubernetes, or the Argo CD API's `/api/v1/applicationsets`).
Result<std::vector<ApplicationSet>> parse_application_set_list(std::string_view body);

/// A core/v1 Namespace.
Result<Namespace> parse_namespace(std::string_view body);

/// A NamespaceList, or the PartialObjectMetadataList a server sends for
/// `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (metadata only, a
/// fraction of the bytes on a big cluster). Without a status, a namespace with a
/// deletionTimestamp is Terminating, else Active.
Result<std::vector<Namespace>> parse_namespace_list(std::string_view body);

/// A DeploymentList or StatefulSetList (`kind` is "Deployment" or "StatefulSet"). spec.replicas
/// defaults to 1; a StatefulSet without status.availableReplicas (older servers) counts its
/// ready replicas as available.
Result<std::vector<Workload>> parse_workload_list(std::string_view body, std::string_view kind);

/// A PodList. Each pod lists its init containers first (init = true); ready is the pod's Ready
/// condition.
Result<std::vector<Pod>> parse_pod_list(std::string_view body);

/// An ExternalSecretList; api_version is the list's apiVersion (external-secrets.io/v1 or
/// v1beta1), else the item's.
Result<std::vector<ExternalSecret>> parse_external_secret_list(std::string_view body);

/// A batch/v1 JobList.
Result<std::vector<Job>> parse_job_list(std::string_view body);

/// A gateway.networking.k8s.io HTTPRouteList. A parentRef without a namespace gets the route's
/// namespace, as Gateway API specifies.
Result<std::vector<HttpRoute>> parse_http_route_list(std::string_view body);

/// A core/v1 EventList. last_timestamp is lastTimestamp, else series.lastObservedTime, else
/// eventTime, else firstTimestamp; count is at least 1.
Result<std::vector<Event>> parse_event_list(std::string_view body);

/// metadata.continue of a list answer: the token for the next page; empty when this was the last
/// page or the body is not a list.
std::string list_continue_token(std::string_view body);

}  // namespace preview
