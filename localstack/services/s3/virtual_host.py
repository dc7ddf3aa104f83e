"""Virtual-host S3 requests (`<bucket>.s3.<domain>`) rewritten to path style before moto sees them.

moto guesses the addressing style from the Host header and takes the first label of any dotted,
non-IP host for a bucket: `s3.localhost.localstack.cloud` would name bucket "s3" and
`localhost.localstack.cloud` bucket "localhost". Giving moto path style with a plain
`localhost` host removes the guess.
"""

from __future__ import annotations

import re

from localstack.utils.http import Request

# `<bucket>.s3.<domain>` and `<bucket>.s3-<region>.<domain>`, not the website endpoints.
_VIRTUAL_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.\-]*?)\.s3(?!-website)[.-]")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def split_host(host: str) -> tuple[str, str]:
    """(name, ":port" or "") of a Host header value, IPv6 literals included."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest
    name, sep, port = host.rpartition(":")
    if sep and port.isdigit():
        return name, ":" + port
    return host, ""


def bucket_of_host(host: str) -> str | None:
    """The bucket a virtual-host Host header names, if any."""
    name = split_host(host.lower())[0]
    match = _VIRTUAL_HOST.match(name)
    return match.group("bucket") if match else None


def to_path_style(request: Request) -> Request | None:
    """A path-style copy of the request, or None when moto already reads it right."""
    host = request.host
    name, port = split_host(host.lower())
    if not name or "." not in name or _IPV4.match(name) or name.startswith("["):
        return None
    bucket = bucket_of_host(host)
    path = request.path
    if bucket:
        raw_path, sep, query = path.partition("?")
        raw_path = f"/{bucket}" if raw_path in ("", "/") else f"/{bucket}{raw_path}"
        path = raw_path + sep + query
    headers = request.headers.copy()
    headers["Host"] = f"localhost{port}"
    return Request(request.method, path, request.data, headers, request.environ)
