"""S3's errors with the extra fields its <Error> documents carry (BucketName, ArgumentName, Condition...),
serialized by the shared error serializer with those fields added."""

from __future__ import annotations

import base64
import os
import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack.utils.aws.errors import AWSError, serialize_error

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment


class S3Error(AWSError):
    def __init__(
        self,
        code: str,
        message: str,
        status: int = 400,
        headers: dict[str, str] | None = None,
        **fields: object,
    ) -> None:
        super().__init__(code, message, status)
        self.fields = {name: str(value) for name, value in fields.items() if value is not None}
        self.headers = headers or {}


class _NotModified(Response):
    """A 304 that keeps its Last-Modified: werkzeug drops every entity header from a 304 on its way out,
    and S3 sends it there (clients revalidate their caches with it)."""

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        kept = [(name, value) for name, value in self.headers.items() if name.lower() == "last-modified"]
        headers = super().get_wsgi_headers(environ)
        for name, value in kept:
            if name not in headers:
                headers.add(name, value)
        return headers


def to_response(error: AWSError, method: str = "GET") -> Response:
    response = serialize_error(error, "s3")
    if error.status == 304:
        response = _NotModified(status=304, headers=response.headers)
    fields = getattr(error, "fields", None)
    if fields:
        extra = "".join(f"<{name}>{_text(value)}</{name}>" for name, value in fields.items())
        body = response.get_data().replace(b"<RequestId>", extra.encode("utf-8") + b"<RequestId>", 1)
        response.set_data(body)
    for name, value in getattr(error, "headers", {}).items():
        response.headers[name] = value
    # S3 names the host that answered after the request, in the body as in x-amz-id-2.
    host_id = base64.b64encode(os.urandom(56)).decode("ascii")
    response.headers["x-amz-id-2"] = host_id
    response.set_data(
        response.get_data().replace(
            b"</RequestId></Error>", f"</RequestId><HostId>{host_id}</HostId></Error>".encode(), 1
        )
    )
    if method == "HEAD" or error.status == 304:
        # HEAD answers and 304s carry no body; the code travels in the status alone.
        response.set_data(b"")
    return response


def _text(value: object) -> str:
    # S3 writes a control character of an echoed argument as a character reference (a NUL is "&#0;").
    return _CONTROL.sub(lambda m: f"&#{ord(m.group())};", escape(str(value)))


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def access_denied(message: str = "Access Denied") -> S3Error:
    return S3Error("AccessDenied", message, 403)


def invalid_argument(message: str, name: str, value: object) -> S3Error:
    return S3Error("InvalidArgument", message, 400, ArgumentName=name, ArgumentValue=value)


def invalid_request(message: str) -> S3Error:
    return S3Error("InvalidRequest", message, 400)


def no_such_version(key: str, version_id: str) -> S3Error:
    return S3Error(
        "NoSuchVersion", "The specified version does not exist.", 404, Key=key, VersionId=version_id
    )


def no_such_key(key: str) -> S3Error:
    return S3Error("NoSuchKey", "The specified key does not exist.", 404, Key=key)
