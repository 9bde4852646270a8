"""Scenario variants for the second doctor round's Kyverno, ESO, quota and seed rows
(reference/failure-modes.md D1, D3, D5, E1, E2, G1, G2). Registered in scenarios.VARIANTS."""

from __future__ import annotations

from . import clock
from . import kube_objects as k
from .app_server import Health
from .preview import Preview, catcher_log
from .scenarios import CATCHER, _catcher_pod, _set_child, _unavailable, wrongpass
from .store import uid_of

SECRETS_POLICY = "homerun2-core-catcher-preview-secrets"
QUOTA_POLICY = "homerun2-core-catcher-preview-quota"
BG_USER = "system:serviceaccount:kyverno:kyverno-background-controller"


def _without_external_secrets(p: Preview) -> list[str]:
    names = [o["metadata"]["name"] for o in p.objs("ExternalSecret")]
    for name in names:
        p.drop("ExternalSecret", name)
        p.drop("Secret", name)
    return names


def _failed_requests(p: Preview, names: list[str], message) -> None:
    created = p.obj("Namespace", p.namespace)["metadata"]["creationTimestamp"]
    for name in names:
        rule = f"generate-externalsecret-{name.removeprefix('homerun2-')}"
        p.workload.append(k.update_request(p.namespace, SECRETS_POLICY, rule, state="Failed",
                                           message=message(name), created=created))
    p.workload.append(k.cluster_policy(SECRETS_POLICY, clock.ago(hours=24 * 30)))


def generate_rbac(p: Preview) -> None:
    """D1: Kyverno's background controller may not create ExternalSecrets; the 4 generate
    requests failed and none of the ExternalSecrets (nor their Secrets) exists."""
    names = _without_external_secrets(p)
    _failed_requests(p, names, lambda name: (
        "failed to generate resource: externalsecrets.external-secrets.io "
        f'"{name}" is forbidden: User "{BG_USER}" cannot create resource "externalsecrets" '
        f'in API group "external-secrets.io" in the namespace "{p.namespace}"'))


def generate_v1beta1(p: Preview) -> None:
    """D1: the policy still generates external-secrets.io/v1beta1, which ESO >= 0.17 no longer
    serves."""
    names = _without_external_secrets(p)
    _failed_requests(p, names, lambda name: (
        'failed to generate resource: no matches for kind "ExternalSecret" in version '
        '"external-secrets.io/v1beta1"'))


def generate_missed(p: Preview) -> None:
    """D1: the ExternalSecrets were never generated and no UpdateRequest is left (Kyverno was
    down when the namespace was created, or the request was retried and removed)."""
    _without_external_secrets(p)


def _create_rejected(p: Preview, message: str, component: str = "replicaset-controller") -> None:
    """The catcher's ReplicaSet cannot create its pod: FailedCreate `message`."""
    pod = _catcher_pod(p)
    pod_name = pod["metadata"]["name"]
    p.drop("Pod", pod_name)
    p.logs.pop((pod_name, CATCHER), None)
    _unavailable(p, CATCHER, failure=message)
    rs = next(r for r in p.objs("ReplicaSet") if r["metadata"]["name"].startswith(CATCHER))
    p.workload.append(k.event(p.namespace, rs, "FailedCreate", f"Error creating: {message}",
                              first=clock.ago(minutes=30), last=clock.ago(minutes=1), count=17,
                              warning=True, component=component))
    _set_child(p, "core-catcher", health="Progressing",
               message='Waiting for rollout to finish: 0 of 1 updated replicas are available...')
    p.health = Health(503)


def webhook_down(p: Preview) -> None:
    """D3: Kyverno's pods are gone and its mutating webhook fails closed."""
    _create_rejected(p, 'Internal error occurred: failed calling webhook "mutate.kyverno.svc-fail": '
                        'failed to call webhook: Post "https://kyverno-svc.kyverno.svc:443/mutate/'
                        'fail?timeout=10s": no endpoints available for service "kyverno-svc"')


def webhook_denied(p: Preview) -> None:
    """D3: an Enforce policy rejects the catcher's pod."""
    name = _catcher_pod(p)["metadata"]["name"]
    _create_rejected(p, 'admission webhook "validate.kyverno.svc-fail" denied the request: \n\n'
                        f"resource Pod/{p.namespace}/{name} was blocked due to the following "
                        "policies \n\ndisallow-latest-tag:\n  validate-image-tag: 'validation "
                        "error: Using a mutable image tag e.g. latest is not allowed. rule "
                        "validate-image-tag failed at path /spec/containers/0/image/'\n")


def quota_no_limitrange(p: Preview) -> None:
    """D5a: the quota exists but the LimitRange does not, so pods without limits are refused."""
    p.drop("LimitRange", "pr-preview")
    name = _catcher_pod(p)["metadata"]["name"]
    _create_rejected(p, f'pods "{name}" is forbidden: failed quota: pr-preview: must specify '
                        "limits.cpu,limits.memory,requests.cpu,requests.memory")


