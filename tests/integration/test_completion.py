"""Shell completion in real shells: bash, zsh and fish load the scripts from completions/ and
complete prepared command lines.

With a stand-in `preview` on PATH (it logs its arguments and answers `__complete` with fixed
lines) the tests check what each shell offers and which options it passes on to `__complete`.
With the real binary against the test world they check the PR numbers and titles, the doctor
check ids and the kube contexts it completes, and that `preview completion SHELL` prints the
files unchanged.

bash: the completion function runs with COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set the way
readline sets them. fish: `complete -C LINE`. zsh: an interactive `zsh -f` with compinit in a
pseudo-terminal; the test types the line and TAB and reads the listing zsh draws, then a key
bound to a widget that prints the edit buffer (for completions that insert instead of list).
"""

import json
import os
import pty
import re
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from world.config_files import ARGO_CONTEXT, WORKLOAD_CONTEXT
from world import github_objects as gho
from world.preview import AUTHOR, repo_id
from world.world import World

SOURCE = Path(__file__).resolve().parents[2]
SCRIPTS = {"bash": SOURCE / "completions/preview.bash", "zsh": SOURCE / "completions/_preview",
           "fish": SOURCE / "completions/preview.fish"}
COMMANDS = {"up", "status", "doctor", "down", "list", "open", "refresh", "bump-route", "smoke",
            "profiles", "comment", "completion", "version", "help"}
GLOBAL_OPTIONS = {"--repo", "--config", "--kubeconfig", "--context", "--argocd-context",
                  "--github-api-url", "--output", "--no-color", "--verbose", "--request-timeout"}

# The stand-in binary: logs each call (one argument per line, then a blank line) and answers
# `__complete` like the real one: value<TAB>description lines.
FAKE_PREVIEW = r"""#!/bin/sh
{ for a in "$@"; do printf '%s\n' "$a"; done; echo; } >> "$PREVIEW_FAKE_LOG"
[ "$1" = __complete ] || exit 0
case $2 in
  prs) printf '42\tfeat: dashboard filters (#42)\n7\tfix: redis auth\n1000\t\n' ;;
  open-prs) printf '5\tdocs: not labelled yet\n42\tfeat: dashboard filters (#42)\n' ;;
  contexts) printf 'kind-argo\t\narn:aws:eks:eu-1:123:cluster/dev\tEKS\n' ;;
  checks) printf 'pr-open\tPull request is open\nlabel\tPreview label is set\n' ;;
esac
"""
FAKE_PRS = {"42": "feat: dashboard filters (#42)", "7": "fix: redis auth", "1000": ""}
FAKE_OPEN_PRS = {"5": "docs: not labelled yet", "42": "feat: dashboard filters (#42)"}


def require_shell(name: str) -> None:
    if shutil.which(name) is None:
        raise unittest.SkipTest(f"{name} is not installed (tests/deps.sh installs it)")


# -- drivers: each returns {candidate: description} ('' where the shell shows none) ---------------

def readline_words(line: str) -> list[str]:
    """COMP_WORDS as bash builds them: split at blanks, with runs of = and : (COMP_WORDBREAKS)
    as words of their own; a line ending in a blank has an empty word to complete."""
    words = re.findall(r"[=:]+|[^\s=:]+", line)
    if not line or line[-1].isspace():
        words.append("")
    return words


def bash_complete(line: str, env: dict[str, str], script: Path = SCRIPTS["bash"]) -> dict:
    words = readline_words(line)
    program = (f"source {shlex.quote(str(script))}\n"
               f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
               f"COMP_CWORD={len(words) - 1}\n"
               'COMP_LINE=$PREVIEW_LINE; COMP_POINT=${#COMP_LINE}\n'
               "_preview\n"
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", program],
                          env={**env, "PREVIEW_LINE": line}, capture_output=True, text=True,
                          timeout=30)
    if proc.returncode != 0 or proc.stderr:
        raise AssertionError(f"bash failed for {line!r}: {proc.stderr}")
    return {value: "" for value in proc.stdout.splitlines() if value}


