"""Builders of Kubernetes objects with the shapes real controllers leave behind: status blocks,
conditions, owner references, Argo CD tracking annotations, Kyverno generate labels.

They are plain functions of their arguments (timestamps are passed in), so scenarios can
compose and edit the results freely.
"""

from __future__ import annotations

import base64

from . import clock
from .store import uid_of

TRACKING = "argocd.argoproj.io/tracking-id"


def meta(name: str, namespace: str | None = None, *, created: str, labels: dict | None = None,
         annotations: dict | None = None, **extra) -> dict:
    out: dict = {"name": name}
    if namespace:
        out["namespace"] = namespace
    out["creationTimestamp"] = created
    if labels:
        out["labels"] = dict(labels)
    if annotations:
        out["annotations"] = dict(annotations)
    out.update(extra)
    return out


def tracking(app: str, group: str, kind: str, namespace: str, name: str) -> dict:
    """Argo CD's annotation-based resource tracking (the 3.x default)."""
    return {TRACKING: f"{app}:{group}/{kind}:{namespace}/{name}"}


def kyverno_labels(policy: str, rule: str, namespace: str) -> dict:
    return {"app.kubernetes.io/managed-by": "kyverno",
            "generate.kyverno.io/policy-name": policy,
            "generate.kyverno.io/policy-namespace": "",
            "generate.kyverno.io/rule-name": rule,
            "generate.kyverno.io/trigger-group": "",
            "generate.kyverno.io/trigger-kind": "Namespace",
            "generate.kyverno.io/trigger-name": namespace,
            "generate.kyverno.io/trigger-namespace": "",
            "generate.kyverno.io/trigger-version": "v1"}


def owner(obj: dict, controller: bool = True) -> dict:
    """An ownerReference to `obj` (with the uid the store will give it)."""
    return {"apiVersion": obj["apiVersion"], "kind": obj["kind"],
            "name": obj["metadata"]["name"], "uid": uid_of(obj), "controller": controller,
            "blockOwnerDeletion": True}


def condition(ctype: str, status: bool | str, reason: str, message: str, when: str,
              probe: bool = False, **extra) -> dict:
    out = {"type": ctype, "status": status if isinstance(status, str) else str(status)}
    if probe:
        out["lastProbeTime"] = None
    out.update({"lastTransitionTime": when, "reason": reason, "message": message, **extra})
    return out


# -- namespace-level ---------------------------------------------------------------------------

