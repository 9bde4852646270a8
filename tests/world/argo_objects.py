"""Argo CD objects of the homerun2 PR-preview platform (homerun2.md §1a, §3a): the
ApplicationSet, the parent Application per PR and its child Applications, with Argo CD 3.x
status (no per-resource health in status.resources)."""

from __future__ import annotations

from . import clock
from .kube_objects import meta, owner

APPSET = "homerun2-core-catcher-pr-preview"
ARGO_NS = "argocd"
PR_LABEL = "homerun2.stuttgart-things.com/pr"
COMPONENT_LABEL = "homerun2.stuttgart-things.com/component"
FINALIZER = "resources-finalizer.argocd.argoproj.io"
CATALOG_REPO = "https://github.com/stuttgart-things/argocd.git"
DOMAIN = "homerun2-dev.sthings-vsphere.labul.sva.de"
OMNI_VERSION = "v1.11.1"
REDIS_CHART = "17.1.4"
IN_CLUSTER = "https://kubernetes.default.svc"


def _values(number: str, head_sha: str, cluster: str) -> dict:
    tag = f"pr-{number}-{head_sha}"
    values = {
        "applicationName": f"homerun2-core-catcher-pr-{number}",
        "destination": {"name": cluster, "namespace": f"homerun2-core-catcher-pr-{number}"},
        "coreCatcher": {"enabled": True, "version": tag, "kustomizeVersion": tag,
                        "hostname": f"cc-pr-{number}.{DOMAIN}", "inlineHttpRoute": True},
        "omniPitcher": {"enabled": True, "version": OMNI_VERSION,
                        "hostname": f"omni-cc-pr-{number}.{DOMAIN}", "inlineHttpRoute": True},
        "redisStack": {"enabled": True, "persistence": {"enabled": False},
                       "auth": {"existingSecret": "redis-stack-auth"}},
        "httpRoute": {"enabled": True,
                      "gateway": {"name": "homerun2-dev-gateway", "namespace": "default"}},
    }
    for off in ("scout", "k8sPitcher", "lightCatcher", "wledMock", "demoPitcher", "ledCatcher",
                "gitPitcher"):
        values[off] = {"enabled": False}
    return values


def application_set(created: str, *, error: str | None = None) -> dict:
    """The AppSet; `error` puts it into ErrorOccurred with that message."""
    when = clock.ago(minutes=2)
    ok = error is None
    conditions = [
        {"type": "ErrorOccurred", "status": "False" if ok else "True",
         "reason": "ApplicationSetUpToDate" if ok else "ApplicationValidationError",
         "message": "Successfully generated parameters for all Applications" if ok else error,
         "lastTransitionTime": when},
        {"type": "ParametersGenerated", "status": "True", "reason": "ParametersGenerated",
         "message": "Successfully generated parameters for all Applications",
         "lastTransitionTime": when},
        {"type": "ResourcesUpToDate", "status": "True" if ok else "False",
         "reason": "ApplicationSetUpToDate" if ok else "ApplicationValidationError",
         "message": "ApplicationSet up to date" if ok else error, "lastTransitionTime": when},
    ]
    template_values = _values("{{ .number }}", "{{ .head_sha }}", "{{ .name }}")
    return {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
        "metadata": meta(APPSET, ARGO_NS, created=created, generation=3,
                         labels={"app.kubernetes.io/instance": "homerun2-pr-preview-platform"}),
        "spec": {
            "goTemplate": True, "goTemplateOptions": ["missingkey=error"],
            "generators": [{"matrix": {"generators": [
                {"clusters": {"selector": {"matchLabels": {"homerun2-pr-preview": "true"}}}},
                {"pullRequest": {"github": {"owner": "stuttgart-things",
                                            "repo": "homerun2-core-catcher",
                                            "tokenRef": {"secretName": "homerun2-omni-pitcher-pat",
                                                         "key": "token"},
                                            "labels": ["preview"]},
                                 "requeueAfterSeconds": 600}}]}}],
            "template": {
                "metadata": {"name": "homerun2-core-catcher-pr-{{ .number }}",
                             "labels": {PR_LABEL: "{{ .number }}",
                                        COMPONENT_LABEL: "core-catcher"},
                             "finalizers": [FINALIZER]},
                "spec": {"project": "{{ .name }}",
                         "source": {"repoURL": CATALOG_REPO, "targetRevision": "main",
                                    "path": "apps/homerun2/install",
                                    "helm": {"releaseName":
                                             "homerun2-core-catcher-pr-{{ .number }}",
                                             "valuesObject": template_values}},
                         "destination": {"server": IN_CLUSTER, "namespace": ARGO_NS},
                         "syncPolicy": _sync_policy()}},
        },
        "status": {"conditions": conditions, "resources": []},
    }


