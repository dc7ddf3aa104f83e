"""AWS's rpc-v2-cbor protocol in front of a JSON-protocol backend.

Today's SDKs call some services (codebuild, servicediscovery, ...) in CBOR at
`POST /service/<Service>/operation/<Operation>`; moto reads and writes their older JSON protocol. The
listener turns each request into the JSON protocol on the way in and each answer back into CBOR on the
way out, with the operation's output shape deciding which numbers are timestamps and which strings blobs.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.generic_proxy import ProxyListener
from localstack.utils import cbor
from localstack.utils.aws import request_checks
from localstack.utils.aws.errors import AWSError, MalformedBody
from localstack.utils.http import Request

PROTOCOL = "smithy-rpc-v2-cbor"
HEADER_PROTOCOL = "smithy-protocol"
CONTENT_TYPE = "application/cbor"
# Carries the operation from forward_request to return_response (listeners keep no per-request state).
HEADER_OPERATION = "X-Localstack-Cbor-Operation"
_PATH = re.compile(r"^/service/[^/]+/operation/([A-Za-z0-9]+)$")


def is_cbor_request(headers: Any) -> bool:
    return headers is not None and (headers.get(HEADER_PROTOCOL) or "").lower() == "rpc-v2-cbor"


def error_body(code: str, message: str) -> bytes:
    return cbor.encode({"__type": code, "message": message})


class RpcV2CborListener(ProxyListener):
    """Translates rpc-v2-cbor requests of one service to its JSON protocol, and the answers back."""

    def __init__(self, service: str) -> None:
        self.service = service

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> bool | Request:
        if not is_cbor_request(headers):
            return True
        match = _PATH.match(path.split("?", 1)[0])
        if method != "POST" or not match:
            raise AWSError(
                "UnknownOperationException", f"No {self.service} operation matches {method} {path}.", 404
            )
        try:
            body = cbor.decode(data) if data else {}
        except cbor.CBORError as error:
            raise MalformedBody(str(error)) from None
        if not isinstance(body, dict):
            raise MalformedBody("the body is not a CBOR map")
        operation = match.group(1)
        forwarded = Headers(
            [(k, v) for k, v in headers.items() if k.lower() not in ("content-length", "accept")]
        )
        forwarded[constants.HEADER_TARGET] = f"{_target_prefix(self.service)}.{operation}"
        forwarded["Content-Type"] = "application/x-amz-json-1.1"
        forwarded[HEADER_OPERATION] = operation
        request = Request("POST", "/", json.dumps(_to_json(body)).encode(), forwarded)
        # The members' types and constraints, as the JSON protocol's endpoint checks them (the edge's
        # checks saw only CBOR): a map where a string belongs reached moto, which crashed on it.
        request_checks.check_request(self.service, request)
        return request

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        operation = headers.get(HEADER_OPERATION) if headers is not None else None
        if not operation or response.mimetype == CONTENT_TYPE:
            return None
        raw = response.get_data()
        try:
            payload = json.loads(raw) if raw.strip() else {}
        except ValueError:
            payload = {"message": raw.decode("utf-8", "replace")}
        if response.status_code >= 400:
            code = (
                response.headers.get(constants.HEADER_ERROR_TYPE) or payload.get("__type") or "InternalError"
            )
            message = payload.get("message") or payload.get("Message") or ""
            body = error_body(code.split(":", 1)[0], message)
        else:
            body = cbor.encode(_to_cbor(payload, _output_shape(self.service, operation)))
        answer = Response(body, status=response.status_code, mimetype=CONTENT_TYPE)
        for name, value in response.headers.items():
            if name.lower().startswith("x-amz"):
                answer.headers[name] = value
        answer.headers[HEADER_PROTOCOL] = "rpc-v2-cbor"
        return answer


def _model(service: str) -> Any:
    from localstack.utils.aws.request_checks import service_model

    return service_model(service)


def _target_prefix(service: str) -> str:
    return _model(service).metadata["targetPrefix"]


def _output_shape(service: str, operation: str) -> Any:
    try:
        return _model(service).operation_model(operation).output_shape
    except Exception:  # noqa: BLE001 - an unknown operation answers without a shape to follow
        return None


def _to_json(value: Any) -> Any:
    """CBOR values as the JSON protocol writes them: blobs base64, timestamps epoch seconds."""
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, cbor.EpochSeconds):
        return value.value
    return value


def _to_cbor(value: Any, shape: Any) -> Any:
    """A JSON answer as CBOR values, typed by the output shape (unknown members are kept as they are)."""
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {k: _to_cbor(v, members.get(k)) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_to_cbor(v, shape.member) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _to_cbor(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        return cbor.EpochSeconds(_epoch(value))
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value)
        except ValueError:
            return value.encode()
    if kind in ("double", "float") and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _epoch(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    from botocore.utils import parse_timestamp

    return parse_timestamp(str(value)).timestamp()