def namespace(name: str, created: str) -> dict:
    return {"apiVersion": "v1", "kind": "Namespace",
            "metadata": meta(name, created=created,
                             labels={"kubernetes.io/metadata.name": name}),
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


QUOTA_HARD = {"limits.cpu": "4", "limits.memory": "4Gi", "pods": "10", "requests.cpu": "2",
              "requests.memory": "2Gi"}


def resource_quota(ns: str, created: str, used: dict) -> dict:
    return {"apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": meta("pr-preview", ns, created=created, labels=kyverno_labels(
                "homerun2-core-catcher-preview-quota", "generate-resourcequota", ns)),
            "spec": {"hard": dict(QUOTA_HARD)},
            "status": {"hard": dict(QUOTA_HARD), "used": dict(used)}}


def limit_range(ns: str, created: str) -> dict:
    return {"apiVersion": "v1", "kind": "LimitRange",
            "metadata": meta("pr-preview", ns, created=created, labels=kyverno_labels(
                "homerun2-core-catcher-preview-quota", "generate-limitrange", ns)),
            "spec": {"limits": [{"type": "Container",
                                 "default": {"cpu": "500m", "memory": "512Mi"},
                                 "defaultRequest": {"cpu": "50m", "memory": "64Mi"}}]}}


# -- secrets -----------------------------------------------------------------------------------

def external_secret(ns: str, name: str, key: str, prop: str, created: str, *, ready: bool = True,
                    message: str = "secret synced", refreshed: str | None = None) -> dict:
    reason = "SecretSynced" if ready else "SecretSyncedError"
    status: dict = {"binding": {"name": name},
                    "conditions": [condition("Ready", ready, reason, message,
                                             refreshed or created)],
                    "refreshTime": refreshed or created}
    if ready:
        status["syncedResourceVersion"] = "1-" + clock.hexdigest("es", ns, name, length=56)
    return {"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret",
            "metadata": meta(name, ns, created=created, generation=1, labels=kyverno_labels(
                "homerun2-core-catcher-preview-secrets",
                f"generate-externalsecret-{name.removeprefix('homerun2-')}", ns)),
            "spec": {"refreshInterval": "1m", "refreshPolicy": "Periodic",
                     "secretStoreRef": {"kind": "ClusterSecretStore", "name": "vault-homerun2-pr"},
                     "target": {"name": name, "creationPolicy": "Owner",
                                "deletionPolicy": "Retain"},
                     "data": [{"secretKey": key, "remoteRef": {
                         "key": "preview-env", "property": prop, "conversionStrategy": "Default",
                         "decodingStrategy": "None", "metadataPolicy": "None"}}]},
            "status": status}


def secret(ns: str, name: str, key: str, value: str, created: str, *, es: dict) -> dict:
    return {"apiVersion": "v1", "kind": "Secret",
            "metadata": meta(name, ns, created=created,
                             labels={"reconcile.external-secrets.io/created-by":
                                     clock.hexdigest("created-by", ns, name, length=32),
                                     "reconcile.external-secrets.io/managed": "true"},
                             annotations={"reconcile.external-secrets.io/data-hash":
                                          clock.hexdigest("hash", value, length=32)},
                             ownerReferences=[owner(es)]),
            "type": "Opaque", "data": {key: base64.b64encode(value.encode()).decode()}}


# -- workloads ---------------------------------------------------------------------------------

def container(name: str, image: str, port: int | None = 8080, env: list | None = None,
              probes: bool = True) -> dict:
    out: dict = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if port:
        out["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    if env:
        out["env"] = env
    out["resources"] = {"limits": {"cpu": "500m", "memory": "512Mi"},
                        "requests": {"cpu": "50m", "memory": "64Mi"}}
    if probes and port:
        probe = {"httpGet": {"path": "/health", "port": "http", "scheme": "HTTP"},
                 "timeoutSeconds": 1, "successThreshold": 1}
        out["startupProbe"] = probe | {"periodSeconds": 5, "failureThreshold": 30}
        out["livenessProbe"] = probe | {"periodSeconds": 10, "failureThreshold": 3}
        out["readinessProbe"] = probe | {"periodSeconds": 5, "failureThreshold": 3}
    out["terminationMessagePath"] = "/dev/termination-log"
    out["terminationMessagePolicy"] = "File"
    return out


def secret_env(var: str, secret_name: str, key: str) -> dict:
    return {"name": var, "valueFrom": {"secretKeyRef": {"name": secret_name, "key": key}}}


def app_labels(name: str, component: str) -> dict:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name,
            "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": "homerun2"}


def deployment(ns: str, name: str, containers: list[dict], created: str, *, labels: dict,
               argo_app: str, rs_hash: str, available: bool = True,
               failure: str | None = None) -> dict:
    """A one-replica Deployment. available=False leaves it unavailable; `failure` (a
    FailedCreate message) adds the ReplicaFailure condition the controller sets on quota errors."""
    selector = {k: labels[k] for k in ("app.kubernetes.io/name", "app.kubernetes.io/instance")}
    rs_name = f"{name}-{rs_hash}"
    conditions = [
        condition("Available", available,
                  "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
                  "Deployment has minimum availability." if available
                  else "Deployment does not have minimum availability.", created,
                  lastUpdateTime=created),
        condition("Progressing", True, "NewReplicaSetAvailable" if available
                  else "ReplicaSetUpdated",
                  f'ReplicaSet "{rs_name}" has successfully progressed.' if available
                  else f'ReplicaSet "{rs_name}" is progressing.', created,
                  lastUpdateTime=created),
    ]
    if failure:
        conditions.append(condition("ReplicaFailure", True, "FailedCreate", failure, created,
                                    lastUpdateTime=created))
    replicas = 0 if failure else 1
    status = {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
              "conditions": conditions}
    if available:
        status.update({"readyReplicas": 1, "availableReplicas": 1})
    else:
        status["unavailableReplicas"] = 1
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": meta(name, ns, created=created, generation=1, labels=labels,
                             annotations={"deployment.kubernetes.io/revision": "1",
                                          **tracking(argo_app, "apps", "Deployment", ns, name)}),
            "spec": {"replicas": 1, "selector": {"matchLabels": selector},
                     "strategy": {"type": "RollingUpdate", "rollingUpdate":
                                  {"maxUnavailable": "25%", "maxSurge": "25%"}},
                     "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": containers, "restartPolicy": "Always",
                                           "serviceAccountName": name}}},
            "status": status}


