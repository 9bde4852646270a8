"""The Kubernetes API server's discovery documents (/version, /api, /apis and each group and
group/version) for the group/versions a fake cluster serves."""

from __future__ import annotations

from . import kube_types
from .kube_status import no_such_path

SERVER_VERSION = {"major": "1", "minor": "33", "gitVersion": "v1.33.4",
                  "gitCommit": "74cdb426a3ea0ea2ad4e2a3b9d40b9a9b3ec0ef1",
                  "gitTreeState": "clean", "buildDate": "2025-08-12T18:03:15Z",
                  "goVersion": "go1.24.5", "compiler": "gc", "platform": "linux/amd64"}


def discovery(segs: list[str], served: set[str], host: str) -> dict | None:
    """The discovery document at this path, or None if it is not a discovery path."""
    if segs == ["version"]:
        return SERVER_VERSION
    if segs == ["api"]:
        return {"kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    {"clientCIDR": "0.0.0.0/0", "serverAddress": host}]}
    if segs == ["apis"]:
        return _group_list(served)
    if len(segs) == 2 and segs[0] == "apis":
        group = _group_entry(segs[1], served)
        if group is None:
            raise no_such_path()
        return {"kind": "APIGroup", "apiVersion": "v1", **group}
    if (len(segs) == 2 and segs[0] == "api") or (len(segs) == 3 and segs[0] == "apis"):
        group, version = ("", segs[1]) if segs[0] == "api" else (segs[1], segs[2])
        if (f"{group}/{version}" if group else version) not in served:
            raise no_such_path()
        return _resource_list(group, version)
    return None


def _served_versions(group: str, served: set[str]) -> list[str]:
    versions: list[str] = []
    for rtype in kube_types.CATALOG:
        if rtype.group == group:
            versions += [v for v in rtype.versions
                         if rtype.api_version(v) in served and v not in versions]
    return versions


def _group_entry(group: str, served: set[str]) -> dict | None:
    versions = _served_versions(group, served)
    if not versions:
        return None
    entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": entries, "preferredVersion": entries[0]}


def _group_list(served: set[str]) -> dict:
    groups = []
    for group in dict.fromkeys(t.group for t in kube_types.CATALOG if t.group):
        if (entry := _group_entry(group, served)) is not None:
            groups.append(entry)
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def _resource_list(group: str, version: str) -> dict:
    resources = []
    for rtype in kube_types.CATALOG:
        if rtype.group != group or version not in rtype.versions:
            continue
        entry = {"name": rtype.plural, "singularName": rtype.singular,
                 "namespaced": rtype.namespaced, "kind": rtype.kind,
                 "verbs": list(kube_types.ALL_VERBS)}
        if rtype.short_names:
            entry["shortNames"] = list(rtype.short_names)
        resources.append(entry)
        for sub in rtype.subresources:
            verbs = ["get"] if sub == "log" else ["get", "patch", "update"]
            resources.append({"name": f"{rtype.plural}/{sub}", "singularName": "",
                              "namespaced": rtype.namespaced,
                              "kind": "Pod" if sub == "log" else rtype.kind, "verbs": verbs})
    return {"kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": f"{group}/{version}" if group else version,
            "resources": resources}
