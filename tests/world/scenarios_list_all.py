"""World helpers for `preview list --all` (tests/integration/test_list_all.py): several
ApplicationSets for three repositories, as the platform team runs them (homerun2.md §5).

`three_repositories(w)` adds, beside the world's core-catcher previews (PR 42 healthy, PR 7
broken):
- core-catcher PR 3: an abandoned namespace (orphan);
- homerun2-omni-pitcher PR 12 under its built-in names (`homerun2-pr-12`), its head moved on
  after the ApplicationSet rendered it: the old commit runs (stale);
- acme/widget (no built-in profile): ApplicationSet `widget-pr-preview` with a plain
  pullRequest generator (label `deploy-preview`), its names only in its template, PR 21 deployed
  and healthy, and the AppSet reports a generation error;
- an ApplicationSet with a GitLab pullRequest generator (not shown: GitHub only) and one with
  no pullRequest generator at all (ignored).

`head_moved` (VARIANTS) is the stale part alone: the PR's head is a new commit, nothing else.
"""

from __future__ import annotations

from . import argo_objects as argo
from . import clock, preview, scenarios_smoke
from . import github_objects as gho
from . import kube_objects as k

WIDGET_REPO = "acme/widget"
WIDGET_APPSET = "widget-pr-preview"
WIDGET_LABEL = "deploy-preview"
WIDGET_PR_LABEL = "widget.acme.test/pr"
WIDGET_ERROR = ("ApplicationSet widget-pr-preview contains applications with duplicate name: "
                "widget-pr-21")
GITLAB_APPSET = "thing-pr-preview"


def head_moved(p: preview.Preview) -> None:
    """The author pushed after the ApplicationSet rendered the preview: the head is a new
    commit, the Applications still deploy the old one."""
    p.pull["head"]["sha"] = clock.hexdigest("pushed", p.repo, p.number)


VARIANTS = {"head_moved": head_moved}


def _omni_stale(w, number: int) -> None:
    p = scenarios_smoke.omni_pitcher_preview(w, number)
    # The copied AppSet still polls core-catcher: point its generator at omni-pitcher.
    appset = p.appset
    pr_gen = appset["spec"]["generators"][0]["matrix"]["generators"][1]["pullRequest"]
    pr_gen["github"]["repo"] = scenarios_smoke.OMNI_REPO.split("/")[1]
    w.argo.put(appset)
    head_moved(p)
    w.github.repo(p.repo).put_pull(p.pull)


def _widget_appset(created: str, pr_label: bool = True) -> dict:
    when = clock.ago(minutes=3)
    labels = {WIDGET_PR_LABEL: "{{ .number }}"} if pr_label else {}
    return {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
        "metadata": argo.meta(WIDGET_APPSET, argo.ARGO_NS, created=created, generation=2),
        "spec": {
            "goTemplate": True,
            "generators": [{"pullRequest": {"github": {"owner": "acme", "repo": "widget",
                                                       "labels": [WIDGET_LABEL]},
                                            "requeueAfterSeconds": 300}}],
            "template": {
                "metadata": {"name": "widget-pr-{{ .number }}", "labels": labels},
                "spec": {"project": "default",
                         "source": {"repoURL": "oci://ghcr.io/acme/widget-kustomize",
                                    "targetRevision": "pr-{{ .number }}-{{ .head_sha }}",
                                    "path": "."},
                         "destination": {"server": argo.IN_CLUSTER,
                                         "namespace": "widget-pr-{{ .number }}"}}},
        },
        "status": {"conditions": [
            {"type": "ErrorOccurred", "status": "True", "reason": "ApplicationValidationError",
             "message": WIDGET_ERROR, "lastTransitionTime": when},
            {"type": "ParametersGenerated", "status": "True", "reason": "ParametersGenerated",
             "message": "Successfully generated parameters for all Applications",
             "lastTransitionTime": when},
            {"type": "ResourcesUpToDate", "status": "False",
             "reason": "ApplicationValidationError", "message": WIDGET_ERROR,
             "lastTransitionTime": when}]},
    }


def _widget(w, number: int, pr_label: bool = True) -> None:
    repo = w.github.add_repo(WIDGET_REPO, preview.repo_id(WIDGET_REPO))
    repo.label(WIDGET_LABEL, "0e8a16", "Deploy a PR preview")
    gh_repo = gho.repository(WIDGET_REPO, preview.repo_id(WIDGET_REPO))
    sha = preview.sha_for(number)
    created = clock.ago(minutes=20)
    repo.put_pull(gho.pull_request(gh_repo, number, sha, title="feat: widget colours",
                                   author=preview.AUTHOR, created=clock.ago(hours=1),
                                   labels=[gho.label(WIDGET_REPO, WIDGET_LABEL, "0e8a16",
                                                     "Deploy a PR preview")]))
    appset = _widget_appset(clock.ago(hours=24 * 7), pr_label)
    name = f"widget-pr-{number}"
    app = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": argo.meta(name, argo.ARGO_NS, created=created, generation=2,
                              labels={WIDGET_PR_LABEL: str(number)} if pr_label else {},
                              ownerReferences=[k.owner(appset)]),
        "spec": {"project": "default",
                 "source": {"repoURL": "oci://ghcr.io/acme/widget-kustomize",
                            "targetRevision": f"pr-{number}-{sha}", "path": "."},
                 "destination": {"server": argo.IN_CLUSTER, "namespace": name}},
        "status": {"sync": {"status": "Synced", "revision": clock.hexdigest("oci", name)},
                   "health": {"status": "Healthy"}},
    }
    w.argo.put(appset, app)
    w.workload.put(k.namespace(name, created))


def _gitlab_and_plain_appsets(w) -> None:
    created = clock.ago(hours=24 * 9)
    gitlab = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
        "metadata": argo.meta(GITLAB_APPSET, argo.ARGO_NS, created=created),
        "spec": {"generators": [{"pullRequest": {"gitlab": {"project": "acme/thing",
                                                            "labels": ["preview"]}}}],
                 "template": {"metadata": {"name": "thing-{{ .number }}"}, "spec": {}}},
    }
    plain = {
        "apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet",
        "metadata": argo.meta("homerun2-pr-preview-policies", argo.ARGO_NS, created=created),
        "spec": {"generators": [{"list": {"elements": [{"name": "quota"}]}}],
                 "template": {"metadata": {"name": "policy-{{ .name }}"}, "spec": {}}},
    }
    w.argo.put(gitlab, plain)


def three_repositories(w, widget_pr_label: bool = True) -> None:
    """Installs the three repositories' ApplicationSets and previews described above. Without
    `widget_pr_label` the widget ApplicationSet's template (and so its Application) carries no
    PR label: nothing to select its Applications by."""
    w.add("abandoned_namespace", 3)
    _omni_stale(w, 12)
    _widget(w, 21, widget_pr_label)
    _gitlab_and_plain_appsets(w)
