"""Scenario variants for the GitHub side and the ApplicationSet (failure-modes A1-A3, B1-B7,
the image pull while CI failed or runs, the AppSet's own label filter). Registered in
scenarios.VARIANTS; each edits a healthy Preview, as scenarios.py's variants do."""

from __future__ import annotations

import functools

from . import argo_objects as argo
from . import clock
from . import github_objects as gho
from .preview import CHECK_BUILD, CHECK_KUSTOMIZE, IMAGE_REPO, KUSTOMIZE_REPO, Preview

FORK = "contributor-dev/homerun2-core-catcher"
RATE_LIMITED = ("error listing repos: error listing pull requests for stuttgart-things/"
                "homerun2-core-catcher: GET https://api.github.com/repos/stuttgart-things/"
                "homerun2-core-catcher/pulls?per_page=100: 403 API rate limit exceeded for user "
                "ID 104011342. [rate reset in 41m10s]")
PAT = "homerun2-omni-pitcher-pat"
TOKEN_ERRORS = {
    "secret": ("failed to select pull request service provider: error fetching Secret token: "
               f"error fetching secret argocd/{PAT}: secrets \"{PAT}\" not found"),
    "key": ("failed to select pull request service provider: error fetching Secret token: "
            f"key \"token\" in secret argocd/{PAT} not found"),
    "strict": ("failed to select pull request service provider: error fetching Secret token: "
               f"secret argocd/{PAT} is not a valid SCM creds secret: secret must have label "
               "\"argocd.argoproj.io/secret-type\"=\"scm-creds\""),
    "401": ("error listing repos: error listing pull requests for stuttgart-things/"
            "homerun2-core-catcher: GET https://api.github.com/repos/stuttgart-things/"
            "homerun2-core-catcher/pulls?per_page=100: 401 Bad credentials []"),
    "404": ("error listing repos: error listing pull requests for stuttgart-things/"
            "homerun2-core-catcher: GET https://api.github.com/repos/stuttgart-things/"
            "homerun2-core-catcher/pulls?per_page=100: 404 Not Found []"),
}
VALIDATION_ERRORS = {
    "no_cluster": ("ApplicationValidationError",
                   "application destination spec for homerun2-core-catcher-pr-{n} is invalid: "
                   "unable to find destination server: there are no clusters with this name: "
                   "homerun2-dev"),
    "no_project": ("ApplicationValidationError",
                   "application references project homerun2-dev which does not exist"),
    "missing_key": ("RenderTemplateParamsError",
                    "failed to execute go template homerun2-core-catcher-pr-{{ .number }}-"
                    "{{ .branch_slug }}: template: :1:40: executing \"\" at <.branch_slug>: map "
                    "has no entry for key \"branch_slug\""),
}


def _generators(appset: dict) -> list[dict]:
    return appset["spec"]["generators"][0]["matrix"]["generators"]


def _pull_request_generator(appset: dict) -> dict:
    return next(g["pullRequest"] for g in _generators(appset) if "pullRequest" in g)


def _own_appset(p: Preview, message: str | None = None,
                reason: str = "ApplicationGenerationFromParamsError") -> dict:
    """A copy of the shared AppSet for this preview; `message` sets ErrorOccurred=True."""
    p.appset = argo.application_set(clock.ago(hours=24 * 30), error=message)
    if message is not None:
        for cond in p.appset["status"]["conditions"]:
            if cond["type"] in ("ErrorOccurred", "ResourcesUpToDate"):
                cond["reason"] = reason
    return p.appset


def _refresh_pending(appset: dict) -> None:
    appset["metadata"].setdefault("annotations", {})[
        "argocd.argoproj.io/application-set-refresh"] = "true"


# -- A: GitHub and CI ---------------------------------------------------------------------------

def merge_conflicts(p: Preview, state: str | None = "dirty") -> None:
    """A1: the new head conflicts with main, so GitHub runs no pull_request workflow: no check
    run and no artifact for the head SHA; the preview's kustomize OCI cannot be pulled."""
    from .scenarios import oci_pull_error
    p.pull.update({"mergeable": False if state == "dirty" else None, "mergeable_state": state})
    p.check_runs = []
    oci_pull_error(p, reason="not found")
    p.tags = {IMAGE_REPO: set(), KUSTOMIZE_REPO: set()}


def action_required(p: Preview) -> None:
    """A2: the build waits for a maintainer's approval (conclusion action_required)."""
    from .scenarios import image_pull_backoff
    p.check(CHECK_BUILD).update({"conclusion": "action_required",
                                 "output": {"title": "Workflow run awaiting approval",
                                            "summary": "", "text": None,
                                            "annotations_count": 0,
                                            "annotations_url": ""}})
    image_pull_backoff(p)


