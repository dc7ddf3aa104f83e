"""Lambda authorizers of REST APIs (TOKEN and REQUEST): identity sources, the policy the function
returns, and a cache per authorizer and identity for authorizerResultTtlInSeconds."""

from __future__ import annotations

import re
import time
from typing import Any

from localstack.services.apigateway.api_request import ApiRequest, first_values
from localstack.services.apigateway.lambda_invoke import IntegrationFailure, function_arn_of, invoke_function
from localstack.utils.aws.stores import AccountRegionStore, RegionStore


class AuthorizerCache(RegionStore):
    def __init__(self) -> None:
        # (api id, authorizer id, identity) -> (expiry, result)
        self.results: dict[tuple, tuple[float, dict]] = {}


authorizer_cache = AccountRegionStore(AuthorizerCache)


class Denied(IntegrationFailure):
    pass


def method_arn(request: ApiRequest) -> str:
    path = request.path.lstrip("/")
    return (
        f"arn:aws:execute-api:{request.region}:{request.account_id}:{request.api_id}/"
        f"{request.stage}/{request.method}/{path}"
    )


def _identity_values(
    authorizer: Any, request: ApiRequest, path_params: dict, stage_vars: dict
) -> list[str] | None:
    """The values of the identity sources; None if one is missing (answered 401)."""
    default = "method.request.header.Authorization" if authorizer.type == "TOKEN" else ""
    sources = [s.strip() for s in (authorizer.identity_source or default).split(",") if s.strip()]
    query = first_values(request.multi_query()) or {}
    values = []
    for source in sources:
        value: str | None = None
        if source.startswith("method.request.header."):
            value = request.headers.get(source[len("method.request.header.") :])
        elif source.startswith("method.request.querystring."):
            value = query.get(source[len("method.request.querystring.") :])
        elif source.startswith("method.request.path."):
            value = path_params.get(source[len("method.request.path.") :])
        elif source.startswith("stageVariables."):
            value = stage_vars.get(source[len("stageVariables.") :])
        elif source.startswith("context."):
            value = {"httpMethod": request.method, "stage": request.stage}.get(source[len("context.") :])
        if not value:
            return None
        values.append(value)
    return values


def authorize(
    authorizer: Any,
    request: ApiRequest,
    resource_path: str,
    path_params: dict,
    stage_vars: dict,
    request_context: dict,
) -> dict:
    """Run the authorizer; returns `$context.authorizer` (principalId, context, usage key) or raises
    Denied with API Gateway's answer (401 Unauthorized, 403 denied, 500 on an authorizer failure)."""
    if authorizer.type not in ("TOKEN", "REQUEST"):
        raise IntegrationFailure(500, f"Authorizer type {authorizer.type} is not supported here")
    values = _identity_values(authorizer, request, path_params, stage_vars)
    if values is None:
        raise Denied(401, "Unauthorized")
    if authorizer.type == "TOKEN" and authorizer.identity_validation_expression:
        if not re.fullmatch(authorizer.identity_validation_expression, values[0]):
            raise Denied(401, "Unauthorized")
    arn = method_arn(request)
    ttl = int(authorizer.authorizer_result_ttl if authorizer.authorizer_result_ttl is not None else 300)
    store = authorizer_cache[request.account_id][request.region]
    key = (request.api_id, authorizer.id, tuple(values))
    cached = store.results.get(key) if ttl > 0 else None
    if cached and cached[0] > time.monotonic():
        result = cached[1]
    else:
        result = _call(
            authorizer, request, values, arn, resource_path, path_params, stage_vars, request_context
        )
        if ttl > 0:
            store.results[key] = (time.monotonic() + ttl, result)
    return evaluate_policy(result, arn)


def _call(
    authorizer: Any,
    request: ApiRequest,
    values: list[str],
    arn: str,
    resource_path: str,
    path_params: dict,
    stage_vars: dict,
    request_context: dict,
) -> dict:
    function_arn = function_arn_of(authorizer.authorizer_uri or "")
    if function_arn is None:
        raise Denied(500, None)  # type: ignore[arg-type]
    if authorizer.type == "TOKEN":
        event: dict = {"type": "TOKEN", "authorizationToken": values[0], "methodArn": arn}
    else:
        multi_headers = request.multi_headers()
        multi_query = request.multi_query()
        event = {
            "type": "REQUEST",
            "methodArn": arn,
            "resource": resource_path,
            "path": request.decoded_path,
            "httpMethod": request.method,
            "headers": first_values(multi_headers) or {},
            "multiValueHeaders": multi_headers,
            "queryStringParameters": first_values(multi_query) or {},
            "multiValueQueryStringParameters": multi_query,
            "pathParameters": path_params,
            "stageVariables": stage_vars,
            "requestContext": request_context,
        }
    try:
        result = invoke_function(function_arn, event)
    except IntegrationFailure:
        raise Denied(500, None) from None  # type: ignore[arg-type]
    if result.function_error:
        try:
            message = result.json().get("errorMessage")
        except (ValueError, AttributeError):
            message = None
        if message == "Unauthorized":
            raise Denied(401, "Unauthorized")
        raise Denied(500, None)  # type: ignore[arg-type]
    try:
        answer = result.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or "principalId" not in answer or "policyDocument" not in answer:
        raise Denied(500, None)  # type: ignore[arg-type]
    return answer


def evaluate_policy(result: dict, arn: str) -> dict:
    statements = (result.get("policyDocument") or {}).get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    for statement in statements:
        actions = _as_list(statement.get("Action"))
        if not any(_wildcard(action, "execute-api:Invoke") for action in actions):
            continue
        if not any(_wildcard(resource, arn) for resource in _as_list(statement.get("Resource"))):
            continue
        if statement.get("Effect") == "Deny":
            raise Denied(403, "User is not authorized to access this resource with an explicit deny")
        if statement.get("Effect") == "Allow":
            allowed = True
    if not allowed:
        raise Denied(403, "User is not authorized to access this resource")
    context = {}
    for key, value in (result.get("context") or {}).items():
        # API Gateway hands context values on as strings.
        context[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return {
        "principalId": result.get("principalId"),
        "context": context,
        "usageIdentifierKey": result.get("usageIdentifierKey"),
    }


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _wildcard(pattern: str, value: str) -> bool:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if pattern.startswith("execute-api") else 0) is not None