def fish_complete(line: str, env: dict[str, str], script: Path = SCRIPTS["fish"]) -> dict:
    proc = subprocess.run(["fish", "-c", 'source $PREVIEW_SCRIPT; complete -C "$PREVIEW_LINE"'],
                          env={**env, "PREVIEW_LINE": line, "PREVIEW_SCRIPT": str(script)},
                          capture_output=True, text=True, timeout=30)
    if proc.returncode != 0 or proc.stderr:
        raise AssertionError(f"fish failed for {line!r}: {proc.stderr}")
    out = {}
    for row in proc.stdout.splitlines():
        value, _, description = row.partition("\t")
        out[value] = description
    return out


class ZshSession:
    """An interactive `zsh -f` in a pseudo-terminal with compinit and the script on $fpath."""

    PROMPT = "ZP>"
    ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[=>]")

    def __init__(self, env: dict[str, str], script: Path = SCRIPTS["zsh"]):
        self.tmp = Path(tempfile.mkdtemp(prefix="preview-zsh-"))
        (self.tmp / "functions").mkdir()
        shutil.copyfile(script, self.tmp / "functions/_preview")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become zsh
            os.execvpe("zsh", ["zsh", "-f", "-i"], {
                **env, "TERM": "dumb", "COLUMNS": "250", "LINES": "200"})
        # Markers are split with "" so the echo of this setup line never matches them.
        self._send(f"fpath=({self.tmp}/functions $fpath); autoload -Uz compinit; "
                   f"compinit -u -d {self.tmp}/zcompdump; unsetopt list_ambiguous beep; "
                   f"LISTMAX=0; PS1='{self.PROMPT} '; "
                   "_show() { print -r -- ''; print -r -- \"<<\"\"BUF:$BUFFER:\"\"FUB>>\"; "
                   "BUFFER=; }; zle -N _show; bindkey '^X' _show; print RE\"\"ADY\n")
        self._read_until("READY\r\n")

    def _send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def _read_until(self, marker: str, timeout: float = 20) -> str:
        data = b""
        deadline = time.monotonic() + timeout
        while marker.encode() not in data:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"zsh did not answer; output so far: {data!r}")
            data += os.read(self.fd, 65536)
        return self.ANSI.sub("", data.decode(errors="replace")).replace("\r", "")

    def complete(self, line: str) -> tuple[dict, str]:
        """Types `line`, TAB, then ^X. Returns the listing zsh drew ({candidate: description})
        and the edit buffer after the TAB."""
        self._send(line + "\t\x18")
        text = self._read_until(":FUB>>")
        buffer = re.search(r"<<BUF:(.*):FUB>>", text, re.S).group(1)
        listing = {}
        for row in text[:text.index("<<BUF:")].split("\n"):
            if self.PROMPT in row or not row.strip() or row.strip() == line.strip():
                continue
            described = re.match(r"^(\S+)(?:\s+-\S)?\s+-- (.*?)\s*$", row)
            if described:
                listing[described.group(1)] = described.group(2)
            else:
                listing.update({value: "" for value in row.split()})
        return listing, buffer

    def close(self) -> None:
        try:
            self._send("exit\n")
            os.waitpid(self.pid, 0)
        except OSError:
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        shutil.rmtree(self.tmp, ignore_errors=True)


# -- the same cases in each shell, with the stand-in binary ---------------------------------------