def replica_set(ns: str, deploy: dict, rs_hash: str, created: str, ready: int) -> dict:
    name = f"{deploy['metadata']['name']}-{rs_hash}"
    template = deploy["spec"]["template"]
    labels = dict(template["metadata"]["labels"], **{"pod-template-hash": rs_hash})
    status = {"replicas": ready if ready else 1, "fullyLabeledReplicas": 1,
              "observedGeneration": 1}
    if ready:
        status.update({"readyReplicas": ready, "availableReplicas": ready})
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": meta(name, ns, created=created, generation=1, labels=labels,
                             annotations={"deployment.kubernetes.io/desired-replicas": "1",
                                          "deployment.kubernetes.io/max-replicas": "2",
                                          "deployment.kubernetes.io/revision": "1"},
                             ownerReferences=[owner(deploy)]),
            "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": template["spec"]}},
            "status": status}


def stateful_set(ns: str, name: str, containers: list[dict], created: str, *, labels: dict,
                 argo_app: str, ready: bool = True) -> dict:
    revision = f"{name}-{clock.kube_suffix('sts', ns, name, length=10)}"
    status = {"observedGeneration": 1, "replicas": 1, "currentReplicas": 1,
              "updatedReplicas": 1, "currentRevision": revision, "updateRevision": revision,
              "collisionCount": 0, "availableReplicas": 1 if ready else 0}
    if ready:
        status["readyReplicas"] = 1
    return {"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": meta(name, ns, created=created, generation=1, labels=labels,
                             annotations=tracking(argo_app, "apps", "StatefulSet", ns, name)),
            "spec": {"replicas": 1, "serviceName": "redis-stack-headless",
                     "selector": {"matchLabels": labels},
                     "podManagementPolicy": "OrderedReady",
                     "updateStrategy": {"type": "RollingUpdate"},
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": containers}}},
            "status": status}


def running(started: str) -> dict:
    return {"running": {"startedAt": started}}


def waiting(reason: str, message: str | None = None) -> dict:
    return {"waiting": {"reason": reason, **({"message": message} if message else {})}}


def terminated(exit_code: int, reason: str, started: str, finished: str) -> dict:
    return {"terminated": {"exitCode": exit_code, "reason": reason, "startedAt": started,
                           "finishedAt": finished,
                           "containerID": "containerd://" + clock.hexdigest(
                               "ctr", started, finished, length=64)}}


def container_status(spec: dict, state: dict, *, ready: bool, restarts: int = 0,
                     last_state: dict | None = None) -> dict:
    image = spec["image"]
    image_id = f"{image.rsplit(':', 1)[0]}@sha256:{clock.hexdigest('img', image, length=64)}"
    out = {"name": spec["name"], "state": state, "lastState": last_state or {}, "ready": ready,
           "restartCount": restarts, "image": image, "imageID": image_id,
           "started": "running" in state}
    if "waiting" not in state or restarts:
        out["containerID"] = "containerd://" + clock.hexdigest("cid", image, restarts, length=64)
    if "waiting" in state and not restarts:
        out["imageID"] = ""
    return out


def pod_conditions(created: str, statuses: list[dict], phase: str) -> list[dict]:
    """The kubelet's pod conditions for these container statuses."""
    all_ready = bool(statuses) and all(s["ready"] for s in statuses)
    finished = phase in ("Succeeded", "Failed")
    unready = " ".join(s["name"] for s in statuses if not s["ready"])

    def ready_condition(ctype: str) -> dict:
        if all_ready:
            return condition(ctype, True, "", "", created, probe=True)
        if finished:
            return condition(ctype, False, "PodCompleted", "", created, probe=True)
        return condition(ctype, False, "ContainersNotReady",
                         f"containers with unready status: [{unready}]", created, probe=True)

    conditions = [
        condition("PodReadyToStartContainers", phase != "Succeeded", "", "", created, probe=True),
        condition("Initialized", True, "", "", created, probe=True),
        ready_condition("Ready"), ready_condition("ContainersReady"),
        condition("PodScheduled", True, "", "", created, probe=True),
    ]
    for cond in conditions:           # the kubelet omits empty reason/message
        if not cond["message"]:
            del cond["message"]
        if not cond["reason"]:
            del cond["reason"]
    return conditions


def pod(ns: str, name: str, containers: list[dict], created: str, *, labels: dict,
        owner_ref: dict, statuses: list[dict], phase: str = "Running",
        restart_policy: str = "Always") -> dict:
    ip_suffix = int(clock.hexdigest("ip", ns, name, length=4), 16)
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": meta(name, ns, created=created, labels=labels,
                             ownerReferences=[owner_ref]),
            "spec": {"containers": containers, "restartPolicy": restart_policy,
                     "nodeName": f"homerun2-test1-worker-{ip_suffix % 3 + 1}",
                     "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
                     "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler"},
            "status": {"phase": phase,
                       "conditions": pod_conditions(created, statuses, phase),
                       "hostIP": f"10.31.103.{ip_suffix % 3 + 11}",
                       "podIP": f"10.244.{ip_suffix % 200}.{ip_suffix % 250 + 2}",
                       "startTime": created, "containerStatuses": statuses,
                       "qosClass": "Burstable"}}


