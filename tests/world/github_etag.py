"""GitHub's conditional requests: every 200 answer to a GET carries an ETag; a GET whose
If-None-Match names the current one answers 304 Not Modified without a body, and (as on GitHub)
a 304 does not count against the rate limit."""

from __future__ import annotations

import hashlib

from .https_server import Request, Response


def etag_of(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def conditional(req: Request, response: Response, refund) -> Response:
    """`response` with its ETag, or a 304 when the client already has it (then refund())."""
    if req.method != "GET" or response.status != 200:
        return response
    etag = etag_of(response.body)
    kept = [(k, v) for k, v in response.headers if k.lower() != "content-type"]
    wanted = [t.strip() for t in (req.headers.get("if-none-match") or "").split(",")]
    if etag in wanted:
        refund()
        req.tags["not_modified"] = True
        return Response(304, b"", [*kept, ("ETag", etag)])
    return Response(200, response.body, [*response.headers, ("ETag", etag)])
