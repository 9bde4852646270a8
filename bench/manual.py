"""What a person runs by hand, one command after another, to learn what `preview` reports.

Each sequence is data: a list of steps, each an argv vector (no shell) whose `{placeholders}` are
filled from the world (see `bench.py: placeholders`). A step may `save` a value from its JSON
output for later steps (what a person would copy from the screen: the head SHA from the PR, the
registry token), and may `follow` GitHub's `Link: rel="next"` header (a person pastes the next
page's URL until there is none).

The kubectl steps carry `--cache-dir {cache}` only so the benchmark controls how warm kubectl's
discovery cache is (fresh directory: cold; reused directory: warm, as ~/.kube/cache usually is).
The contexts are the playground kubeconfig's: `argocd-mgmt` (Argo CD cluster, namespace argocd)
and `homerun2-test1` (workload cluster).
"""

CURL = ["curl", "-sS", "--cacert", "{ca}"]
GH = CURL + ["-H", "Authorization: Bearer {gh_token}", "-H", "Accept: application/vnd.github+json"]
ARGO = ["kubectl", "--cache-dir", "{cache}", "--context", "{argo_context}"]
WORKLOAD = ["kubectl", "--cache-dir", "{cache}", "--context", "{workload_context}"]
OCI_ACCEPT = ("Accept: application/vnd.oci.image.index.v1+json,"
              "application/vnd.oci.image.manifest.v1+json,"
              "application/vnd.docker.distribution.manifest.list.v2+json,"
              "application/vnd.docker.distribution.manifest.v2+json")


def step(*argv, save=None, follow=False, may_fail=False):
    return {"argv": list(argv), "save": save or {}, "follow": follow, "may_fail": may_fail}


def artifact(repository: str, token: str) -> list[dict]:
    """ghcr.io's anonymous token flow, then a HEAD of the manifest for the head SHA's tag."""
    return [
        step(*CURL, "https://{registry}/token?service={registry}&scope=repository:"
             + repository + ":pull", save={token: "token"}),
        step(*CURL, "-I", "-H", "Authorization: Bearer {" + token + "}", "-H", OCI_ACCEPT,
             "https://{registry}/v2/" + repository + "/manifests/pr-{number}-{sha}"),
    ]


# `preview status <n>`: the PR, its checks and bot comment, the artifacts, the ApplicationSet,
# the Applications, the namespace and everything in it, the URL.
STATUS = [
    step(*GH, "{github}/repos/{repo}/pulls/{number}", save={"sha": "head.sha"}),
    step(*GH, "{github}/repos/{repo}/commits/{sha}/check-runs?filter=latest&per_page=100"),
    step(*GH, "{github}/repos/{repo}/issues/{number}/comments?per_page=100"),
    *artifact("{image_repo}", "image_token"),
    *artifact("{kustomize_repo}", "kustomize_token"),
    step(*ARGO, "get", "applicationset", "{appset}", "-o", "yaml"),
    step(*ARGO, "get", "applications", "-l", "{pr_label}={number}", "-o", "wide"),
    step(*WORKLOAD, "get", "namespace", "{namespace}"),
    step(*WORKLOAD, "-n", "{namespace}", "get",
         "deploy,sts,pods,jobs,externalsecrets,httproutes,events"),
    step(*CURL, "-i", "{url}{health_path}"),
]

# `preview doctor <n>`: the same facts plus the previous log of the crash-looping container
# (the WRONGPASS check); a person asks for it whatever the pods say.
DOCTOR = STATUS[:-1] + [
    step(*WORKLOAD, "-n", "{namespace}", "logs", "deploy/homerun2-core-catcher", "--previous",
         "--tail", "50", may_fail=True),     # no previous container on a healthy pod: exit 1
    STATUS[-1],
]

# `preview list`: every open PR carrying the label (all pages), the preview Applications, the
# namespaces.
LIST = [
    step(*GH, "-i", "{github}/repos/{repo}/issues?state=open&labels={label}&per_page=100",
         follow=True),
    step(*ARGO, "get", "applications", "-l", "{pr_label}"),
    step(*WORKLOAD, "get", "namespaces"),
]

SEQUENCES = {"status": STATUS, "doctor": DOCTOR, "list": LIST}