def service(ns: str, name: str, selector: dict, created: str, *, argo_app: str, port: int = 80,
            target: str | int = "http", headless: bool = False) -> dict:
    spec: dict = {"selector": selector, "type": "ClusterIP",
                  "ports": [{"name": "http" if port == 80 else "tcp-redis", "port": port,
                             "targetPort": target, "protocol": "TCP"}]}
    spec["clusterIP"] = "None" if headless else \
        f"10.96.{int(clock.hexdigest(ns, name, length=2), 16)}.{len(name) * 3}"
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": meta(name, ns, created=created,
                             annotations=tracking(argo_app, "", "Service", ns, name)),
            "spec": spec, "status": {"loadBalancer": {}}}


def job(ns: str, name: str, created: str, *, state: str, started: str,
        finished: str | None = None) -> dict:
    """The seed Job: state "complete", "failed" or "running"."""
    spec_container = container("seed", "curlimages/curl:8.21.0", port=None, probes=False, env=[
        secret_env("AUTH_TOKEN", "homerun2-omni-pitcher-token", "auth-token"),
        {"name": "PITCHER_URL", "value": "http://homerun2-omni-pitcher:80"},
        {"name": "HEALTH_ATTEMPTS", "value": "60"}, {"name": "HEALTH_INTERVAL", "value": "5"}])
    controller_uid = clock.hexdigest("job", ns, name, length=8) + "-0000-4000-8000-000000000001"
    status: dict = {"startTime": started, "uncountedTerminatedPods": {}, "ready": 0,
                    "terminating": 0}
    if state == "complete":
        status.update({"completionTime": finished, "succeeded": 1, "conditions": [
            condition("SuccessCriteriaMet", True, "CompletionsReached",
                      "Reached expected number of succeeded pods", finished, probe=True),
            condition("Complete", True, "CompletionsReached",
                      "Reached expected number of succeeded pods", finished, probe=True)]})
    elif state == "failed":
        status.update({"failed": 4, "conditions": [
            condition("FailureTarget", True, "BackoffLimitExceeded",
                      "Job has reached the specified backoff limit", finished, probe=True),
            condition("Failed", True, "BackoffLimitExceeded",
                      "Job has reached the specified backoff limit", finished, probe=True)]})
    else:
        status.update({"active": 1, "ready": 1})
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": meta(name, ns, created=created, generation=1,
                             labels={**kyverno_labels("homerun2-core-catcher-preview-seed-data",
                                                      "generate-seed-job", ns),
                                     "batch.kubernetes.io/controller-uid": controller_uid,
                                     "batch.kubernetes.io/job-name": name}),
            "spec": {"parallelism": 1, "completions": 1, "backoffLimit": 3,
                     "ttlSecondsAfterFinished": 3600, "completionMode": "NonIndexed",
                     "suspend": False,
                     "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid":
                                                  controller_uid}},
                     "template": {"metadata": {"labels": {"batch.kubernetes.io/job-name": name}},
                                  "spec": {"restartPolicy": "OnFailure",
                                           "containers": [spec_container]}}},
            "status": status}


GATEWAY_REF = {"group": "gateway.networking.k8s.io", "kind": "Gateway",
               "name": "homerun2-dev-gateway", "namespace": "default"}


