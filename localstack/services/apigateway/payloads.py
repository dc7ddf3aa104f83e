"""The Lambda proxy payloads: events of format 1.0 (REST APIs, HTTP APIs) and 2.0 (HTTP APIs,
function URLs), and turning what the function returns into the HTTP answer."""

from __future__ import annotations

import base64
import json
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.apigateway.api_request import (
    ApiRequest,
    first_values,
    is_text,
    lower_keys,
    media_type_matches,
)
from localstack.services.apigateway.lambda_invoke import IntegrationFailure, LambdaResult, api_response


def _body_of(request: ApiRequest, base64_encoded: bool) -> str | None:
    if not request.body:
        return None
    if base64_encoded:
        return base64.b64encode(request.body).decode("ascii")
    return request.body.decode("utf-8", "replace")


def identity(request: ApiRequest, api_key: str | None = None, api_key_id: str | None = None) -> dict:
    return {
        "accessKey": None,
        "accountId": None,
        "apiKey": api_key,
        "apiKeyId": api_key_id,
        "caller": None,
        "cognitoAuthenticationProvider": None,
        "cognitoAuthenticationType": None,
        "cognitoIdentityId": None,
        "cognitoIdentityPoolId": None,
        "principalOrgId": None,
        "sourceIp": request.source_ip,
        "user": None,
        "userAgent": request.user_agent,
        "userArn": None,
    }


def event_v1(
    request: ApiRequest,
    resource_path: str,
    path_params: dict[str, str] | None,
    stage_variables: dict[str, str] | None,
    request_context: dict,
    binary_media_types: list[str] | None = None,
) -> dict:
    """Payload format 1.0: single- and multi-value headers and query strings, base64 for binary."""
    content_type = request.headers.get("Content-Type")
    base64_encoded = bool(request.body) and (
        media_type_matches(content_type or "", binary_media_types or [])
        if binary_media_types is not None
        else not is_text(content_type, request.body)
    )
    multi_headers = request.multi_headers()
    multi_query = request.multi_query()
    return {
        "resource": resource_path,
        "path": request.decoded_path,
        "httpMethod": request.method,
        "headers": first_values(multi_headers),
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": first_values(multi_query),
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": path_params or None,
        "stageVariables": stage_variables or None,
        "requestContext": request_context,
        "body": _body_of(request, base64_encoded),
        "isBase64Encoded": base64_encoded,
    }


def event_v2(
    request: ApiRequest,
    route_key: str,
    raw_path: str,
    path_params: dict[str, str] | None,
    stage_variables: dict[str, str] | None,
    request_context: dict,
) -> dict:
    """Payload format 2.0: lowercased comma-joined headers, cookies apart, absent keys left out."""
    headers = lower_keys(request.headers)
    cookies = headers.pop("cookie", None)
    multi_query = request.multi_query()
    base64_encoded = not is_text(request.headers.get("Content-Type"), request.body)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": request.query_string,
    }
    if cookies:
        event["cookies"] = [
            cookie.strip() for cookie in cookies.replace(",", ";").split(";") if cookie.strip()
        ]
    event["headers"] = headers
    if multi_query:
        event["queryStringParameters"] = {key: ",".join(values) for key, values in multi_query.items()}
    event["requestContext"] = request_context
    if request.body:
        event["body"] = _body_of(request, base64_encoded)
    if path_params:
        event["pathParameters"] = path_params
    event["isBase64Encoded"] = base64_encoded
    if stage_variables:
        event["stageVariables"] = stage_variables
    return event


def http_context_v2(request: ApiRequest, route_key: str, raw_path: str) -> dict:
    return {
        "accountId": request.account_id,
        "apiId": request.api_id,
        "domainName": request.domain_name,
        "domainPrefix": request.domain_name.split(".", 1)[0],
        "http": {
            "method": request.method,
            "path": raw_path,
            "protocol": "HTTP/1.1",
            "sourceIp": request.source_ip,
            "userAgent": request.user_agent or "",
        },
        "requestId": request.request_id,
        "routeKey": route_key,
        "stage": request.stage or "$default",
        "time": request.request_time,
        "timeEpoch": request.time_epoch_ms,
    }


