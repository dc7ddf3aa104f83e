"""Hooks around the s3 backend: path-style addressing for moto, S3-shaped errors where moto sends none."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.s3.virtual_host import to_path_style
from localstack.utils.aws.errors import AWSError, serialize_error
from localstack.utils.http import Request

# moto answers some refusals with a bare status; S3 clients expect an <Error> document.
_EMPTY_ERROR_CODES = {
    403: ("AccessDenied", "Access Denied"),
    404: ("NoSuchKey", "The specified key does not exist."),
}


class S3Listener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        rewritten = to_path_style(Request(method, path, data, headers))
        return rewritten if rewritten is not None else True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        known = _EMPTY_ERROR_CODES.get(response.status_code)
        if known is None or method == "HEAD" or response.get_data():
            return None
        replaced = serialize_error(AWSError(known[0], known[1], response.status_code), "s3")
        for name, value in response.headers.items():
            if name.lower() not in ("content-type", "content-length"):
                replaced.headers.setdefault(name, value)
        return replaced
