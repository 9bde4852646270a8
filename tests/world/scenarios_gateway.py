"""Scenario variants of the Gateway, the route's backends and the URL's failure classes
(failure-modes.md F2-F6, C5's route side). Registered in scenarios.VARIANTS.

A Gateway lives in namespace `default`, shared by every preview: a variant that installs one
changes it for the whole world, as the real fault does (use a World of its own).
"""

from __future__ import annotations

from . import clock
from . import kube_objects as k
from .app_server import Health
from .preview import Preview

CATCHER = "homerun2-core-catcher"
UPSTREAM_TIMEOUT = ("upstream connect error or disconnect/reset before headers. reset reason: "
                    "connection timeout")


def _unreported_routes(p: Preview) -> None:
    """No gateway controller reports on the routes; Argo CD >= 3.3 keeps the children that own
    them Progressing with `Waiting for HTTPRoute status` (C5)."""
    for route in p.objs("HTTPRoute"):
        route["status"] = {"parents": []}
    for app in p.objs("Application"):
        for res in app["status"].get("resources", []):
            if res["kind"] == "HTTPRoute":
                res["health"] = {"status": "Progressing",
                                 "message": "Waiting for HTTPRoute status"}
                app["status"]["health"] = {"status": "Progressing",
                                           "lastTransitionTime": clock.ago(minutes=30)}


HOSTILE_GATEWAY_NAME = "../../../../../../api/v1/namespaces/kube-system/secrets"
HOSTILE_GATEWAY_NAMESPACE = "../../api/v1"
HOSTILE_GATEWAY_QUERY = "gw\x1b]0;pwned\x07?dryRun=All"
HOSTILE_SERVICE_NAME = "../secrets?x=\x1b[2J\u202e"


def hostile_parent_refs(p: Preview) -> None:
    """Design §7: the routes no controller reports on name their Gateway with path tricks (a
    name and a namespace that walk out of /apis to the Secrets, a query and terminal controls),
    so reading the Gateway must not make a request."""
    _unreported_routes(p)
    for route in p.objs("HTTPRoute"):
        route["spec"]["parentRefs"] = [
            dict(k.GATEWAY_REF, name=HOSTILE_GATEWAY_NAME),
            dict(k.GATEWAY_REF, namespace=HOSTILE_GATEWAY_NAMESPACE),
            dict(k.GATEWAY_REF, name=HOSTILE_GATEWAY_QUERY)]
    p.health = None


def hostile_backend_ref(p: Preview) -> None:
    """Design §7: the unresolved route's backendRef is a path trick with terminal controls; no
    Service can have that name."""
    route = p.obj("HTTPRoute", CATCHER)
    route["spec"]["rules"][0]["backendRefs"][0]["name"] = HOSTILE_SERVICE_NAME
    route["status"]["parents"][0]["conditions"] = [
        k.condition("Accepted", True, "Accepted", "Accepted HTTPRoute", clock.ago(minutes=30)),
        k.condition("ResolvedRefs", False, "BackendNotFound", "Service not found",
                    clock.ago(minutes=30))]
    p.health = Health(500)


def _gateway(p: Preview, conditions: list[dict], addresses: list[str]) -> None:
    ref = k.GATEWAY_REF
    year_ago = clock.ago(hours=24 * 365)
    p.workload.append({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": k.meta(ref["name"], ref["namespace"], created=year_ago, generation=1),
        "spec": {"gatewayClassName": "cilium", "listeners": [
            {"name": "https", "protocol": "HTTPS", "port": 443,
             "hostname": "*.homerun2-dev.sthings-vsphere.labul.sva.de",
             "allowedRoutes": {"namespaces": {"from": "All"}}}]},
        "status": {"addresses": [{"type": "IPAddress", "value": a} for a in addresses],
                   "conditions": conditions}})


def gateway_missing(p: Preview) -> None:
    """F2: the routes' parentRef names default/homerun2-dev-gateway, which this cluster does not
    have (the world installs no Gateway): no controller reports on the routes."""
    _unreported_routes(p)
    p.health = None


def gateway_pending(p: Preview) -> None:
    """F3: the Gateway exists but no controller took it (cilium-operator started before the
    Gateway CRDs existed): Accepted Unknown/Pending `Waiting for controller`."""
    _unreported_routes(p)
    when = clock.ago(hours=48)
    _gateway(p, [k.condition("Accepted", "Unknown", "Pending", "Waiting for controller", when,
                             observedGeneration=1),
                 k.condition("Programmed", "Unknown", "Pending", "Waiting for controller", when,
                             observedGeneration=1)], [])
    p.health = Health("drop")