class StandInCases:
    """Mixed into one TestCase per shell; `complete(line)` returns {candidate: description}."""

    shell = ""
    describes = True  # zsh and fish show descriptions, bash only values

    @classmethod
    def setUpClass(cls):
        require_shell(cls.shell)
        cls.dir = Path(tempfile.mkdtemp(prefix="preview-completion-"))
        (cls.dir / "bin").mkdir()
        fake = cls.dir / "bin/preview"
        fake.write_text(FAKE_PREVIEW)
        fake.chmod(0o755)
        cls.log = cls.dir / "calls.log"
        cls.env = {"PATH": f"{cls.dir / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   "HOME": str(cls.dir), "XDG_CONFIG_HOME": str(cls.dir / "config"),
                   "PREVIEW_FAKE_LOG": str(cls.log), "LANG": "C.UTF-8"}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.log.write_text("")

    def calls(self) -> list[list[str]]:
        """The stand-in's calls, with --opt=value split into two arguments."""
        out = []
        for block in self.log.read_text().split("\n\n"):
            args = []
            for arg in block.splitlines():
                args += arg.split("=", 1) if arg.startswith("--") and "=" in arg else [arg]
            if args:
                out.append(args)
        return out

    def test_subcommands_without_the_hidden_one(self):
        got = self.complete("preview ")
        self.assertEqual(set(got), COMMANDS)
        if self.describes:
            self.assertIn("troubleshooting", got["doctor"])

    def test_a_subcommand_from_its_prefix(self):
        self.assertEqual(self.completed("preview bump"), "preview bump-route ")

    def test_a_subcommands_options_and_the_global_ones(self):
        got = self.complete("preview doctor --")
        self.assertLessEqual({"--check", "--list-checks", "--fix", "--yes"} | GLOBAL_OPTIONS,
                             set(got))
        self.assertNotIn("--watch", got)  # status's, not doctor's
        self.assertNotIn("--no-refresh", got)

    def test_global_options_after_the_subcommand_and_its_pr(self):
        got = self.complete("preview status 42 --")
        self.assertLessEqual({"--watch", "--interval"} | GLOBAL_OPTIONS, set(got))

    def test_output_formats(self):
        self.assertEqual(set(self.complete("preview -o ")), {"table", "json", "yaml"})
        self.assertEqual(self.completed("preview status 42 --output=j"),
                         "preview status 42 --output=json ")

    def test_completion_shells(self):
        self.assertEqual(set(self.complete("preview completion ")), {"bash", "zsh", "fish"})

    def test_doctor_check_ids(self):
        got = self.complete("preview doctor 42 --check ")
        self.assertEqual(set(got), {"pr-open", "label"})
        if self.describes:
            self.assertEqual(got["label"], "Preview label is set")
        self.assertEqual(self.calls(), [["__complete", "checks"]])

    def test_pr_numbers_with_titles(self):
        for command in ("status", "doctor", "down", "bump-route"):
            got = self.complete(f"preview {command} ")
            self.assertEqual(set(got), set(FAKE_PRS), command)
            if self.describes:
                self.assertEqual(got["42"], FAKE_PRS["42"])
                self.assertEqual(got["7"], FAKE_PRS["7"])

    def test_up_offers_every_open_pr(self):
        # `up` is for PRs without a preview yet, so it asks for open PRs, not labelled ones.
        got = self.complete("preview up ")
        self.assertEqual(set(got), set(FAKE_OPEN_PRS))
        if self.describes:
            self.assertEqual(got["5"], FAKE_OPEN_PRS["5"])
        self.assertEqual([c[:2] for c in self.calls()], [["__complete", "open-prs"]])

    def test_no_pr_once_one_is_given(self):
        self.complete("preview status 42 ")
        self.complete("preview list ")
        self.assertEqual(self.calls(), [])

    def test_values_of_options_are_not_taken_for_the_subcommand(self):
        self.assertEqual(self.completed("preview -R o/r --kubeconfig k --output json st"),
                         "preview -R o/r --kubeconfig k --output json status ")

    def test_forwards_the_options_that_change_the_answer(self):
        self.complete("preview -R o/r --kubeconfig ~/kube/cfg -o json status --context=dev "
                      "--argocd-context argo -v ")
        home = str(self.dir)
        self.assertEqual(self.calls(), [["__complete", "prs", "-R", "o/r", "--kubeconfig",
                                         f"{home}/kube/cfg", "--context", "dev"]])
        self.log.write_text("")
        self.complete("preview --config p.yaml --github-api-url https://ghe/api/v3 doctor 1 "
                      "--repo a/b --check ")
        self.assertEqual(self.calls(), [["__complete", "checks", "--config", "p.yaml",
                                         "--github-api-url", "https://ghe/api/v3", "--repo",
                                         "a/b"]])

    def test_kube_contexts(self):
        for option in ("--context", "--argocd-context"):
            got = self.complete(f"preview status 42 {option} ")
            self.assertEqual(set(got), {"kind-argo", "arn:aws:eks:eu-1:123:cluster/dev"})
            if self.describes:
                self.assertEqual(got["arn:aws:eks:eu-1:123:cluster/dev"], "EKS")


