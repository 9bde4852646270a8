"""The resource types the world's Kubernetes API servers know about.

A type is identified by (group, plural) and may be served in several versions (ESO's
ExternalSecret in v1 and v1beta1). Objects are stored once per (group, plural, namespace, name)
and shown in whichever version the client asked for, as a real apiserver converts them.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")

# Field selectors every type supports; the apiserver rejects anything else with a 400.
COMMON_FIELDS = ("metadata.name", "metadata.namespace")


@dataclass(frozen=True)
class ResourceType:
    group: str                       # "" for the core group
    versions: tuple[str, ...]        # newest/preferred first
    plural: str
    kind: str
    namespaced: bool
    builtin: bool = True             # False for CRDs: list items then carry kind/apiVersion
    short_names: tuple[str, ...] = ()
    extra_fields: tuple[str, ...] = ()   # field selectors beyond COMMON_FIELDS
    subresources: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        """`pods` or `applications.argoproj.io`, as in the apiserver's error messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def field_selectors(self) -> tuple[str, ...]:
        return COMMON_FIELDS + self.extra_fields

    def api_version(self, version: str) -> str:
        return f"{self.group}/{version}" if self.group else version


_EVENT_FIELDS = tuple(f"involvedObject.{f}" for f in (
    "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) + (
    "reason", "reportingComponent", "source", "type")

CATALOG: tuple[ResourceType, ...] = (
    # core/v1
    ResourceType("", ("v1",), "namespaces", "Namespace", False, short_names=("ns",),
                 extra_fields=("status.phase",), subresources=("status", "finalize")),
    ResourceType("", ("v1",), "pods", "Pod", True, short_names=("po",),
                 extra_fields=("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                               "spec.serviceAccountName", "status.phase", "status.podIP",
                               "status.nominatedNodeName"),
                 subresources=("log", "status")),
    ResourceType("", ("v1",), "secrets", "Secret", True, extra_fields=("type",)),
    ResourceType("", ("v1",), "configmaps", "ConfigMap", True, short_names=("cm",)),
    ResourceType("", ("v1",), "services", "Service", True, short_names=("svc",)),
    ResourceType("", ("v1",), "serviceaccounts", "ServiceAccount", True, short_names=("sa",)),
    ResourceType("", ("v1",), "events", "Event", True, short_names=("ev",),
                 extra_fields=_EVENT_FIELDS),
    ResourceType("", ("v1",), "resourcequotas", "ResourceQuota", True, short_names=("quota",)),
    ResourceType("", ("v1",), "limitranges", "LimitRange", True, short_names=("limits",)),
    # apps, batch
    ResourceType("apps", ("v1",), "deployments", "Deployment", True, short_names=("deploy",),
                 subresources=("status", "scale")),
    ResourceType("apps", ("v1",), "replicasets", "ReplicaSet", True, short_names=("rs",)),
    ResourceType("apps", ("v1",), "statefulsets", "StatefulSet", True, short_names=("sts",)),
    ResourceType("batch", ("v1",), "jobs", "Job", True, extra_fields=("status.successful",)),
    # CRDs
    ResourceType("argoproj.io", ("v1alpha1",), "applications", "Application", True,
                 builtin=False, short_names=("app", "apps")),
    ResourceType("argoproj.io", ("v1alpha1",), "applicationsets", "ApplicationSet", True,
                 builtin=False, short_names=("appset", "appsets")),
    ResourceType("argoproj.io", ("v1alpha1",), "appprojects", "AppProject", True,
                 builtin=False, short_names=("appproj", "appprojs")),
    ResourceType("external-secrets.io", ("v1", "v1beta1"), "externalsecrets", "ExternalSecret",
                 True, builtin=False, short_names=("es",)),
    ResourceType("external-secrets.io", ("v1", "v1beta1"), "clustersecretstores",
                 "ClusterSecretStore", False, builtin=False, short_names=("css",)),
    ResourceType("gateway.networking.k8s.io", ("v1", "v1beta1"), "httproutes", "HTTPRoute", True,
                 builtin=False),
    ResourceType("gateway.networking.k8s.io", ("v1", "v1beta1"), "gateways", "Gateway", True,
                 builtin=False, short_names=("gtw",)),
    ResourceType("kyverno.io", ("v1",), "clusterpolicies", "ClusterPolicy", False,
                 builtin=False, short_names=("cpol",)),
    ResourceType("kyverno.io", ("v2",), "updaterequests", "UpdateRequest", True,
                 builtin=False, short_names=("ur",)),
    ResourceType("kyverno.io", ("v2",), "clustercleanuppolicies", "ClusterCleanupPolicy", False,
                 builtin=False, short_names=("ccleanpol",)),
)

_BY_PLURAL = {(t.group, t.plural): t for t in CATALOG}
_BY_KIND = {(t.group, t.kind): t for t in CATALOG}


def all_group_versions() -> set[str]:
    """Every "group/version" (core: "v1") in the catalog."""
    return {t.api_version(v) for t in CATALOG for v in t.versions}


def by_plural(group: str, plural: str) -> ResourceType | None:
    return _BY_PLURAL.get((group, plural))


def by_kind(group: str, kind: str) -> ResourceType | None:
    return _BY_KIND.get((group, kind))


def for_object(obj: dict) -> ResourceType:
    """The type of an object from its apiVersion and kind."""
    api_version = obj.get("apiVersion", "")
    group = api_version.rpartition("/")[0]
    rtype = by_kind(group, obj.get("kind", ""))
    if rtype is None:
        raise KeyError(f"unknown type {api_version} {obj.get('kind')}")
    return rtype


def split_group_version(group_version: str) -> tuple[str, str]:
    group, _, version = group_version.rpartition("/")
    return group, version