def _sync_policy() -> dict:
    return {"automated": {"prune": True, "selfHeal": True},
            "syncOptions": ["CreateNamespace=true", "ServerSideApply=true"],
            "retry": {"limit": 5, "backoff": {"duration": "10s", "factor": 2,
                                              "maxDuration": "3m"}}}


def _status(*, revision: str, source_type: str, resources: list[dict], created: str,
            sync: str = "Synced", health: str = "Healthy", health_message: str | None = None,
            conditions: list[dict] | None = None, images: list[str] | None = None) -> dict:
    finished = clock.ago(minutes=30)
    health_block = {"status": health, "lastTransitionTime": finished}
    if health_message:
        health_block["message"] = health_message
    status = {
        "sync": {"status": sync, "revision": revision},
        "health": health_block,
        "resources": resources,
        "resourceHealthSource": "appTree",
        "reconciledAt": clock.ago(minutes=1),
        "sourceType": source_type,
        "summary": {"images": images} if images else {},
        "controllerNamespace": ARGO_NS,
    }
    if sync == "Synced":
        status["operationState"] = {
            "operation": {"sync": {"revision": revision, "syncStrategy": {"hook": {}}},
                          "initiatedBy": {"automated": True},
                          "retry": {"limit": 5}},
            "phase": "Succeeded", "message": "successfully synced (all tasks run)",
            "syncResult": {"revision": revision, "resources": [
                dict(r, message=f"{r['kind'].lower()}/{r['name']} serverside-applied",
                     hookPhase="Running", syncPhase="Sync", status="Synced")
                for r in resources]},
            "startedAt": created, "finishedAt": finished}
    if conditions:
        status["conditions"] = conditions
    return status


def resource_ref(kind: str, name: str, namespace: str, group: str = "", version: str = "v1",
                 status: str = "Synced") -> dict:
    ref = {"version": version, "kind": kind, "namespace": namespace, "name": name,
           "status": status}
    if group:
        ref = {"group": group, **ref}
    return ref


def parent_application(number: int, sha: str, cluster: str, created: str,
                       appset: dict) -> dict:
    name = f"homerun2-core-catcher-pr-{number}"
    children = [resource_ref("Application", f"{name}-{suffix}", ARGO_NS, "argoproj.io",
                             "v1alpha1") for suffix in ("core-catcher", "omni-pitcher",
                                                        "redis-stack")]
    return {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": meta(name, ARGO_NS, created=created, generation=12,
                         labels={PR_LABEL: str(number), COMPONENT_LABEL: "core-catcher"},
                         finalizers=[FINALIZER], ownerReferences=[owner(appset)]),
        "spec": {"project": cluster,
                 "source": {"repoURL": CATALOG_REPO, "targetRevision": "main",
                            "path": "apps/homerun2/install",
                            "helm": {"releaseName": name,
                                     "valuesObject": _values(str(number), sha, cluster)}},
                 "destination": {"server": IN_CLUSTER, "namespace": ARGO_NS},
                 "syncPolicy": _sync_policy()},
        "status": _status(revision=clock.hexdigest("catalog", "main"), source_type="Helm",
                          resources=children, created=created),
    }