class BashCompletion(StandInCases, unittest.TestCase):
    shell = "bash"
    describes = False

    def complete(self, line):
        return bash_complete(line, self.env)

    def completed(self, line):
        """The line after a TAB that has one candidate (readline replaces the word after the
        last = or :)."""
        got = list(bash_complete(line, self.env))
        self.assertEqual(len(got), 1, got)
        start = max(line.rfind(c) for c in " =:") + 1
        return line[:start] + got[0] + " "

    def test_context_with_colons_completes_after_the_last_colon(self):
        # readline completes the text after the last ':'; COMPREPLY must hold only that part.
        self.assertEqual(list(self.complete("preview --context arn:aws:e")),
                         ["eks:eu-1:123:cluster/dev"])

    def test_kubeconfig_completes_files(self):
        (self.dir / "kube-one").write_text("")
        self.assertEqual(list(self.complete(f"preview --kubeconfig {self.dir}/kube-o")),
                         [f"{self.dir}/kube-one"])


class FishCompletion(StandInCases, unittest.TestCase):
    shell = "fish"

    def complete(self, line):
        return fish_complete(line, self.env)

    def completed(self, line):
        got = list(fish_complete(line, self.env))
        self.assertEqual(len(got), 1, got)
        return line[:line.rfind(" ") + 1] + got[0] + " "


class ZshCompletion(StandInCases, unittest.TestCase):
    shell = "zsh"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zsh = ZshSession(cls.env)

    @classmethod
    def tearDownClass(cls):
        cls.zsh.close()
        super().tearDownClass()

    def complete(self, line):
        return self.zsh.complete(line)[0]

    def completed(self, line):
        return self.zsh.complete(line)[1]

    def test_sourced_instead_of_autoloaded(self):
        # `source <(preview completion zsh)` after compinit registers the function with compdef.
        env = {**self.env, "ZDOTDIR": str(self.dir)}
        proc = subprocess.run(
            ["zsh", "-f", "-c", "autoload -Uz compinit; compinit -u -d $HOME/zcd; "
             f"source {shlex.quote(str(SCRIPTS['zsh']))}; print -r -- $_comps[preview]"],
            env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.stdout.strip(), "_preview", proc.stderr)


# -- the real binary ------------------------------------------------------------------------------

def preview_bin() -> str:
    binary = os.environ.get("PREVIEW_BIN")
    if not binary:
        raise unittest.SkipTest("PREVIEW_BIN is not set (build the binary, run via ctest)")
    return binary


