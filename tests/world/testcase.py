"""A unittest base class for tests that share one test world per class."""

import json
import unittest

from world import config_files
from world.preview import IMAGE_REPO, KUSTOMIZE_REPO, sha_for
from world.world import ORPHAN_PREVIEWS, World


def checks_by_id(proc) -> dict:
    """The checks of a `preview doctor -o json` run, by id, in the order it lists them."""
    return {c["id"]: c for c in json.loads(proc.stdout)["checks"]}


def text_of(check) -> str:
    """A check's evidence, cause and fix: where a test looks for a phrase."""
    return "\n".join(check["evidence"] + [check["cause"], check["fix"]])


class DoctorTest(unittest.TestCase):
    """Tests that run `preview doctor` on preview N, each in a world of its own."""

    N = 50

    def doctor(self, w, *args):
        """`preview doctor N -o json ARGS` in `w`, which must exit 0 or 1: the process and the
        checks by id."""
        proc = w.run("doctor", str(self.N), "-o", "json", *args)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return proc, checks_by_id(proc)


class OwnWorldTest(unittest.TestCase):
    """A fresh world for every test, for tests that change it. WORLD: World's arguments."""

    WORLD: dict = {}

    def setUp(self):
        super().setUp()
        self.w = World(**self.WORLD).start()
        self.addCleanup(self.w.stop)

    def writes(self):
        """The requests that were not reads (GET or HEAD), in the order they came."""
        return [r for r in self.w.requests() if r.method not in ("GET", "HEAD")]


class SharedWorldTest(unittest.TestCase):
    """One world for the whole class: starting it (certificates, four servers) is the slow part.
    Every test starts with no recorded requests and no injected faults, so a test sees only what
    it caused. Set ORPHANS to add one of each orphan preview (PRs 3, 5, 9) beside the
    playground's 42 and 7; override `populate` to add more."""

    ORPHANS = False
    CONTROLLERS = False   # World(controllers=...): the simulated controllers react

    @classmethod
    def populate(cls, w: World) -> None:
        """Adds the class's previews to the freshly started world."""

    @classmethod
    def configure(cls, w: World) -> None:
        """Writes the files the class runs `preview` with (after `populate`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.w = World(controllers=cls.CONTROLLERS).start()
        try:
            if cls.ORPHANS:
                for number, variants in ORPHAN_PREVIEWS:
                    cls.w.add(list(variants), number)
            cls.populate(cls.w)
            cls.configure(cls.w)
        except BaseException:
            cls.w.stop()  # tearDownClass does not run when setUpClass fails
            raise

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.w.clear_requests()
        self.w.clear_faults()


class ArgocdApiOnlyTest(SharedWorldTest):
    """A shared world and a user with only the Argo CD API (design §8): `run_api` runs `preview`
    with an empty kubeconfig, a profile naming no Argo CD context, and the API server's token
    (config_files.api_only)."""

    @classmethod
    def configure(cls, w: World) -> None:
        cls.api_env = config_files.api_only(w)

    def run_api(self, *args: str, **kwargs):
        return self.w.run(*args, "--argocd-server", self.w.argocd_api.host,
                          env_overrides=self.api_env, **kwargs)


class PushedAfterReadyTest(unittest.TestCase):
    """PR 42 was ready, then its author pushed: CI has built and tagged the new head (image and
    kustomize artifact), and the ApplicationSet has not polled since, so the old commit runs.
    `old` and `new` are the two head SHAs; the simulated controllers run (`w.controllers`)."""

    def setUp(self):
        super().setUp()
        self.w = World(controllers=True).start()
        self.addCleanup(self.w.stop)
        self.old = sha_for(42)
        self.new = self.w.controllers.ci.push(42)
        tag = f"pr-42-{self.new}"
        registry = self.w.controllers.registry
        self.w.controllers.run_until(
            lambda: tag in registry.tags(IMAGE_REPO) and tag in registry.tags(KUSTOMIZE_REPO),
            timeout=30)
