"""Invoking a Lambda function for an integration or authorizer, through the Lambda API in-process."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Response

LOG = logging.getLogger(__name__)

# `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations`
_INVOCATION_URI = re.compile(r":lambda:path/\d{4}-\d{2}-\d{2}/functions/(.+?)/invocations/?$")
_FUNCTION_ARN = re.compile(r"^arn:[^:]+:lambda:([^:]+):(\d{12}):function:[^:]+(:[^:]+)?$")


class IntegrationFailure(Exception):
    """The integration could not be called; answered as API Gateway answers (`status`, `message`)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> Response:
        return api_response({"message": self.message}, self.status)


@dataclass
class LambdaResult:
    payload: bytes
    function_error: str | None = None

    def json(self) -> Any:
        return json.loads(self.payload or b"null")


def function_arn_of(uri: str) -> str | None:
    """The function ARN of an integration or authorizer URI (or the URI itself if it is an ARN)."""
    match = _INVOCATION_URI.search(uri or "")
    arn = match.group(1) if match else uri
    return arn if _FUNCTION_ARN.match(arn or "") else None


def invoke_function(function_arn: str, payload: Any, stage_variables: dict | None = None) -> LambdaResult:
    """RequestResponse invoke; raises IntegrationFailure(500) when the function cannot be called."""
    from botocore.exceptions import BotoCoreError, ClientError

    from localstack.utils.aws.internal_client import invoke

    for name, value in (stage_variables or {}).items():
        function_arn = function_arn.replace("${stageVariables." + name + "}", value)
    match = _FUNCTION_ARN.match(function_arn)
    if not match:
        raise IntegrationFailure(500, "Internal server error")
    region, account_id = match.group(1), match.group(2)
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    try:
        # In-process without botocore: an integration's call costs half the CPU it did through a client.
        answer, function_error = invoke(function_arn, body, account_id, region)
    except (ClientError, BotoCoreError) as error:
        LOG.warning("Invoking %s for API Gateway failed: %s", function_arn, error)
        raise IntegrationFailure(500, "Internal server error") from None
    return LambdaResult(answer, function_error)


def api_response(
    body: Any, status: int = 200, headers: Any = None, content_type: str | None = None
) -> Response:
    """An answer of a deployed API: passed through untouched by the gateway's error reshaping."""
    if isinstance(body, (dict, list)) or body is None and content_type is None:
        data = json.dumps(body).encode("utf-8")
        content_type = content_type or "application/json"
    else:
        data = body if isinstance(body, bytes) else str(body).encode("utf-8")
    response = Response(data, status=status)
    response.headers.remove("Content-Type")
    if headers:
        for key, value in headers.items() if hasattr(headers, "items") else headers:
            response.headers.add(key, value)
    if content_type and "Content-Type" not in response.headers:
        response.headers["Content-Type"] = content_type
    # A user's 4xx/5xx page is the API's answer, not an AWS error to reshape.
    response.direct_passthrough = True
    return response
