"""The Kubernetes API server's failure answers: metav1.Status bodies with its reasons and
messages, raised as KubeError by the handlers of kube_server.py and kube_discovery.py."""

from __future__ import annotations

from .kube_types import ResourceType

NO_SUCH_PATH = "the server could not find the requested resource"


def status(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    """A metav1.Status failure body."""
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason}
    if details is not None:
        body["details"] = details
    body["code"] = code
    return body


class KubeError(Exception):
    def __init__(self, code: int, reason: str, message: str, details: dict | None = None,
                 headers: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.body = status(code, reason, message, details)
        self.code = code
        self.headers = headers or []


def object_details(rtype: ResourceType, name: str | None) -> dict:
    """The Status details naming an object (or its kind, `name` None)."""
    details: dict = {}
    if name:
        details["name"] = name
    if rtype.group:
        details["group"] = rtype.group
    details["kind"] = rtype.plural
    return details


def not_found(rtype: ResourceType, name: str) -> KubeError:
    return KubeError(404, "NotFound", f'{rtype.qualified} "{name}" not found',
                     object_details(rtype, name))


def no_such_path() -> KubeError:
    return KubeError(404, "NotFound", NO_SUCH_PATH, {})