def response_v1(result: LambdaResult, request: ApiRequest, binary_media_types: list[str]) -> Response:
    """The answer of a 1.0 proxy integration; a function error or malformed answer is a 502."""
    if result.function_error:
        raise IntegrationFailure(502, "Internal server error")
    try:
        answer = result.json()
    except ValueError:
        raise IntegrationFailure(502, "Internal server error") from None
    if not isinstance(answer, dict) or not _valid_status(answer.get("statusCode", 200)):
        raise IntegrationFailure(502, "Internal server error")
    extra = set(answer) - {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"}
    if extra:
        raise IntegrationFailure(502, "Internal server error")  # "Malformed Lambda proxy response"
    headers: list[tuple[str, str]] = []
    for key, value in (answer.get("headers") or {}).items():
        headers.append((key, _header_text(value)))
    for key, values in (answer.get("multiValueHeaders") or {}).items():
        single = {k.lower() for k, _ in headers}
        if key.lower() in single:
            headers = [(k, v) for k, v in headers if k.lower() != key.lower()]
        for value in values if isinstance(values, list) else [values]:
            headers.append((key, _header_text(value)))
    body = _decode_body(answer, request, binary_media_types, headers)
    content_type = None if any(k.lower() == "content-type" for k, _ in headers) else "application/json"
    return api_response(body, int(answer.get("statusCode", 200)), headers, content_type)


def response_v2(result: LambdaResult, error_status: int = 500) -> Response:
    """The answer of a 2.0 integration or function URL: structured if it has a statusCode, else inferred."""
    if result.function_error:
        raise IntegrationFailure(error_status, "Internal Server Error")
    try:
        answer = result.json()
    except ValueError:
        raise IntegrationFailure(error_status, "Internal Server Error") from None
    if not isinstance(answer, dict) or "statusCode" not in answer:
        # A bare value is the body of a 200 JSON answer.
        text = answer if isinstance(answer, str) else result.payload.decode("utf-8", "replace")
        return api_response(text, 200, content_type="application/json")
    if not _valid_status(answer["statusCode"]):
        raise IntegrationFailure(error_status, "Internal Server Error")
    headers = [(key, _header_text(value)) for key, value in (answer.get("headers") or {}).items()]
    for key, values in (answer.get("multiValueHeaders") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            headers.append((key, _header_text(value)))
    for cookie in answer.get("cookies") or []:
        headers.append(("Set-Cookie", str(cookie)))
    body = answer.get("body")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
    data = (body or "").encode("utf-8")
    if answer.get("isBase64Encoded") and body:
        data = _b64decode(body, error_status)
    content_type = None if any(k.lower() == "content-type" for k, _ in headers) else "application/json"
    return api_response(data, int(answer["statusCode"]), headers, content_type)


def _decode_body(answer: dict, request: ApiRequest, binary_types: list[str], headers: list) -> bytes:
    body = answer.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise IntegrationFailure(502, "Internal server error")
    if answer.get("isBase64Encoded"):
        response_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        accept = request.headers.get("Accept") or ""
        # REST APIs turn base64 into bytes only for the API's binary media types.
        if media_type_matches(response_type, binary_types) or any(
            media_type_matches(part, binary_types) for part in accept.split(",")
        ):
            return _b64decode(body, 502)
    return body.encode("utf-8")


def _b64decode(body: str, status: int) -> bytes:
    try:
        return base64.b64decode(body, validate=False)
    except ValueError:
        raise IntegrationFailure(status, "Internal server error") from None


def _valid_status(value: Any) -> bool:
    try:
        return 100 <= int(value) <= 599
    except (TypeError, ValueError):
        return False


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