def gateway_no_address(p: Preview) -> None:
    """F3: the Gateway is accepted but gets no load-balancer IP (no CiliumLoadBalancerIPPool):
    Programmed=False AddressNotAssigned."""
    _unreported_routes(p)
    when = clock.ago(hours=48)
    _gateway(p, [k.condition("Accepted", True, "Accepted", "Valid Gateway", when,
                             observedGeneration=1),
                 k.condition("Programmed", False, "AddressNotAssigned",
                             "Gateway waiting for address", when, observedGeneration=1)], [])
    p.health = Health("drop")


def _backend_not_found(p: Preview, message: str) -> dict:
    route = p.obj("HTTPRoute", CATCHER)
    when = clock.ago(minutes=38)
    route["status"]["parents"][0]["conditions"] = [
        k.condition("Accepted", True, "Accepted", "Accepted HTTPRoute", when,
                    observedGeneration=1),
        k.condition("ResolvedRefs", False, "BackendNotFound", message, when,
                    observedGeneration=1)]
    p.health = Health(500)
    return route


def backend_service_missing(p: Preview) -> None:
    """F4: BackendNotFound and the Service really does not exist: Argo CD has not synced it, so
    bumping the route cannot help."""
    _backend_not_found(p, f'Service "{CATCHER}" not found')
    p.drop("Service", CATCHER)
    app = p.obj("Application", f"{p.app}-core-catcher")
    app["status"]["sync"]["status"] = "OutOfSync"
    for res in app["status"]["resources"]:
        if res["kind"] == "Service" and res["name"] == CATCHER:
            res["status"] = "OutOfSync"
            res["health"] = {"status": "Missing"}


def backend_port_mismatch(p: Preview) -> None:
    """F4: the Service exists, but the route's backendRef asks for the container port 8080
    instead of the Service port 80 (newer Cilium names the port)."""
    route = _backend_not_found(p, f'Service "{CATCHER}" does not have port 8080')
    route["spec"]["rules"][0]["backendRefs"][0]["port"] = 8080


def url_empty_500(p: Preview) -> None:
    """F6: the gateway answers 500 with an empty body (an invalid backend, per Gateway API)."""
    p.health = Health(500, body="")


def url_stale_endpoint(p: Preview) -> None:
    """F6: 503 `upstream connect error ... connection timeout`: the gateway still sends traffic
    to the IP of a pod that restarted (cilium#48460)."""
    p.health = Health(503, body=UPSTREAM_TIMEOUT)


def url_no_healthy_upstream(p: Preview) -> None:
    """F6: Envoy's 503 `no healthy upstream`."""
    p.health = Health(503, body="no healthy upstream")


HOSTILE_BODY = "\x1b]0;pwned\x07no healthy upstream\x1b[2K\u202eFAKE"


def url_hostile_body(p: Preview) -> None:
    """Design §7: the gateway's 503 body carries terminal controls; it is kept as evidence."""
    p.health = Health(503, body=HOSTILE_BODY)


OTHER_NAMESPACE = "homerun2-omni-pitcher-pr-3"
OTHER_ROUTE = "homerun2-omni-pitcher"
OTHER_SHA = "c0ffee0d" * 5


def hostname_claimed(p: Preview, name: str = OTHER_ROUTE) -> None:
    """F5: a month-old route of another preview claims this preview's hostname and path on the
    same Gateway. Gateway API gives the traffic to the older route, so the URL answers the other
    app's commit, and both routes report Accepted=True."""
    host = p.obj("HTTPRoute", CATCHER)["spec"]["hostnames"][0]
    p.workload.append(k.httproute(OTHER_NAMESPACE, name, host, OTHER_ROUTE,
                                  clock.ago(hours=24 * 30), argo_app="homerun2-omni-pitcher-pr-3"))
    p.health = Health("healthy", version=f"pr-3-{OTHER_SHA}", commit=OTHER_SHA)


VARIANTS = {
    "hostname_claimed": hostname_claimed,
    "gateway_missing": gateway_missing,
    "gateway_pending": gateway_pending,
    "gateway_no_address": gateway_no_address,
    "backend_service_missing": backend_service_missing,
    "backend_port_mismatch": backend_port_mismatch,
    "url_empty_500": url_empty_500,
    "url_stale_endpoint": url_stale_endpoint,
    "url_no_healthy_upstream": url_no_healthy_upstream,
    "hostile_parent_refs": hostile_parent_refs,
    "hostile_backend_ref": hostile_backend_ref,
    "url_hostile_body": url_hostile_body,
}
