"""Authorizers of HTTP APIs: JWT (claims and scopes into requestContext.authorizer.jwt) and Lambda
REQUEST authorizers (payload 2.0 with simple or IAM-policy answers, payload 1.0 with IAM policies)."""

from __future__ import annotations

from typing import Any

from localstack.services.apigateway import jwt
from localstack.services.apigateway.api_request import ApiRequest, lower_keys
from localstack.services.apigateway.lambda_invoke import IntegrationFailure, function_arn_of, invoke_function


def _identity(
    sources: Any, request: ApiRequest, path_params: dict, stage_variables: dict
) -> list[str] | None:
    if isinstance(sources, str):
        sources = [s.strip() for s in sources.split(",")]
    headers = lower_keys(request.headers)
    query = {k: ",".join(v) for k, v in request.multi_query().items()}
    values = []
    for source in sources or []:
        value = None
        if source.startswith("$request.header."):
            value = headers.get(source[len("$request.header.") :].lower())
        elif source.startswith("$request.querystring."):
            value = query.get(source[len("$request.querystring.") :])
        elif source.startswith("$request.path."):
            value = path_params.get(source[len("$request.path.") :])
        elif source.startswith("$stageVariables."):
            value = stage_variables.get(source[len("$stageVariables.") :])
        elif source.startswith("$context."):
            value = {"httpMethod": request.method, "stage": request.stage}.get(source[len("$context.") :])
        if not value:
            return None
        values.append(value)
    return values


def authorize(
    authorizer: Any, route: Any, request: ApiRequest, path_params: dict, stage_variables: dict, context: dict
) -> dict:
    """The `requestContext.authorizer` of an authorized call; raises IntegrationFailure otherwise."""
    kind = (authorizer.authorizer_type or "").upper()
    if kind == "JWT":
        return _jwt(authorizer, route, request, path_params, stage_variables)
    if kind == "REQUEST":
        return _lambda(authorizer, route, request, path_params, stage_variables, context)
    raise IntegrationFailure(500, "Internal Server Error")


def _jwt(authorizer: Any, route: Any, request: ApiRequest, path_params: dict, stage_variables: dict) -> dict:
    sources = authorizer.identity_source or ["$request.header.Authorization"]
    values = _identity(sources, request, path_params, stage_variables)
    if not values:
        raise IntegrationFailure(401, "Unauthorized")
    token = values[0]
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    config = authorizer.jwt_config or {}
    audiences = config.get("audience") or config.get("Audience") or []
    issuer = config.get("issuer") or config.get("Issuer")
    try:
        claims = jwt.validate(token, issuer, audiences)
    except jwt.JWTError:
        raise IntegrationFailure(401, "Unauthorized") from None
    scope_claim = claims.get("scope", claims.get("scp"))
    scopes = scope_claim.split() if isinstance(scope_claim, str) else scope_claim
    required = route.authorization_scopes or []
    if required and not set(required) & set(scopes or []):
        raise IntegrationFailure(403, "Forbidden")
    return {"jwt": {"claims": jwt.claims_as_strings(claims), "scopes": scopes or None}}


def _lambda(
    authorizer: Any, route: Any, request: ApiRequest, path_params: dict, stage_variables: dict, context: dict
) -> dict:
    values = _identity(authorizer.identity_source or [], request, path_params, stage_variables)
    if values is None:
        raise IntegrationFailure(401, "Unauthorized")
    arn = function_arn_of(authorizer.authorizer_uri or "")
    if arn is None:
        raise IntegrationFailure(500, "Internal Server Error")
    route_arn = (
        f"arn:aws:execute-api:{request.region}:{request.account_id}:{request.api_id}/"
        f"{request.stage}/{request.method}{request.path}"
    )
    headers = lower_keys(request.headers)
    version = authorizer.auth_payload_format_version or "2.0"
    event: dict[str, Any] = {
        "version": version,
        "type": "REQUEST",
        "routeArn" if version == "2.0" else "methodArn": route_arn,
        "identitySource": values if version == "2.0" else ",".join(values),
        "routeKey": route.route_key,
        "rawPath": request.stage_path,
        "rawQueryString": request.query_string,
        "headers": headers,
        "queryStringParameters": {k: ",".join(v) for k, v in request.multi_query().items()},
        "requestContext": context,
        "pathParameters": path_params,
        "stageVariables": stage_variables,
    }
    result = invoke_function(arn, event)
    try:
        answer = result.json() if not result.function_error else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise IntegrationFailure(500, "Internal Server Error")
    if version == "2.0" and authorizer.enable_simple_response:
        if answer.get("isAuthorized") is not True:
            raise IntegrationFailure(403, "Forbidden")
        return {"lambda": answer.get("context") or {}}
    from localstack.services.apigateway.authorizers import Denied, evaluate_policy

    try:
        evaluated = evaluate_policy(answer, route_arn)
    except Denied:
        raise IntegrationFailure(403, "Forbidden") from None
    return {"lambda": answer.get("context") or {}, "principalId": evaluated["principalId"]}
