"""A hostile server (design §7): every string GitHub and the clusters send for one preview
carries terminal escapes, C1 and bidi controls, a fake line start, or shell metacharacters, and
one message is a megabyte long. Kubernetes and GitHub would reject most of these names; a
compromised or spoofed server sends them anyway.

    w.add(hostile.hostile_output, 66)
"""

from __future__ import annotations

from . import kube_objects as k
from .preview import Preview, healthy  # noqa: F401 - healthy re-exported for tests
from .scenarios import _set_child, _unavailable

OMNI = "homerun2-omni-pitcher"

# Sets the window title (OSC 0), writes the clipboard (OSC 52), clears the screen (CSI 2J),
# returns to column 0 to overwrite the line (CR), opens a C1 CSI (U+009B) and reverses text
# (U+202E); a newline would start a fake line of output.
TITLE = ("feat: filters\x1b]0;pwned-title\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b[H\r"
         "\u009b31mRED \u202eevil\u202c\nFAKE: all good")
LOGIN = "mallory\x1b[8m"
LABEL = "bug\x1b]52;c;Zm9v\x07"
CHECK = "lint\x1b[1A\x1b[2K✓ all green\r"
# A pasted `kubectl logs <pod>` with this name unquoted runs `touch pwned-a` (relative path: the
# tests paste it in a scratch directory).
POD = "px;touch${IFS}pwned-a;#$(id>pwned-b)"
LOG_LINE = "panic: \x1b]0;log-title\x07boom\u009b2J\r"
HOSTNAME = "\x1b]8;;https://evil.example\x07cc-pr.example\x1b]8;;\x07"
HUGE = "A" * (1 << 20)  # one megabyte on one line


def hostile_output(p: Preview) -> None:
    """Hostile PR title, login, label, check-run name; a crash-looping pod named with shell
    metacharacters and escapes in its log; a route hostname with an OSC 8 link; an Application
    health message of 1 MB plus escapes."""
    p.pull["title"] = TITLE
    p.pull["user"]["login"] = LOGIN
    p.pull["labels"].append(dict(p.pull["labels"][-1], name=LABEL, id=1))
    p.check_runs.append(dict(p.check_runs[0], name=CHECK, id=p.check_runs[0]["id"] + 1))

    pod = p.pods(f"{OMNI}-")[0]
    old_name = pod["metadata"]["name"]
    pod["metadata"]["name"] = POD
    spec = pod["spec"]["containers"][0]
    when = pod["metadata"]["creationTimestamp"]
    pod["status"]["containerStatuses"] = [k.container_status(
        spec, k.waiting("CrashLoopBackOff", "back-off 5m0s \x1b[2J"), ready=False, restarts=7,
        last_state=k.terminated(2, "Error", when, when))]
    pod["status"]["conditions"] = k.pod_conditions(when, [{"name": OMNI, "ready": False}],
                                                   "Running")
    current, _ = p.logs.pop((old_name, OMNI))
    p.logs[(POD, OMNI)] = (current, current + LOG_LINE + "\n")
    _unavailable(p, OMNI)

    route = p.obj("HTTPRoute", "homerun2-core-catcher")
    route["spec"]["hostnames"] = [HOSTNAME]
    _set_child(p, "omni-pitcher", health="Degraded",
               message="\x1b[31mdegraded\u009b \u202e" + HUGE)
