"""The object store behind one fake Kubernetes API server.

Objects are kept once per (group, plural, namespace, name), whatever version they were written
in. The store owns the bookkeeping the apiserver does: uid, resourceVersion, generation,
creationTimestamp, finalizer-aware deletion, and the namespace controller's part of deleting a
namespace (delete the content, report what remains and which finalizers hold it).
Pod logs are kept beside the pods, per container, with the previous instance's log separately.
Watchers (`watch`) hear of every put, replace and delete, as a controller's informer would; the
namespace controller's cleanup and remove_where (scenario setup) stay silent.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections import Counter
from dataclasses import dataclass

from . import clock, kube_types
from .kube_types import ResourceType

Key = tuple[str, str, str, str]  # group, plural, namespace ("" if cluster-scoped), name

_NAMESPACES = kube_types.by_plural("", "namespaces")


@dataclass
class PodLog:
    current: str = ""
    previous: str | None = None   # None: the container has not been restarted


def _key(rtype: ResourceType, namespace: str | None, name: str) -> Key:
    return (rtype.group, rtype.plural, (namespace or "") if rtype.namespaced else "", name)


def uid_of(obj: dict) -> str:
    """The uid the store gives an object (stable), so owner references and events can name it
    before it is stored."""
    meta = obj["metadata"]
    if meta.get("uid"):
        return meta["uid"]
    key = _key(kube_types.for_object(obj), meta.get("namespace"), meta["name"])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(key)))


class ObjectStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._objects: dict[Key, dict] = {}
        self._logs: dict[tuple[str, str, str], PodLog] = {}
        self._rv = 1000
        self._watchers: list = []
        self._stream_watchers: list = []    # also told of the namespace controller's work

    def watch(self, fn) -> None:
        """Call fn(event, old, new) after each put/replace/delete; event is "ADDED", "MODIFIED"
        or "DELETED", old/new are copies (None when absent). fn runs under the store lock, so
        it must only hand the event on (the simulated controllers queue it), never call back."""
        self._watchers.append(fn)

    def watch_streams(self, fn) -> None:
        """Like watch, and also told of what the namespace controller removes (as a watch
        stream is; the controllers under test are not)."""
        self._watchers.append(fn)
        self._stream_watchers.append(fn)

    def _notify_streams(self, event: str, obj: dict) -> None:
        self._rv += 1
        for fn in self._stream_watchers:
            fn(event, copy.deepcopy(obj), copy.deepcopy(obj) if event != "DELETED" else None)

    def _notify(self, event: str, old: dict | None, new: dict | None) -> None:
        for fn in self._watchers:
            fn(event, copy.deepcopy(old), copy.deepcopy(new))

    # -- reading ------------------------------------------------------------------------------

    @property
    def resource_version(self) -> str:
        with self._lock:
            return str(self._rv)

    def get(self, rtype: ResourceType, namespace: str | None, name: str) -> dict | None:
        with self._lock:
            obj = self._objects.get(_key(rtype, namespace, name))
            return copy.deepcopy(obj) if obj is not None else None

    def list(self, rtype: ResourceType, namespace: str | None = None) -> list[dict]:
        """Objects of a type, in a namespace or everywhere, sorted like etcd keys."""
        with self._lock:
            found = [(k, o) for k, o in self._objects.items()
                     if k[:2] == (rtype.group, rtype.plural)
                     and (namespace is None or k[2] == namespace)]
            return [copy.deepcopy(o) for _, o in sorted(found, key=lambda item: item[0][2:])]

    def list_at(self, rtype: ResourceType, namespace: str | None = None) -> tuple[list[dict], str]:
        """list() and the resourceVersion it was read at, in one step: the API server's lists are
        consistent snapshots, so a watch from that version misses nothing the list did not see."""
        with self._lock:
            return self.list(rtype, namespace), str(self._rv)

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        """Test convenience: an object by kind and name, whatever its group."""
        with self._lock:
            for (group, plural, ns, obj_name), obj in self._objects.items():
                if obj.get("kind") == kind and obj_name == name and namespace in (None, ns):
                    return copy.deepcopy(obj)
        return None

    def namespaces(self) -> list[str]:
        with self._lock:
            return sorted(k[3] for k in self._objects if k[:2] == ("", "namespaces"))

    # -- writing ------------------------------------------------------------------------------

    def put(self, obj: dict) -> dict:
        """Create or replace an object as given (scenario setup; no admission, no checks)."""
        rtype = kube_types.for_object(obj)
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        if not rtype.namespaced:
            meta.pop("namespace", None)
        elif not meta.get("namespace"):
            meta["namespace"] = "default"
        key = _key(rtype, meta.get("namespace"), meta["name"])
        with self._lock:
            meta.setdefault("uid", uid_of(obj))
            meta.setdefault("creationTimestamp", clock.stamp(clock.now()))
            if rtype.group:
                meta.setdefault("generation", 1)
            old = self._objects.get(key)
            self._objects[key] = obj
            self._bump(obj)
            if self._watchers:
                self._notify("ADDED" if old is None else "MODIFIED", old, obj)
            return copy.deepcopy(obj)

    def remove(self, rtype: ResourceType, namespace: str | None, name: str) -> bool:
        """Remove at once, ignoring finalizers (scenario setup)."""
        with self._lock:
            return self._objects.pop(_key(rtype, namespace, name), None) is not None

    def remove_where(self, predicate) -> int:
        """Remove every object for which predicate(obj) is true, ignoring finalizers."""
        with self._lock:
            doomed = [k for k, o in self._objects.items() if predicate(o)]
            for k in doomed:
                del self._objects[k]
            if doomed:
                self._rv += 1
            return len(doomed)

    def replace(self, rtype: ResourceType, namespace: str | None, name: str, new: dict) -> dict:
        """Store an updated object (after a PATCH), keeping what clients may not change."""
        key = _key(rtype, namespace, name)
        with self._lock:
            current = self._objects[key]
            new = copy.deepcopy(new)
            meta, old_meta = new.setdefault("metadata", {}), current["metadata"]
            for field in ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp"):
                if field in old_meta:
                    meta[field] = old_meta[field]
                else:
                    meta.pop(field, None)
            if "generation" in old_meta:
                changed = new.get("spec") != current.get("spec")
                meta["generation"] = old_meta["generation"] + (1 if changed else 0)
            self._bump(new)
            gone = bool(meta.get("deletionTimestamp") and not meta.get("finalizers"))
            if gone:
                del self._objects[key]     # the last finalizer went: the object goes too
            else:
                self._objects[key] = new
            if self._watchers:
                self._notify("DELETED" if gone else "MODIFIED", current, None if gone else new)
            self._finalize_namespace(key[2] or None)
            return copy.deepcopy(new)

    def delete(self, rtype: ResourceType, namespace: str | None, name: str) -> tuple[dict, bool]:
        """Delete like the apiserver: returns (object, removed_now).

        With finalizers the object only gets a deletionTimestamp. A namespace turns
        Terminating and the namespace controller's work is simulated at once.
        """
        key = _key(rtype, namespace, name)
        with self._lock:
            obj = self._objects[key]
            meta = obj["metadata"]
            old = copy.deepcopy(obj) if self._watchers else None
            if rtype is _NAMESPACES:
                meta.setdefault("deletionTimestamp", clock.stamp(clock.now()))
                obj.setdefault("status", {})["phase"] = "Terminating"
                self._bump(obj)
                self._finalize_namespace(name)
                removed = key not in self._objects
                if self._watchers:
                    self._notify("DELETED" if removed else "MODIFIED", old,
                                 None if removed else obj)
                return copy.deepcopy(obj), removed
            if meta.get("finalizers"):
                meta.setdefault("deletionTimestamp", clock.stamp(clock.now()))
                meta.setdefault("deletionGracePeriodSeconds", 0)
                self._bump(obj)
                if self._watchers:
                    self._notify("MODIFIED", old, obj)
                return copy.deepcopy(obj), False
            del self._objects[key]
            self._rv += 1
            if self._watchers:
                self._notify("DELETED", old, None)
            self._finalize_namespace(key[2] or None)
            return copy.deepcopy(obj), True

    # -- pod logs -----------------------------------------------------------------------------

    def set_log(self, namespace: str, pod: str, container: str, current: str = "",
                previous: str | None = None) -> None:
        with self._lock:
            self._logs[(namespace, pod, container)] = PodLog(current, previous)

    def get_log(self, namespace: str, pod: str, container: str) -> PodLog:
        with self._lock:
            return copy.copy(self._logs.get((namespace, pod, container), PodLog()))

    # -- internals ----------------------------------------------------------------------------

    def _bump(self, obj: dict) -> None:
        self._rv += 1
        obj["metadata"]["resourceVersion"] = str(self._rv)

    def _finalize_namespace(self, name: str | None) -> None:
        """The namespace controller: empty a Terminating namespace, or say what blocks it."""
        if not name:
            return
        ns = self._objects.get(_key(_NAMESPACES, None, name))
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return
        for key, obj in list(self._objects.items()):
            if key[2] != name:
                continue
            meta = obj["metadata"]
            if meta.get("finalizers"):
                meta.setdefault("deletionTimestamp", clock.stamp(clock.now()))
            else:
                del self._objects[key]
                self._notify_streams("DELETED", obj)
        remaining = [(k, o) for k, o in self._objects.items() if k[2] == name]
        if not remaining and not ns["metadata"].get("finalizers"):
            del self._objects[_key(_NAMESPACES, None, name)]
            self._notify_streams("DELETED", ns)
            return
        ns["spec"] = {"finalizers": ["kubernetes"]} if remaining else {}
        ns.setdefault("status", {})["phase"] = "Terminating"
        ns["status"]["conditions"] = namespace_conditions(remaining)
        self._bump(ns)
        self._notify_streams("MODIFIED", ns)


def namespace_conditions(remaining: list[tuple[Key, dict]]) -> list[dict]:
    """The five conditions of a Terminating namespace, as the namespace controller writes them."""
    now = clock.stamp(clock.now())
    per_resource = Counter(f"{plural}.{group}" for (group, plural, _, _), _ in remaining)
    per_finalizer = Counter(f for _, o in remaining for f in o["metadata"].get("finalizers", []))

    def cond(ctype: str, problem: bool, reason_true: str, reason_false: str, message: str):
        return {"type": ctype, "status": "True" if problem else "False",
                "lastTransitionTime": now, "reason": reason_true if problem else reason_false,
                "message": message}

    content = ", ".join(f"{r} has {n} resource instances" for r, n in sorted(per_resource.items()))
    finalizers = ", ".join(f"{f} in {n} resource instances"
                           for f, n in sorted(per_finalizer.items()))
    return [
        cond("NamespaceDeletionDiscoveryFailure", False, "DiscoveryFailed", "ResourcesDiscovered",
             "All resources successfully discovered"),
        cond("NamespaceDeletionGroupVersionParsingFailure", False, "GroupVersionParsingFailed",
             "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        cond("NamespaceDeletionContentFailure", False, "ContentDeletionFailed", "ContentDeleted",
             "All content successfully deleted, may be waiting on finalization"),
        cond("NamespaceContentRemaining", bool(per_resource), "SomeResourcesRemain",
             "ContentRemoved",
             f"Some resources are remaining: {content}" if content
             else "All content successfully removed"),
        cond("NamespaceFinalizersRemaining", bool(per_finalizer), "SomeFinalizersRemain",
             "ContentHasNoFinalizers",
             f"Some content in the namespace has finalizers remaining: {finalizers}"
             if finalizers else "All content-preserving finalizers finished"),
    ]
