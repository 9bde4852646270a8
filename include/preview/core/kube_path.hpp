#pragma once

#include <string>
#include <string_view>

#include "preview/core/result.hpp"

/// The one way to build a Kubernetes request path. Object names and API versions often come from
/// a server (list items, discovery, a namespace's conditions) and are untrusted: a name such as
/// `x?dryRun=All` or an apiVersion such as `../api/v1/namespaces/kube-system/...` must never
/// reach a URL. Every part is checked against its Kubernetes rule and percent-encoded here.
namespace preview {

/// A checked API group and version: the group is empty (core API) or a DNS-1123 subdomain, the
/// version a DNS-1123 label.
struct GroupVersion {
    std::string group;    ///< "" for the core API
    std::string version;  ///< "v1", "v1beta1", ...

    /// "v1" or "group/version", as in an object's apiVersion.
    std::string api_version() const;
};

/// The group/version of `api_version` if it is one preview talks to (core v1, apps/v1, batch/v1,
/// argoproj.io/v1alpha1, gateway.networking.k8s.io/v1 and v1beta1, external-secrets.io/v1 and
/// v1beta1); ErrorKind::api naming the value otherwise.
Result<GroupVersion> known_api_version(std::string_view api_version);

/// A group/version that discovery (`GET /apis/{group}`) named for `group`: it must be
/// "{group}/{version}" with a valid version. ErrorKind::api otherwise.
Result<GroupVersion> discovered_api_version(std::string_view group, std::string_view api_version);

/// RFC 3986 percent-encoding of one path segment: everything but ALPHA, DIGIT, '-', '.', '_' and
/// '~' becomes %XX, so '/', '?', '#', '%' and control characters cannot change the path's shape.
std::string escape_path_segment(std::string_view segment);

/// A request path whose every segment was checked and percent-encoded. Only the factories below
/// make a non-empty one, so a function that takes a KubePath cannot be handed a raw string.
class KubePath {
  public:
    KubePath() = default;  ///< empty: no request can be made with it

    /// "/api/v1[/namespaces/{ns}]/{plural}" or
    /// "/apis/{group}/{version}[/namespaces/{ns}]/{plural}". An empty namespace means a
    /// cluster-scoped collection.
    static Result<KubePath> collection(const GroupVersion& gv, std::string_view plural,
                                       std::string_view namespace_name);

    /// The collection path plus "/{name}" and, when given, "/{subresource}". Names of namespaces
    /// are DNS-1123 labels, all other names DNS-1123 subdomains.
    static Result<KubePath> object(const GroupVersion& gv, std::string_view plural,
                                   std::string_view namespace_name, std::string_view name,
                                   std::string_view subresource = {});

    /// "/apis/{group}": the group's discovery document.
    static Result<KubePath> group(std::string_view group);

    const std::string& str() const { return path_; }
    bool empty() const { return path_.empty(); }
    friend bool operator==(const KubePath&, const KubePath&) = default;

  private:
    explicit KubePath(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

}  // namespace preview