def quota_surge(p: Preview) -> None:
    """D5b: a rollout to a new template cannot create its surge pod under the pods quota; the old
    pod keeps serving."""
    deploy = p.obj("Deployment", CATCHER)
    deploy["metadata"]["generation"] = 2
    deploy["status"].update({"observedGeneration": 2, "updatedReplicas": 0})
    for cond in deploy["status"]["conditions"]:
        if cond["type"] == "Progressing":
            cond.update({"status": "True", "reason": "ReplicaSetUpdated",
                         "message": f'ReplicaSet "{CATCHER}-7c9d5b6f48" is progressing.'})
    fresh = k.replica_set(p.namespace, deploy, "7c9d5b6f48", clock.ago(minutes=12), ready=0)
    fresh["status"] = {"replicas": 0, "observedGeneration": 1,
                       "conditions": [k.condition("ReplicaFailure", True, "FailedCreate",
                                                  "exceeded quota", clock.ago(minutes=12))]}
    p.workload.append(fresh)
    quota = p.obj("ResourceQuota", "pr-preview")
    quota["status"]["used"]["pods"] = "10"
    message = (f'pods "{CATCHER}-7c9d5b6f48-x2k8p" is forbidden: exceeded quota: pr-preview, '
               "requested: pods=1, used: pods=10, limited: pods=10")
    p.workload.append(k.event(p.namespace, fresh, "FailedCreate", f"Error creating: {message}",
                              first=clock.ago(minutes=12), last=clock.ago(minutes=1), count=9,
                              warning=True, component="replicaset-controller"))


def _update_failed(p: Preview, message: str, minutes: int) -> None:
    es = p.obj("ExternalSecret", "redis-stack-auth")
    p.workload.append(k.event(p.namespace, es, "UpdateFailed", message,
                              first=clock.ago(minutes=minutes + 20),
                              last=clock.ago(minutes=minutes), count=40, warning=True,
                              component="external-secrets"))


VAULT_DENIED = ("error processing spec.data[0] (key: preview-env), err: unable to log in to auth "
                "method: unable to log in with Kubernetes auth: Error making API request.\n\nURL: "
                "PUT https://vault.homerun2.sthings-vsphere.labul.sva.de/v1/auth/kubernetes/login"
                "\nCode: 403. Errors:\n\n* permission denied")


def _store(p: Preview, ready: bool) -> None:
    p.workload = [o for o in p.workload if o["kind"] != "ClusterSecretStore"]
    p.workload.append(k.cluster_secret_store(clock.ago(hours=24 * 30), ready=ready,
                                             when=clock.ago(minutes=45)))


def es_vault_denied(p: Preview) -> None:
    """E1: Vault denies the store's Kubernetes-auth login: the store is not Ready and the
    ExternalSecret's UpdateFailed event carries Vault's words (a force-sync cannot help)."""
    wrongpass(p)
    _update_failed(p, VAULT_DENIED, minutes=1)
    _store(p, ready=False)


def es_property_missing(p: Preview) -> None:
    """E1: the store is fine, but the Vault secret has no such property."""
    wrongpass(p)
    _update_failed(p, 'error processing spec.data[0] (key: preview-env), err: cannot find secret '
                      'data for key: "redisPassword"', minutes=1)


def es_stale(p: Preview) -> None:
    """E2: the store is Ready again, but the ExternalSecret last failed 50 min ago and waits for
    its next refresh (a force-sync makes ESO retry now)."""
    wrongpass(p)
    _update_failed(p, VAULT_DENIED, minutes=50)


HOSTILE_STORE = "../../api/v1/namespaces/kube-system/secrets/x?dryRun=All%2F..\x1b[31m"


def es_hostile_store(p: Preview) -> None:
    """Design §7: a failing ExternalSecret whose secretStoreRef names a store with `/`, `..`,
    `?`, `%2F` and an ANSI escape; the doctor must refuse the name, never request it."""
    wrongpass(p)
    p.obj("ExternalSecret", "redis-stack-auth")["spec"]["secretStoreRef"]["name"] = HOSTILE_STORE


def seed_lost(p: Preview) -> None:
    """G1: redis-stack restarted after the seed Job posted its fixture; no persistence."""
    pod = p.obj("Pod", "redis-stack-node-0")
    restarted = clock.ago(minutes=10)
    pod["status"]["startTime"] = restarted
    for status in pod["status"]["containerStatuses"]:
        status["state"] = k.running(restarted)
    pod["metadata"]["creationTimestamp"] = restarted


def fresh_connection_refused(p: Preview) -> None:
    """G2: a namespace 2 min old whose catcher crash-loops on `connection refused` to redis."""
    ns = p.obj("Namespace", p.namespace)
    ns["metadata"]["creationTimestamp"] = clock.ago(minutes=2)
    pod = _catcher_pod(p)
    spec, pod_ref = pod["spec"]["containers"][0], f"{pod['metadata']['name']}_{p.namespace}"
    started, finished = clock.ago(seconds=50), clock.ago(seconds=40)
    pod["status"]["containerStatuses"] = [k.container_status(
        spec, k.waiting("CrashLoopBackOff", f"back-off 20s restarting failed container={CATCHER} "
                        f"pod={pod_ref}({uid_of(pod)})"),
        ready=False, restarts=2, last_state=k.terminated(1, "Error", started, finished))]
    addr = f"redis-stack.{p.namespace}.svc.cluster.local:6379"
    log = catcher_log(p, started).split("\n")[:2]
    log.append(f'time={finished} level=ERROR msg="redis not ready" attempt=5 err="dial tcp '
               f'10.96.14.7:6379: connect: connection refused" addr={addr}')
    text = "\n".join(log) + "\n"
    p.logs[(pod["metadata"]["name"], CATCHER)] = (text, text)
    _unavailable(p, CATCHER)


VARIANTS = {
    "generate_rbac": generate_rbac,
    "generate_v1beta1": generate_v1beta1,
    "generate_missed": generate_missed,
    "webhook_down": webhook_down,
    "webhook_denied": webhook_denied,
    "quota_no_limitrange": quota_no_limitrange,
    "quota_surge": quota_surge,
    "es_vault_denied": es_vault_denied,
    "es_property_missing": es_property_missing,
    "es_stale": es_stale,
    "es_hostile_store": es_hostile_store,
    "seed_lost": seed_lost,
    "fresh_connection_refused": fresh_connection_refused,
}