class CompletionCommand(unittest.TestCase):
    def test_prints_the_files_of_completions(self):
        for shell, path in SCRIPTS.items():
            proc = subprocess.run([preview_bin(), "completion", shell], capture_output=True,
                                  text=True, timeout=30)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, path.read_text(), shell)

    def test_an_unknown_shell_is_a_usage_error(self):
        proc = subprocess.run([preview_bin(), "completion", "tcsh"], capture_output=True,
                              text=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("tcsh", proc.stderr)
        self.assertIn("bash", proc.stderr)
        self.assertEqual(proc.stdout, "")


class AgainstTheWorld(unittest.TestCase):
    """Each shell with the script the binary prints and the binary itself on PATH as `preview`,
    pointed at the test world by its environment."""

    @classmethod
    def setUpClass(cls):
        binary = preview_bin()
        cls.w = World().start()
        cls.bin = Path(tempfile.mkdtemp(prefix="preview-bin-"))
        (cls.bin / "preview").symlink_to(binary)
        cls.env = {**cls.w.env(), "PATH": f"{cls.bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   "LANG": "C.UTF-8"}
        cls.scripts = {}
        for shell in SCRIPTS:
            path = cls.bin / f"script.{shell}"
            path.write_text(subprocess.run([binary, "completion", shell], capture_output=True,
                                           text=True, check=True).stdout)
            cls.scripts[shell] = path
        checks = json.loads(cls.w.run("doctor", "--list-checks", "-o", "json").stdout)
        cls.check_ids = {c["id"] for c in checks}
        cls.titles = {str(n): p.pull["title"] for n, p in cls.w.previews.items()}

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()
        shutil.rmtree(cls.bin, ignore_errors=True)

    def each_shell(self):
        """(shell, complete) for every installed shell."""
        shells = []
        if shutil.which("bash"):
            shells.append(("bash", lambda line: bash_complete(line, self.env, self.scripts["bash"])))
        if shutil.which("fish"):
            shells.append(("fish", lambda line: fish_complete(line, self.env, self.scripts["fish"])))
        if shutil.which("zsh"):
            zsh = ZshSession(self.env, self.scripts["zsh"])
            self.addCleanup(zsh.close)
            shells.append(("zsh", lambda line: zsh.complete(line)[0]))
        if not shells:
            self.skipTest("no shell installed")
        return shells

    def test_pr_numbers_and_titles_from_github(self):
        # Every open PR with the gate label, with its title; whatever else is offered is a real
        # PR with its real title.
        labelled = {n for n, p in self.w.previews.items()
                    if any(label["name"] == "preview" for label in p.pull["labels"])}
        self.assertLessEqual({"42", "7"}, {str(n) for n in labelled})
        for shell, complete in self.each_shell():
            with self.subTest(shell=shell):
                got = complete("preview doctor ")
                self.assertLessEqual({str(n) for n in labelled}, set(got))
                self.assertLessEqual(set(got), set(self.titles))
                if shell != "bash":
                    for number in got:
                        self.assertEqual(got[number], self.titles[number])

    def test_up_offers_open_prs_without_the_label(self):
        self.w.add("unlabelled", 5)
        title = self.w.previews[5].pull["title"]
        for shell, complete in self.each_shell():
            with self.subTest(shell=shell):
                got = complete("preview up ")
                self.assertIn("5", got)
                self.assertIn("42", got)
                if shell != "bash":
                    self.assertEqual(got["5"], title)
                self.assertNotIn("5", complete("preview status "))

    def test_doctor_check_ids(self):
        self.assertIn("secrets", self.check_ids)
        for shell, complete in self.each_shell():
            with self.subTest(shell=shell):
                self.assertEqual(set(complete("preview doctor 42 --check ")), self.check_ids)

    def test_kube_contexts_of_the_kubeconfig(self):
        for shell, complete in self.each_shell():
            with self.subTest(shell=shell):
                got = set(complete("preview status 42 --argocd-context "))
                self.assertLessEqual({ARGO_CONTEXT, WORKLOAD_CONTEXT}, got)

    def test_a_repository_without_open_prs_offers_none(self):
        # -R is passed on: the world's GitHub has no pull requests for another repository.
        for shell, complete in self.each_shell():
            with self.subTest(shell=shell):
                got = complete("preview -R stuttgart-things/nothing-here status ")
                self.assertFalse(set(self.titles) & set(got), got)


class ManyLabelledPullRequests(unittest.TestCase):
    """More labelled PRs than one page holds: completion pages through all of them, so the
    oldest is offered too (it stopped at the newest 300)."""

    COUNT = 312

    @classmethod
    def setUpClass(cls):
        cls.w = World().start()
        cls.bin = Path(tempfile.mkdtemp(prefix="preview-bin-"))
        (cls.bin / "preview").symlink_to(preview_bin())
        cls.env = {**cls.w.env(), "PATH": f"{cls.bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                   "LANG": "C.UTF-8"}
        full = "stuttgart-things/homerun2-core-catcher"
        repo = gho.repository(full, repo_id(full))
        store = cls.w.github.repo(full)
        for number in range(1000, 1000 + cls.COUNT):
            store.put_pull(gho.pull_request(
                repo, number, f"{number:040x}", title=f"chore: bump dependency {number}",
                author=AUTHOR, labels=[gho.label(full, "preview")]))

    @classmethod
    def tearDownClass(cls):
        cls.w.stop()
        shutil.rmtree(cls.bin, ignore_errors=True)

    def test_every_labelled_pr_is_offered(self):
        require_shell("bash")
        got = bash_complete("preview doctor ", self.env)
        wanted = {str(n) for n in range(1000, 1000 + self.COUNT)}
        self.assertEqual([], sorted(wanted - set(got)))
        self.assertIn("1000", bash_complete("preview doctor 100", self.env))


if __name__ == "__main__":
    unittest.main()