def httproute(ns: str, name: str, hostname: str, backend: str, created: str, *, argo_app: str,
              accepted: bool = True, resolved: bool = True) -> dict:
    when = created
    resolved_cond = condition("ResolvedRefs", True, "ResolvedRefs", "Service reference is valid",
                              when, observedGeneration=1) if resolved else \
        condition("ResolvedRefs", False, "BackendNotFound",
                  f'Service "{backend}" not found', when, observedGeneration=1)
    accepted_cond = condition("Accepted", True, "Accepted", "Accepted HTTPRoute", when,
                              observedGeneration=1) if accepted else \
        condition("Accepted", False, "NoMatchingParent",
                  "No matching parent for the route", when, observedGeneration=1)
    return {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": meta(name, ns, created=created, generation=1,
                             annotations=tracking(argo_app, "gateway.networking.k8s.io",
                                                  "HTTPRoute", ns, name)),
            "spec": {"parentRefs": [dict(GATEWAY_REF)], "hostnames": [hostname],
                     "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                                "backendRefs": [{"group": "", "kind": "Service", "name": backend,
                                                 "port": 80, "weight": 1}]}]},
            "status": {"parents": [{"parentRef": dict(GATEWAY_REF),
                                    "controllerName": "io.cilium/gateway-controller",
                                    "conditions": [accepted_cond, resolved_cond]}]}}


def event(ns: str, involved: dict, reason: str, message: str, *, first: str, last: str,
          count: int = 1, warning: bool = False, component: str = "kubelet") -> dict:
    kind, name = involved["kind"], involved["metadata"]["name"]
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": meta(f"{name}.{clock.hexdigest('ev', name, reason, length=16)}", ns,
                             created=first),
            "involvedObject": {"kind": kind, "namespace": ns, "name": name,
                               "uid": uid_of(involved),
                               "apiVersion": involved["apiVersion"]},
            "reason": reason, "message": message,
            "source": {"component": component},
            "firstTimestamp": first, "lastTimestamp": last, "count": count,
            "type": "Warning" if warning else "Normal", "eventTime": None,
            "reportingComponent": component, "reportingInstance": ""}


# -- Kyverno and External Secrets platform objects ---------------------------------------------

STORE = "vault-homerun2-pr"


def cluster_secret_store(created: str, *, ready: bool = True, when: str | None = None) -> dict:
    """The ClusterSecretStore every preview's ExternalSecrets read from (Vault KV-v2)."""
    cond = (condition("Ready", True, "Valid", "store validated", when or created) if ready else
            condition("Ready", False, "InvalidProviderConfig", "unable to create client",
                      when or created))
    return {"apiVersion": "external-secrets.io/v1", "kind": "ClusterSecretStore",
            "metadata": meta(STORE, created=created, generation=1),
            "spec": {"provider": {"vault": {
                "server": "https://vault.homerun2.sthings-vsphere.labul.sva.de",
                "path": "homerun2-pr", "version": "v2",
                "auth": {"kubernetes": {"mountPath": "kubernetes", "role": "homerun2-pr",
                                        "serviceAccountRef": {"name": "external-secrets",
                                                              "namespace": "external-secrets"}}}}}},
            "status": {"capabilities": "ReadWrite", "conditions": [cond]}}


def cluster_policy(name: str, created: str, *, ready: bool = True, message: str = "Ready") -> dict:
    return {"apiVersion": "kyverno.io/v1", "kind": "ClusterPolicy",
            "metadata": meta(name, created=created, generation=1),
            "spec": {"background": True, "rules": []},
            "status": {"conditions": [condition("Ready", ready, "Succeeded" if ready else "Failed",
                                                message, created)],
                       "ready": ready}}


def update_request(ns: str, policy: str, rule: str, *, state: str, message: str,
                   created: str) -> dict:
    """A kyverno.io/v2 generate UpdateRequest triggered by Namespace `ns` (in namespace kyverno)."""
    name = "ur-" + clock.hexdigest("ur", ns, rule, length=5)
    return {"apiVersion": "kyverno.io/v2", "kind": "UpdateRequest",
            "metadata": meta(name, "kyverno", created=created, labels={
                "generate.kyverno.io/policy-name": policy,
                "generate.kyverno.io/resource-kind": "Namespace",
                "generate.kyverno.io/resource-name": ns,
                "generate.kyverno.io/resource-namespace": ""}),
            "spec": {"requestType": "generate", "policy": policy, "rule": rule,
                     "resource": {"apiVersion": "v1", "kind": "Namespace", "name": ns},
                     "context": {"userInfo": {"userInfo": {
                         "username": "system:serviceaccount:argocd:argocd-application-controller"}}}},
            "status": {"state": state, "message": message,
                       "retryCount": 3 if state == "Failed" else 0}}
