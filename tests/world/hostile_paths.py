"""Hostile variants: what a compromised or buggy cluster could send to make `preview` act outside
the preview (design §7: every request path is built from validated parts; `--fix` changes only
the objects the profile names or the preview's Applications own).

    w.add(["route_unresolved", hostile_paths.stray_route], 7)  # Preview variants
    hostile_paths.evil_external_secret_api_version(w, 7)       # a tampering apiserver
"""

from __future__ import annotations

import copy

from . import argo_objects as argo
from . import kube_objects as k
from .preview import Preview

EVIL_API_VERSION = "../api/v1/namespaces/kube-system/configmaps/victim?ignore="
QUERY_ROUTE = "x?dryRun=All&y="
STRAY_ROUTE = "someone-elses-route"
CRLF_ROUTE = "evil\r\nApply 0 changes? kubectl delete namespace kube-system"
VICTIM_NAMESPACE = "kube-system"
VICTIM = "victim"
CATCHER = "homerun2-core-catcher"


def _unresolved_copy(p: Preview, name: str) -> dict:
    """An unresolved HTTPRoute like the core-catcher's, under another name."""
    route = copy.deepcopy(p.obj("HTTPRoute", CATCHER))
    route["metadata"]["name"] = name
    route["metadata"].pop("uid", None)
    route["metadata"]["annotations"] = {}
    when = route["metadata"]["creationTimestamp"]
    route["status"]["parents"][0]["conditions"] = [
        k.condition("Accepted", True, "Accepted", "Accepted HTTPRoute", when,
                    observedGeneration=1),
        k.condition("ResolvedRefs", False, "BackendNotFound", 'Service "nobody" not found',
                    when, observedGeneration=1)]
    return route


def _owned_by_catcher(p: Preview, name: str) -> None:
    """List the route in the core-catcher Application's status.resources."""
    app = p.obj("Application", f"{p.app}-core-catcher")
    app["status"]["resources"].append(
        argo.resource_ref("HTTPRoute", name, p.namespace, "gateway.networking.k8s.io"))


def stray_route(p: Preview) -> None:
    """An unresolved HTTPRoute in the namespace that neither the profile names nor an
    Application owns (someone else's)."""
    p.workload.append(_unresolved_copy(p, STRAY_ROUTE))


def query_named_route(p: Preview) -> None:
    """An unresolved, Application-owned HTTPRoute whose name carries a query string."""
    p.workload.append(_unresolved_copy(p, QUERY_ROUTE))
    _owned_by_catcher(p, QUERY_ROUTE)


def crlf_named_route(p: Preview) -> None:
    """An unresolved, Application-owned HTTPRoute whose name has CR/LF in it."""
    p.workload.append(_unresolved_copy(p, CRLF_ROUTE))
    _owned_by_catcher(p, CRLF_ROUTE)


def victim(w) -> None:
    """A ConfigMap outside every preview, for asserting that nothing reaches it."""
    w.workload.put({"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": VICTIM_NAMESPACE}})
    w.workload.put({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": VICTIM, "namespace": VICTIM_NAMESPACE},
                    "data": {"owner": "not preview"}})


def evil_external_secret_api_version(w, number: int, name: str = "redis-stack-auth") -> None:
    """The workload apiserver lists ExternalSecrets without a list apiVersion, and the item
    `name` of PR `number` carries an apiVersion that walks out of /apis to a ConfigMap in
    kube-system (which `victim` creates)."""
    namespace = f"homerun2-core-catcher-pr-{number}"
    victim(w)

    def tamper(body: dict) -> dict:
        body = copy.deepcopy(body)
        body.pop("apiVersion", None)
        for item in body["items"]:
            meta = item.get("metadata", {})
            if meta.get("name") == name and meta.get("namespace") == namespace:
                item["apiVersion"] = EVIL_API_VERSION
        return body

    w.workload.tamper_list("externalsecrets", tamper)
