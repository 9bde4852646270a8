"""A Kubernetes API server over HTTPS, faithful where a client can tell the difference.

Serves /api, /apis discovery (kube_discovery.py) and the resource paths of kube_types.CATALOG
for the group/versions in `served`; GET, LIST (label/field selectors, limit/continue), PATCH
(merge and JSON patch; strategic merge only for built-in types), DELETE (finalizer-aware) and pod
logs. Errors are metav1.Status objects with the apiserver's reasons and messages
(kube_status.py). Watches: see watch.py (`server.watches`). Not served: create/update
(POST/PUT), Table output; tests set up state through `store` instead.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import uuid
from dataclasses import dataclass

from . import clock, kube_discovery, kube_types
from .https_server import HttpsServer, ServedOverHttps, Request, Response
from .kube_auth import Authenticator, Authorizer, Identity, forbidden_message
from .kube_status import KubeError, no_such_path, not_found, object_details, status
from .kube_types import ResourceType
from .patch import PatchError, json_patch, merge_patch
from .selectors import (SelectorError, matches_fields, matches_labels, parse_field_selector,
                        parse_label_selector)
from .store import ObjectStore
from .tls import Certificates
from .watch import WatchHub, timeout_of

MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC = "application/strategic-merge-patch+json"
APPLY = "application/apply-patch+yaml"

CONTINUE_EXPIRED = (
    "The provided continue parameter is too old to display a consistent list result. You can "
    "start a new list without the continue parameter, or use the continue token in this "
    "response to retrieve the remainder of the results. Continuing with the provided token "
    "results in an inconsistent list - objects that were created, modified, or deleted between "
    "the time the first chunk was returned and now may show up in the list.")
# kubelet's words for a container that has not started, by waiting reason
_WAITING = {"ErrImagePull": "trying and failing to pull image",
            "ImagePullBackOff": "trying and failing to pull image",
            "InvalidImageName": "image can't be pulled"}


@dataclass(frozen=True)
class Target:
    """A resolved resource URL."""

    rtype: ResourceType
    version: str
    namespace: str | None
    name: str | None
    subresource: str | None

    @property
    def api_version(self) -> str:
        return self.rtype.api_version(self.version)


class KubeServer(ServedOverHttps):
    """One fake cluster: an object store behind an HTTPS API server."""

    def __init__(self, name: str, certs: Certificates, *, served: set[str] | None = None,
                 tls: str = "valid"):
        self.name = name
        self.store = ObjectStore()
        self.auth = Authenticator()
        self.rbac = Authorizer()
        self.served = set(served) if served is not None else kube_types.all_group_versions()
        self.secret_reads: list[dict] = []     # every attempt to read a Secret
        self._continue_epoch = 0
        self._list_tampers: dict[str, list] = {}   # plural -> [fn(list body) -> list body]
        self.http = HttpsServer(self, certs, client_auth=True, tls=tls)
        self.watches = WatchHub(self.store)

    # -- conveniences for tests ---------------------------------------------------------------

    def put(self, *objects: dict) -> None:
        for obj in objects:
            self.store.put(obj)

    def serve(self, group_version: str) -> None:
        self.served.add(group_version)

    def unserve(self, group_version: str) -> None:
        """E.g. unserve("external-secrets.io/v1") for an old ESO install."""
        self.served.discard(group_version)

    def unserve_group(self, group: str) -> None:
        """The group is not installed at all (e.g. ESO missing)."""
        self.served = {gv for gv in self.served if kube_types.split_group_version(gv)[0] != group}

    def expire_continue_tokens(self) -> None:
        """Make every continue token issued so far answer 410 Expired (etcd compaction)."""
        self._continue_epoch += 1

    def tamper_list(self, plural: str, fn) -> None:
        """A hostile or broken apiserver: every list of `plural` is passed through fn(body) ->
        body before it is sent (e.g. an item with an apiVersion no real server would send)."""
        self._list_tampers.setdefault(plural, []).append(fn)

    def patches(self) -> list:
        return self.recorder.requests("PATCH")

    # -- HTTP entry point ---------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        headers = [("Audit-Id", str(uuid.uuid4())), ("Cache-Control", "no-cache, private")]
        identity = self.auth.authenticate(req.peer_cert, req.headers.get("authorization"))
        if identity is None:
            return Response.json(401, status(401, "Unauthorized", "Unauthorized"), headers)
        req.identity = identity.user
        try:
            code, body = self._route(req, identity)
        except KubeError as err:
            return Response.json(err.code, err.body, headers + err.headers)
        if isinstance(body, Response):   # a watch stream
            body.headers += headers
            return body
        if isinstance(body, str):
            return Response(code, body.encode(), [("Content-Type", "text/plain"), *headers])
        return Response.json(code, body, headers)

    def _route(self, req: Request, identity: Identity) -> tuple[int, dict | str]:
        segs = req.segments
        discovery = kube_discovery.discovery(segs, self.served, self.http.host)
        if discovery is not None:
            if req.method not in ("GET", "HEAD"):
                raise KubeError(405, "MethodNotAllowed",
                                "the server does not allow this method on the requested resource")
            return 200, discovery
        if len(segs) >= 3 and segs[0] == "api":
            group, version, rest = "", segs[1], segs[2:]
        elif len(segs) >= 4 and segs[0] == "apis":
            group, version, rest = segs[1], segs[2], segs[3:]
        else:
            raise no_such_path()
        if (f"{group}/{version}" if group else version) not in self.served:
            raise no_such_path()
        return self._serve(req, identity, self._resolve(group, version, rest))

    def _resolve(self, group: str, version: str, rest: list[str]) -> Target:
        rtype, namespace, tail = None, None, rest[1:]
        if rest[0] == "namespaces" and len(rest) >= 3:
            candidate = kube_types.by_plural(group, rest[2])
            if candidate and candidate.namespaced:
                rtype, namespace, tail = candidate, rest[1], rest[3:]
        if rtype is None:
            rtype = kube_types.by_plural(group, rest[0])
            if rtype is None or (rtype.namespaced and tail):
                raise no_such_path()
        if version not in rtype.versions or len(tail) > 2:
            raise no_such_path()
        name = tail[0] if tail else None
        sub = tail[1] if len(tail) == 2 else None
        if sub and sub not in rtype.subresources:
            raise no_such_path()
        return Target(rtype, version, namespace, name, sub)

    # -- verbs --------------------------------------------------------------------------------

    def _serve(self, req: Request, identity: Identity, t: Target) -> tuple[int, dict | str]:
        method = "GET" if req.method == "HEAD" else req.method
        if t.name is None:
            verb = {"GET": "list", "DELETE": "deletecollection", "POST": "create"}.get(method)
            if req.param("watch") in ("true", "1"):
                verb = "watch"
        else:
            verb = {"GET": "get", "PATCH": "patch", "DELETE": "delete", "PUT": "update"}.get(method)
        if verb is None:
            raise KubeError(405, "MethodNotAllowed",
                            "the server does not allow this method on the requested resource")
        if t.rtype.plural == "secrets":
            self.secret_reads.append({"verb": verb, "namespace": t.namespace, "name": t.name,
                                      "user": identity.user})
        if not self.rbac.allowed(identity, verb, t.rtype.group,
                                 f"{t.rtype.plural}/{t.subresource}" if t.subresource
                                 else t.rtype.plural, t.namespace):
            raise KubeError(403, "Forbidden",
                            forbidden_message(identity, verb, t.rtype.group, t.rtype.plural,
                                              t.subresource or "", t.name, t.namespace),
                            object_details(t.rtype, t.name))
        if verb == "list":
            return 200, self._list(req, t)
        if verb == "get" and t.subresource == "log":
            return 200, self._log(req, t)
        if verb == "get":
            return 200, self._present(self._get(t), t)
        if verb == "patch":
            return 200, self._patch(req, t)
        if verb == "delete" and not t.subresource:
            self._get(t)
            obj, removed = self.store.delete(t.rtype, t.namespace, t.name)
            return (200 if removed else 202), self._present(obj, t)
        if verb == "watch":
            return 200, self._watch(req, t, identity)
        raise KubeError(405, "MethodNotAllowed",
                        "the server does not allow this method on the requested resource")

    def _get(self, t: Target) -> dict:
        obj = self.store.get(t.rtype, t.namespace, t.name)
        if obj is None:
            raise not_found(t.rtype, t.name)
        return obj

    def _present(self, obj: dict, t: Target, in_list: bool = False) -> dict:
        """The object as the client asked for it: in its version, kind/apiVersion first.

        List items of built-in types carry no kind/apiVersion; CRD list items do.
        """
        rest = {k: v for k, v in obj.items() if k not in ("kind", "apiVersion")}
        if in_list and t.rtype.builtin:
            return rest
        return {"kind": t.rtype.kind, "apiVersion": t.api_version, **rest}

    def _list(self, req: Request, t: Target) -> dict:
        try:
            labels = parse_label_selector(req.param("labelSelector"))
            fields = parse_field_selector(req.param("fieldSelector"), t.rtype.field_selectors)
        except SelectorError as err:
            raise KubeError(400, "BadRequest", str(err)) from None
        listed, version = self.store.list_at(t.rtype, t.namespace)
        items = [o for o in listed
                 if matches_labels(labels, o["metadata"].get("labels"))
                 and matches_fields(fields, o)]
        if token := req.param("continue"):
            start = self._decode_continue(token)
            items = [o for o in items if _sort_key(o) > start]
        meta: dict = {"resourceVersion": version}
        limit = _int(req.param("limit"))
        if limit and len(items) > limit:
            remaining = len(items) - limit
            items = items[:limit]
            meta["continue"] = self._encode_continue(_sort_key(items[-1]))
            if not labels and not fields:
                meta["remainingItemCount"] = remaining
        if _wants_partial_metadata(req.headers.get("accept", "")):
            # What the API server sends kubectl for `get -o name` and what informers use for
            # metadata-only watches: the list and every item as meta.k8s.io/v1 metadata.
            return {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1",
                    "metadata": meta,
                    "items": [{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                               "metadata": o["metadata"]} for o in items]}
        body = {"kind": f"{t.rtype.kind}List", "apiVersion": t.api_version, "metadata": meta,
                "items": [self._present(o, t, in_list=True) for o in items]}
        for tamper in self._list_tampers.get(t.rtype.plural, []):
            body = tamper(body)
        return body

    def _watch(self, req: Request, t: Target, identity: Identity) -> Response:
        if self.watches.refuse or t.rtype.plural in self.watches.refuse_kinds:
            raise KubeError(403, "Forbidden", forbidden_message(
                identity, "watch", t.rtype.group, t.rtype.plural, "", None, t.namespace),
                object_details(t.rtype, None))
        try:
            labels = parse_label_selector(req.param("labelSelector"))
            fields = parse_field_selector(req.param("fieldSelector"), t.rtype.field_selectors)
        except SelectorError as err:
            raise KubeError(400, "BadRequest", str(err)) from None

        def matches(obj: dict) -> bool:
            rtype = kube_types.for_object(obj)
            return ((rtype.group, rtype.plural) == (t.rtype.group, t.rtype.plural)
                    and (t.namespace is None or obj["metadata"].get("namespace") == t.namespace)
                    and matches_labels(labels, obj["metadata"].get("labels"))
                    and matches_fields(fields, obj))

        writer = self.watches.stream(req.param("resourceVersion"), matches,
                                     lambda obj: self._present(obj, t), timeout_of(req),
                                     req.param("allowWatchBookmarks") == "true", t.rtype.kind,
                                     t.api_version, self.http._stopping)
        return Response(200, b"", [("Content-Type", "application/json")], stream=writer)

    def _encode_continue(self, key: tuple[str, str]) -> str:
        token = {"v": "meta.k8s.io/v1", "rv": int(self.store.resource_version),
                 "start": f"{key[0]}/{key[1]}\u0000", "epoch": self._continue_epoch}
        return base64.urlsafe_b64encode(json.dumps(token).encode()).decode().rstrip("=")

    def _decode_continue(self, token: str) -> tuple[str, str]:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            namespace, _, name = data["start"].rstrip("\u0000").partition("/")
            epoch = data["epoch"]
        except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
            raise KubeError(400, "BadRequest",
                            "continue key is not valid: illegal base64 data at input byte 0") \
                from None
        if epoch != self._continue_epoch:
            raise KubeError(410, "Expired", CONTINUE_EXPIRED)
        return namespace, name

    def _patch(self, req: Request, t: Target) -> dict:
        content_type = req.headers.get("content-type", "").split(";")[0].strip().lower()
        accepted = [JSON_PATCH, MERGE] + ([STRATEGIC] if t.rtype.builtin else []) + [APPLY]
        if content_type not in accepted:
            raise KubeError(415, "UnsupportedMediaType",
                            "the body of the request was in an unknown format - accepted media "
                            "types include: " + ", ".join(accepted))
        manager = req.param("fieldManager")
        req.tags["fieldManager"] = manager
        if content_type == APPLY and not manager:
            raise KubeError(400, "BadRequest", "fieldManager is required for apply requests")
        current = self._get(t)
        try:
            patch = json.loads(req.body or b"null")
        except ValueError as err:
            raise KubeError(400, "BadRequest", f"error decoding patch: {err}") from None
        try:
            if content_type == JSON_PATCH:
                updated = json_patch(current, patch)
            elif isinstance(patch, dict):
                updated = merge_patch(current, patch)
            else:
                raise PatchError("patch body must be a JSON object")
        except PatchError as err:
            raise KubeError(422, "Invalid", f"the server rejected our request due to an error "
                                            f"in our request: {err}") from None
        wanted_rv = (updated.get("metadata") or {}).get("resourceVersion")
        if wanted_rv and wanted_rv != current["metadata"]["resourceVersion"]:
            raise KubeError(409, "Conflict",
                            f'Operation cannot be fulfilled on {t.rtype.qualified} "{t.name}": '
                            "the object has been modified; please apply your changes to the "
                            "latest version and try again", object_details(t.rtype, t.name))
        if not isinstance(updated.get("metadata"), dict):
            raise KubeError(422, "Invalid", "metadata: Required value")
        _record_manager(updated, manager, "Apply" if content_type == APPLY else "Update",
                        t.api_version)
        return self._present(self.store.replace(t.rtype, t.namespace, t.name, updated), t)

    def _log(self, req: Request, t: Target) -> str:
        pod = self._get(t)
        spec = pod.get("spec", {})
        containers = [c["name"] for c in spec.get("containers", [])]
        inits = [c["name"] for c in spec.get("initContainers", [])]
        container = req.param("container")
        if not container:
            if len(containers) == 1:
                container = containers[0]
            elif not containers:
                raise KubeError(400, "BadRequest",
                                f"a container name must be specified for pod {t.name}")
            else:
                message = (f"a container name must be specified for pod {t.name}, "
                           f"choose one of: [{' '.join(containers)}]")
                if inits:
                    message += f" or one of the init containers: [{' '.join(inits)}]"
                raise KubeError(400, "BadRequest", message)
        elif container not in containers + inits:
            raise KubeError(400, "BadRequest",
                            f"container {container} is not valid for pod {t.name}")
        log = self.store.get_log(t.namespace, t.name, container)
        if req.param("previous") in ("true", "1"):
            if log.previous is None:
                raise KubeError(400, "BadRequest", f'previous terminated container "{container}" '
                                                   f'in pod "{t.name}" not found')
            text = log.previous
        else:
            waiting = _waiting_reason(pod, container)
            if waiting and not log.current:
                raise KubeError(400, "BadRequest",
                                f'container "{container}" in pod "{t.name}" is waiting to '
                                f'start: {_WAITING.get(waiting, waiting)}')
            text = log.current
        if (tail := _int(req.param("tailLines"))) is not None:
            lines = text.splitlines(keepends=True)
            text = "".join(lines[-tail:]) if tail > 0 else ""
        if (limit := _int(req.param("limitBytes"))) is not None:
            text = text.encode()[:limit].decode(errors="ignore")
        return text



def _sort_key(obj: dict) -> tuple[str, str]:
    meta = obj["metadata"]
    return meta.get("namespace", ""), meta["name"]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _waiting_reason(pod: dict, container: str) -> str | None:
    status = pod.get("status", {})
    for cs in status.get("containerStatuses", []) + status.get("initContainerStatuses", []):
        if cs.get("name") == container:
            return (cs.get("state", {}).get("waiting") or {}).get("reason")
    return None


def _record_manager(obj: dict, manager: str | None, operation: str, api_version: str) -> None:
    """Keep a managedFields entry per field manager, as server-side field tracking does."""
    entries = copy.deepcopy(obj["metadata"].get("managedFields") or [])
    entries = [e for e in entries if (e.get("manager"), e.get("operation")) != (manager, operation)]
    entries.append({"manager": manager or "unknown", "operation": operation,
                    "apiVersion": api_version, "time": clock.stamp(clock.now()),
                    "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {}}})
    obj["metadata"]["managedFields"] = entries


def _wants_partial_metadata(accept: str) -> bool:
    """True when the first acceptable media type asks for a PartialObjectMetadataList (the
    server falls back to the full list for clients that offer plain JSON first)."""
    first = accept.split(",")[0]
    params = {k.strip(): v.strip() for k, _, v in
              (p.partition("=") for p in first.split(";")[1:])}
    return (params.get("as") == "PartialObjectMetadataList"
            and params.get("g") == "meta.k8s.io" and params.get("v") in ("v1", "v1beta1"))
