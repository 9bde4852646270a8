"""One PR's preview as plain data: everything the world holds for it on GitHub, in the
registry, on the Argo CD cluster, on the workload cluster and at the preview URL.

`healthy(n, sha)` builds a fully working preview with the real names and shapes of
homerun2.md §1 (core-catcher profile); scenarios.py edits it into each broken variant, and
World.install() loads it into the servers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from . import argo_objects as argo
from . import clock
from . import github_objects as gho
from . import kube_objects as k
from .app_server import Health

REPO = "stuttgart-things/homerun2-core-catcher"
CLUSTER = "homerun2-test1"
LABEL = "preview"
IMAGE_REPO = "stuttgart-things/homerun2-core-catcher"
KUSTOMIZE_REPO = "stuttgart-things/homerun2-core-catcher-kustomize"
OMNI_IMAGE = f"ghcr.io/stuttgart-things/homerun2-omni-pitcher:{argo.OMNI_VERSION}"
REDIS_IMAGE = "ghcr.io/stuttgart-things/redis-stack-server:7.2.0-v18"
SENTINEL_IMAGE = "docker.io/bitnami/redis-sentinel:7.2.4-debian-12-r9"   # inferred (Bitnami)
BOT_MARKER = "<!-- preview-url-bot -->"
BOT = gho.user("github-actions[bot]", 41898282, bot=True)
AUTHOR = gho.user("patrick-hermann-sva", 104011342)
REVIEWER = gho.user("lena-sva", 118273645)

# check-run names as GitHub forms them for reusable workflows (homerun2.md §2a)
CHECK_BUILD = "build-pr / Build, Scan & Push Image"
CHECK_KUSTOMIZE = "push-kustomize / Push kustomize base via Dagger"
CHECKS = (CHECK_BUILD, CHECK_KUSTOMIZE, "build-and-test", "Lint-Repository / Repository Linting")

# The four ExternalSecrets = Secrets (homerun2.md §1b): name -> (data key, Vault property)
EXTERNAL_SECRETS = {
    "homerun2-omni-pitcher-token": ("auth-token", "authToken"),
    "homerun2-omni-pitcher-redis": ("password", "redisPassword"),
    "redis-stack-auth": ("redis-password", "redisPassword"),
    "homerun2-core-catcher-redis": ("password", "redisPassword"),
}
# Secret values: tests search the tool's output for this marker to prove no Secret leaks.
SECRET_MARKER = "PREVIEW-WORLD-SECRET"


def secret_value(name: str) -> str:
    return f"{SECRET_MARKER}-{name}-do-not-print"


def sha_for(number: int) -> str:
    """The default head SHA of PR `number` (40 hex digits)."""
    return clock.hexdigest("head", number)


def repo_id(full_name: str) -> int:
    return clock.number("repo", full_name.lower(), digits=9)


@dataclass
class Preview:
    number: int
    sha: str
    repo: str = REPO
    cluster: str = CLUSTER
    pull: dict | None = None                                    # the full PR object
    comments: list[dict] = field(default_factory=list)
    check_runs: list[dict] = field(default_factory=list)        # for `sha`
    issue_events: list[dict] = field(default_factory=list)      # label changes, oldest first
    tags: dict[str, set[str]] = field(default_factory=dict)     # registry repo -> tags
    argo: list[dict] = field(default_factory=list)              # Argo CD cluster objects
    workload: list[dict] = field(default_factory=list)          # workload cluster objects
    logs: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    health: Health | None = None                                # None: no route at the URL
    appset: dict | None = None                                  # replaces the shared AppSet

    @property
    def app(self) -> str:
        return f"homerun2-core-catcher-pr-{self.number}"

    @property
    def namespace(self) -> str:
        return f"homerun2-core-catcher-pr-{self.number}"

    @property
    def tag(self) -> str:
        return f"pr-{self.number}-{self.sha}"

    def objs(self, kind: str) -> list[dict]:
        return [o for o in self.argo + self.workload if o["kind"] == kind]

    def obj(self, kind: str, name: str) -> dict:
        for o in self.objs(kind):
            if o["metadata"]["name"] == name:
                return o
        raise KeyError(f"{kind}/{name} is not in PR {self.number}'s preview")

    def pods(self, prefix: str) -> list[dict]:
        return [o for o in self.objs("Pod") if o["metadata"]["name"].startswith(prefix)]

    def drop(self, kind: str, name_prefix: str = "") -> None:
        """Remove objects of a kind whose name starts with name_prefix (all if empty)."""
        def keep(o: dict) -> bool:
            return not (o["kind"] == kind and o["metadata"]["name"].startswith(name_prefix))
        self.argo = [o for o in self.argo if keep(o)]
        self.workload = [o for o in self.workload if keep(o)]

    def check(self, name: str) -> dict:
        return next(r for r in self.check_runs if r["name"] == name)

    def set_label(self, present: bool) -> None:
        labels = [lb for lb in self.pull["labels"] if lb["name"] != LABEL]
        if present:
            labels.insert(0, gho.label(self.repo, LABEL, "0e8a16", "Deploy a PR preview"))
        else:  # never labelled: no label events either
            self.issue_events = [e for e in self.issue_events if e["label"]["name"] != LABEL]
        self.pull["labels"] = labels


def _bot_comment(p: Preview) -> str:
    host = f"cc-pr-{p.number}.{argo.DOMAIN}"
    return (f"{BOT_MARKER}\n## 🚀 Preview environment\n\n| | |\n|---|---|\n"
            f"| **URL** | https://{host} |\n"
            f"| **Namespace** | `{p.namespace}` on `homerun2-dev` |\n"
            f"| **ArgoCD** | [{p.app}](https://argocd.platform.sthings-vsphere.labul.sva.de/"
            f"applications?search={p.app}) |\n\n"
            f"Co-tenanted: omni-pitcher `{argo.OMNI_VERSION}` at "
            f"https://omni-cc-pr-{p.number}.{argo.DOMAIN}/pitch; the seed Job posts 5 test "
            "events once it is healthy.")


def _github(p: Preview, created) -> None:
    repo = gho.repository(p.repo, repo_id(p.repo))
    p.pull = gho.pull_request(repo, p.number, p.sha, title=f"feat: dashboard filters (#{p.number})",
                              author=AUTHOR, labels=[], created=clock.stamp(created))
    p.set_label(True)
    p.issue_events = [gho.issue_event(p.repo, p.number, "labeled", LABEL, actor=AUTHOR["login"],
                                      created=clock.stamp(created + timedelta(minutes=9)),
                                      seq=0, color="0e8a16")]
    p.pull["labels"].append(gho.label(p.repo, "enhancement", "a2eeef", "New feature or request"))
    p.comments = [
        gho.comment(p.repo, p.number, author=REVIEWER, seq=1,
                    body="Could you add a preview so I can try the new filters?",
                    created=clock.stamp(created + timedelta(minutes=3))),
        gho.comment(p.repo, p.number, author=BOT, body=_bot_comment(p), seq=2,
                    created=clock.stamp(created + timedelta(minutes=5))),
        gho.comment(p.repo, p.number, author=AUTHOR, seq=3,
                    body="Preview is up, seeded events show in the dashboard.",
                    created=clock.stamp(created + timedelta(minutes=30))),
    ]
    p.check_runs = [gho.check_run(p.repo, p.sha, name, pull_numbers=(p.number,),
                                  started=clock.stamp(created - timedelta(minutes=12)),
                                  completed=clock.stamp(created - timedelta(minutes=4)))
                    for name in CHECKS]
    p.tags = {IMAGE_REPO: {p.tag, f"pr-{p.number}"}, KUSTOMIZE_REPO: {p.tag}}


def _argo(p: Preview, created: str, appset: dict) -> None:
    p.argo = [argo.parent_application(p.number, p.sha, p.cluster, created, appset),
              *argo.children(p.number, p.sha, p.cluster, p.namespace, created)]


def _deployment(p: Preview, name: str, component: str, image: str, env: list, created: str,
                log: str) -> None:
    ns, child = p.namespace, f"{p.app}-{name.removeprefix('homerun2-')}"
    labels = k.app_labels(name, component)
    rs_hash = clock.kube_suffix("rs", ns, name, image, length=10)
    spec = k.container(name, image, env=env)
    deploy = k.deployment(ns, name, [spec], created, labels=labels, argo_app=child,
                          rs_hash=rs_hash)
    rs = k.replica_set(ns, deploy, rs_hash, created, ready=1)
    pod_name = f"{rs['metadata']['name']}-{clock.kube_suffix('pod', ns, name)}"
    pod = k.pod(ns, pod_name, [spec], created, labels=rs["spec"]["template"]["metadata"]["labels"],
                owner_ref=k.owner(rs),
                statuses=[k.container_status(spec, k.running(created), ready=True)])
    service = k.service(ns, name, deploy["spec"]["selector"]["matchLabels"], created,
                        argo_app=child)
    p.workload += [deploy, rs, pod, service]
    p.logs[(pod_name, name)] = (log, None)


def _workloads(p: Preview, created_dt) -> None:
    ns, created = p.namespace, clock.stamp(created_dt)
    later = clock.stamp(created_dt + timedelta(minutes=2))
    _deployment(p, "homerun2-core-catcher", "consumer",
                f"ghcr.io/stuttgart-things/homerun2-core-catcher:{p.tag}", [
                    {"name": "CATCHER_MODE", "value": "web"}, {"name": "PORT", "value": "8080"},
                    {"name": "REDIS_ADDR", "value": f"redis-stack.{ns}.svc.cluster.local"},
                    {"name": "REDIS_PORT", "value": "6379"},
                    {"name": "REDIS_STREAM", "value": "messages"},
                    {"name": "CONSUMER_GROUP", "value": "homerun2-core-catcher"},
                    k.secret_env("REDIS_PASSWORD", "homerun2-core-catcher-redis", "password")],
                later, catcher_log(p, later))
    _deployment(p, "homerun2-omni-pitcher", "api", OMNI_IMAGE, [
        k.secret_env("AUTH_TOKEN", "homerun2-omni-pitcher-token", "auth-token"),
        k.secret_env("REDIS_PASSWORD", "homerun2-omni-pitcher-redis", "password"),
        {"name": "REDIS_ADDR", "value": f"redis-stack.{ns}.svc.cluster.local"}],
        later, f"time={later} level=INFO msg=\"starting omni-pitcher\" "
               f"version={argo.OMNI_VERSION}\ntime={later} level=INFO msg=\"listening\" "
               "addr=:8080\n")
    _redis(p, created)
    for name, host, backend in (
            ("homerun2-core-catcher", f"cc-pr-{p.number}", "homerun2-core-catcher"),
            ("homerun2-omni-pitcher", f"omni-cc-pr-{p.number}", "homerun2-omni-pitcher")):
        p.workload.append(k.httproute(ns, name, f"{host}.{argo.DOMAIN}", backend, later,
                                      argo_app=f"{p.app}-{name.removeprefix('homerun2-')}"))
    p.workload.append({"apiVersion": "v1", "kind": "ConfigMap",
                       "metadata": k.meta("homerun2-core-catcher-config", ns, created=later),
                       "data": {"MAX_MESSAGES": "10000", "LOG_LEVEL": "info"}})


def _redis(p: Preview, created: str) -> None:
    ns, app = p.namespace, f"{p.app}-redis-stack-delegate"
    labels = {"app.kubernetes.io/instance": "redis-stack", "app.kubernetes.io/name": "redis",
              "app.kubernetes.io/component": "node"}
    containers = [k.container("redis", REDIS_IMAGE, port=6379, probes=False),
                  k.container("sentinel", SENTINEL_IMAGE, port=26379, probes=False)]
    sts = k.stateful_set(ns, "redis-stack-node", containers, created, labels=labels,
                         argo_app=app)
    pod = k.pod(ns, "redis-stack-node-0", containers, created,
                labels=dict(labels, **{"statefulset.kubernetes.io/pod-name": "redis-stack-node-0"}),
                owner_ref=k.owner(sts),
                statuses=[k.container_status(c, k.running(created), ready=True)
                          for c in containers])
    p.workload += [sts, pod,
                   k.service(ns, "redis-stack", labels, created, argo_app=app, port=6379,
                             target=6379),
                   k.service(ns, "redis-stack-headless", labels, created, argo_app=app,
                             port=6379, target=6379, headless=True)]
    p.logs[("redis-stack-node-0", "redis")] = (
        "1:C * oO0OoO0OoO0Oo Redis Stack is starting oO0OoO0OoO0Oo\n"
        "1:M * Server initialized\n1:M * Ready to accept connections tcp\n", None)
    p.logs[("redis-stack-node-0", "sentinel")] = (
        "1:X * Sentinel ID is " + clock.hexdigest("sentinel", ns) + "\n"
        "1:X # +monitor master mymaster 127.0.0.1 6379 quorum 2\n", None)


def _secrets_and_policy_objects(p: Preview, created_dt) -> None:
    ns, created = p.namespace, clock.stamp(created_dt)
    synced = clock.stamp(created_dt + timedelta(seconds=20))
    p.workload += [k.namespace(ns, created),
                   k.resource_quota(ns, created, {"limits.cpu": "1500m", "limits.memory": "1536Mi",
                                                  "pods": "3", "requests.cpu": "150m",
                                                  "requests.memory": "192Mi"}),
                   k.limit_range(ns, created),
                   k.cluster_secret_store(clock.stamp(created_dt - timedelta(days=30)))]
    for name, (key, prop) in EXTERNAL_SECRETS.items():
        es = k.external_secret(ns, name, key, prop, created, refreshed=synced)
        p.workload += [es, k.secret(ns, name, key, secret_value(name), synced, es=es)]


def _seed(p: Preview, created_dt) -> None:
    ns = p.namespace
    started = clock.stamp(created_dt + timedelta(minutes=2))
    finished = clock.stamp(created_dt + timedelta(minutes=4))
    job = k.job(ns, "seed-test-events", started, state="complete", started=started,
                finished=finished)
    spec = job["spec"]["template"]["spec"]["containers"][0]
    pod_name = f"seed-test-events-{clock.kube_suffix('seed', ns)}"
    status = k.container_status(spec, k.terminated(0, "Completed", started, finished), ready=False)
    pod = k.pod(ns, pod_name, [spec], started, owner_ref=k.owner(job), phase="Succeeded",
                labels={"batch.kubernetes.io/job-name": "seed-test-events",
                        "job-name": "seed-test-events"},
                statuses=[status], restart_policy="OnFailure")
    p.workload += [job, pod]
    p.logs[(pod_name, "seed")] = (seed_log(5), None)


def catcher_log(p: Preview, when: str) -> str:
    addr = f"redis-stack.{p.namespace}.svc.cluster.local:6379"
    return (f'time={when} level=INFO msg="starting homerun2-core-catcher" mode=web '
            f"version={p.tag} commit={p.sha}\n"
            f'time={when} level=INFO msg="waiting for redis" addr={addr}\n'
            f'time={when} level=INFO msg="redis ready" attempts=2\n'
            f'time={when} level=INFO msg="consumer group ready" stream=messages '
            "group=homerun2-core-catcher\n"
            f'time={when} level=INFO msg="http server listening" port=8080\n')


def seed_log(posted: int, failure: str | None = None) -> str:
    titles = ("Deployment Notification", "Test Alert", "Info Event", "Critical Event",
              "Success Event")
    lines = ["waiting for http://homerun2-omni-pitcher:80/health (1/60)",
             "omni-pitcher is healthy"]
    lines += [f"POST /pitch -> 202 ({title})" for title in titles[:posted]]
    lines.append(failure or "seed complete")
    return "\n".join(lines) + "\n"


def healthy(number: int, sha: str | None = None, *, repo: str = REPO, cluster: str = CLUSTER,
            age_minutes: int = 40, appset: dict | None = None) -> Preview:
    """A labelled, green, deployed, reachable preview whose namespace is `age_minutes` old."""
    p = Preview(number, sha or sha_for(number), repo, cluster)
    created = clock.now() - timedelta(minutes=age_minutes)
    _github(p, created - timedelta(minutes=15))
    appset = appset or argo.application_set(clock.stamp(created - timedelta(days=30)))
    _argo(p, clock.stamp(created), appset)
    _secrets_and_policy_objects(p, created)
    _workloads(p, created)
    _seed(p, created)
    started = clock.stamp(created + timedelta(minutes=2))
    p.health = Health("healthy", version=p.tag, commit=p.sha, date=started)
    for pod in p.objs("Pod"):
        if pod["status"]["phase"] == "Running":
            p.workload.append(k.event(p.namespace, pod, "Started", "Started container " +
                                      pod["spec"]["containers"][0]["name"],
                                      first=started, last=started))
    return p
