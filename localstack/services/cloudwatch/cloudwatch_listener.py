"""Hooks around the cloudwatch backend: the request rules of validation.py (both protocols), moto's
answers on the JSON 1.0 endpoint in AWS's shape."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.cloudwatch import validation
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import HEADER_QUERY_ERROR, AWSError, serialize_error

JSON_CONTENT_TYPE = "application/x-amz-json-1.0"
NAMESPACE = "com.amazonaws.cloudwatch#"
MOTO_PLACEHOLDER = "An unspecified service error occurred"


class CloudwatchListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        target = headers.get(constants.HEADER_TARGET) if headers is not None else None
        if target:
            operation = target.rpartition(".")[2]
            if operation not in ("PutMetricData", "GetMetricStatistics"):
                return True
            try:
                params = json.loads(data or b"{}")
            except ValueError:
                return True  # the model check answers a body that is not JSON
        else:
            query = path.partition("?")[2]
            body = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")
            params = dict(parse_qsl(query + "&" + body))
            operation = params.get("Action", "")
        if isinstance(params, dict):
            validation.check(operation, params)
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        target = headers.get(constants.HEADER_TARGET) if headers is not None else None
        if not target:
            return None
        if response.status_code < 400:
            # moto labels its JSON answers `text`.
            if response.mimetype != JSON_CONTENT_TYPE:
                response.headers["Content-Type"] = JSON_CONTENT_TYPE
            return None
        return _error_as_aws(target.rpartition(".")[2], headers, response)


def _error_as_aws(operation: str, headers: Any, response: Response) -> Response | None:
    """moto's JSON errors name the target prefix as `__type`'s namespace and repeat the message as
    `message` and `Message`; AWS's name the model's error shape in `com.amazonaws.cloudwatch` and say
    `message` once, with the query code in x-amzn-query-error."""
    try:
        body = json.loads(response.get_data() or b"{}")
    except ValueError:
        return None
    if not isinstance(body, dict) or "__type" not in body:
        return None
    if str(body["__type"]).startswith(("com.amazon.coral.", NAMESPACE)):
        return None  # already ours
    query_header = response.headers.get(HEADER_QUERY_ERROR) or ""
    code = query_header.partition(";")[0] or str(body["__type"]).rpartition("#")[2]
    message = body.get("message") or body.get("Message") or ""
    if message == MOTO_PLACEHOLDER:
        # moto's words for an error raised without a message; AWS's SetAlarmState of a missing alarm
        # says nothing either (recorded: `An error occurred (ResourceNotFound)` with no message).
        message = ""
    error = AWSError(code, message, response.status_code, sender=response.status_code < 500)
    answer = serialize_error(error, "cloudwatch", headers)
    shape = operation_error_shape(operation, code)
    if shape is not None:
        document = json.loads(answer.get_data())
        document["__type"] = NAMESPACE + shape
        answer.set_data(json.dumps(document))
        answer.headers[constants.HEADER_ERROR_TYPE] = shape
    return answer


_shapes_by_operation: dict[tuple[str, str], str | None] = {}


def operation_error_shape(operation: str, code: str) -> str | None:
    """The error shape among the operation's modeled errors whose query code is `code`, else any
    shape of the model with that code (the first, in the model's order)."""
    key = (operation, code)
    if key not in _shapes_by_operation:
        _shapes_by_operation[key] = _find_shape(operation, code)
    return _shapes_by_operation[key]


def _find_shape(operation: str, code: str) -> str | None:
    from localstack.utils.aws.request_checks import service_model

    model = service_model("cloudwatch")
    if model is None:
        return None

    def query_code(shape: Any) -> str:
        return (shape.metadata.get("error") or {}).get("code") or shape.name

    try:
        for shape in model.operation_model(operation).error_shapes:
            if query_code(shape) == code:
                return shape.name
    except Exception:  # noqa: BLE001 - an operation the model does not know: search every shape
        pass
    for name in model.shape_names:
        shape = model.shape_for(name)
        if shape.metadata.get("exception") and query_code(shape) == code:
            return shape.name
    return None