def child_application(number: int, suffix: str, source: dict, destination: dict, *,
                      project: str, created: str, wave: int, resources: list[dict],
                      source_type: str, revision: str, finalizer: bool = True,
                      images: list[str] | None = None) -> dict:
    name = f"homerun2-core-catcher-pr-{number}-{suffix}"
    extra = {"finalizers": [FINALIZER]} if finalizer else {}
    return {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": meta(name, ARGO_NS, created=created, generation=4,
                         labels={PR_LABEL: str(number)},
                         annotations={"argocd.argoproj.io/sync-wave": str(wave)}, **extra),
        "spec": {"project": project, "source": source, "destination": destination,
                 "syncPolicy": _sync_policy()},
        "status": _status(revision=revision, source_type=source_type, resources=resources,
                          created=created, images=images),
    }


def children(number: int, sha: str, cluster: str, namespace: str, created: str) -> list[dict]:
    """The four child Applications of a core-catcher preview."""
    tag = f"pr-{number}-{sha}"
    dest = {"name": cluster, "namespace": namespace}
    app = f"homerun2-core-catcher-pr-{number}"

    def workload(prefix: str) -> list[dict]:
        return [resource_ref("ConfigMap", f"{prefix}-config", namespace),
                resource_ref("Service", prefix, namespace),
                resource_ref("ServiceAccount", prefix, namespace),
                resource_ref("Deployment", prefix, namespace, "apps"),
                resource_ref("HTTPRoute", prefix, namespace, "gateway.networking.k8s.io")]

    return [
        child_application(number, "core-catcher", {
            "repoURL": "oci://ghcr.io/stuttgart-things/homerun2-core-catcher-kustomize",
            "targetRevision": tag, "path": ".", "kustomize": {"namespace": namespace}},
            dest, project=cluster, created=created, wave=0,
            resources=workload("homerun2-core-catcher"),
            source_type="Kustomize", revision="sha256:" + clock.hexdigest("oci", tag, length=64),
            images=[f"ghcr.io/stuttgart-things/homerun2-core-catcher:{tag}"]),
        child_application(number, "omni-pitcher", {
            "repoURL": "oci://ghcr.io/stuttgart-things/homerun2-omni-pitcher-kustomize",
            "targetRevision": OMNI_VERSION, "path": ".", "kustomize": {"namespace": namespace}},
            dest, project=cluster, created=created, wave=0,
            resources=workload("homerun2-omni-pitcher"),
            source_type="Kustomize",
            revision="sha256:" + clock.hexdigest("oci", OMNI_VERSION, length=64),
            images=[f"ghcr.io/stuttgart-things/homerun2-omni-pitcher:{OMNI_VERSION}"]),
        child_application(number, "redis-stack", {
            "repoURL": CATALOG_REPO, "targetRevision": "HEAD", "path": "apps/redis-stack/install"},
            {"server": IN_CLUSTER, "namespace": ARGO_NS}, project=cluster, created=created,
            wave=-10,
            resources=[resource_ref("Application", f"{app}-redis-stack-delegate", ARGO_NS,
                                    "argoproj.io", "v1alpha1")],
            source_type="Helm", revision=clock.hexdigest("catalog", "HEAD")),
        # Rendered by the redis-stack wrapper chart, which gives it no finalizer (homerun2 §1a).
        child_application(number, "redis-stack-delegate", {
            "repoURL": "ghcr.io/stuttgart-things/charts", "chart": "redis",
            "targetRevision": REDIS_CHART, "helm": {"releaseName": "redis-stack"}},
            dest, project=cluster, created=created, wave=0, finalizer=False,
            resources=[resource_ref("ConfigMap", "bitnami-redis-stack-server-merged", namespace),
                       resource_ref("Service", "redis-stack", namespace),
                       resource_ref("Service", "redis-stack-headless", namespace),
                       resource_ref("StatefulSet", "redis-stack-node", namespace, "apps")],
            source_type="Helm", revision=REDIS_CHART,
            images=["ghcr.io/stuttgart-things/redis-stack-server:7.2.0-v18"]),
    ]