def fork_pr(p: Preview) -> None:
    """A2: the PR comes from a fork; the build cannot push to ghcr.io (read-only token)."""
    from .scenarios import ci_failed
    fork = gho.repository(FORK, 731000001)
    p.pull["head"].update({"repo": fork, "label": f"contributor-dev:{p.pull['head']['ref']}",
                           "user": fork["owner"]})
    p.pull["user"] = gho.user("contributor-dev", 88112233)
    ci_failed(p)
    p.check(CHECK_BUILD)["output"]["summary"] = "denied: permission_denied: write_package"


def check_names_differ(p: Preview) -> None:
    """A3: the workflows were renamed; no check run starts with a required prefix, although CI
    for the head SHA is complete and green (it pushed the tags)."""
    renames = {CHECK_BUILD: "build-scan-image / ko", CHECK_KUSTOMIZE: "publish / kustomize-oci"}
    for run in p.check_runs:
        run["name"] = renames.get(run["name"], run["name"])


def ci_running_image_pull(p: Preview) -> None:
    """The image build still runs for the head SHA while the (already pushed) kustomize base was
    deployed: core-catcher waits in ImagePullBackOff for a tag that is not built yet."""
    from .scenarios import image_pull_backoff
    p.check(CHECK_BUILD).update({"status": "in_progress", "conclusion": None,
                                 "completed_at": None, "started_at": clock.ago(minutes=3)})
    image_pull_backoff(p)


# -- B: the ApplicationSet ----------------------------------------------------------------------

def appset_rate_limited(p: Preview) -> None:
    """B1 + B6: the generator is rate-limited; the refresh annotation stays set."""
    _refresh_pending(_own_appset(p, RATE_LIMITED))


def appset_token(p: Preview, kind: str) -> None:
    """B2: one of the tokenRef cases (secret, key, strict, 401, 404)."""
    _own_appset(p, TOKEN_ERRORS[kind])


def appset_validation(p: Preview, kind: str) -> None:
    """B5: a validation or template error; the Application of this PR still exists."""
    reason, message = VALIDATION_ERRORS[kind]
    _own_appset(p, message.replace("{n}", str(p.number)), reason)


def appset_repo_not_found(p: Preview) -> None:
    """B3: continueOnRepoNotFoundError on the matrix's child generator, no error condition, and
    this labelled open PR has no Application (nothing deployed)."""
    from .scenarios import not_polled
    _pull_request_generator(_own_appset(p))["continueOnRepoNotFoundError"] = True
    not_polled(p)


def appset_default_poll(p: Preview) -> None:
    """B4: requeueAfterSeconds not set (Argo CD's 30 min default) and the AppSet has not polled
    since the label was added."""
    from .scenarios import not_polled
    del _pull_request_generator(_own_appset(p))["requeueAfterSeconds"]
    not_polled(p)


def appset_keeps_closed(p: Preview) -> None:
    """B7: applicationsSync create-update forbids deletes: the PR was merged 3 h ago and its
    Applications and namespace are all still there."""
    _own_appset(p)["spec"]["syncPolicy"] = {"applicationsSync": "create-update"}
    p.pull.update({"state": "closed", "closed_at": clock.ago(hours=3), "merged": True,
                   "merged_at": clock.ago(hours=3), "mergeable": None,
                   "mergeable_state": "unknown"})


def appset_extra_label(p: Preview) -> None:
    """The AppSet's generator filters on two labels; the PR carries only the profile's one, so
    the generator never matches it and nothing is deployed."""
    from .scenarios import not_polled
    gen = _pull_request_generator(_own_appset(p))
    gen["github"]["labels"] = ["preview", "approved"]
    not_polled(p)


VARIANTS = {
    "merge_conflicts": merge_conflicts,
    "mergeable_unknown": functools.partial(merge_conflicts, state=None),
    "action_required": action_required,
    "fork_pr": fork_pr,
    "check_names_differ": check_names_differ,
    "ci_running_image_pull": ci_running_image_pull,
    "appset_rate_limited": appset_rate_limited,
    **{f"appset_token_{k}": functools.partial(appset_token, kind=k) for k in TOKEN_ERRORS},
    **{f"appset_{k}": functools.partial(appset_validation, kind=k) for k in VALIDATION_ERRORS},
    "appset_repo_not_found": appset_repo_not_found,
    "appset_default_poll": appset_default_poll,
    "appset_keeps_closed": appset_keeps_closed,
    "appset_extra_label": appset_extra_label,
}

__all__ = ["VARIANTS"]
