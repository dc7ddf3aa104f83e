"""Answering a call of a deployed REST API: stage, resource and method, authorizer, API key, then
the integration. Errors are answered with API Gateway's own bodies (`{"message": ...}`)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from localstack.services.apigateway import authorizers, payloads, rest_router
from localstack.services.apigateway.api_request import ApiRequest, first_values
from localstack.services.apigateway.lambda_invoke import IntegrationFailure
from localstack.services.apigateway.rest_integrations import Invocation, integrate


def invoke_rest_api(request: ApiRequest, api: Any) -> Response:
    try:
        return _invoke(request, api)
    except IntegrationFailure as failure:
        return failure.response()


def _invoke(request: ApiRequest, api: Any) -> Response:
    stage = api.stages.get(request.stage)
    if stage is None or not stage.deployment_id:
        raise IntegrationFailure(403, "Forbidden")
    found = rest_router.match_resource(api, request.path)
    method = rest_router.select_method(found[0], request.method) if found else None
    if not found or method is None:
        raise IntegrationFailure(403, "Missing Authentication Token")
    resource, path_params = found
    resource_path = resource.get_path()
    stage_variables = dict(stage.variables or {})
    context = _request_context(request, api, resource, resource_path)
    auth_type = (method.authorization_type or "NONE").upper()
    usage_key: str | None = None
    if auth_type == "CUSTOM":
        authorizer = api.authorizers.get(method.authorizer_id or "")
        if authorizer is None:
            raise IntegrationFailure(500, "Internal server error")
        result = authorizers.authorize(
            authorizer, request, resource_path, path_params, stage_variables, context
        )
        context["authorizer"] = {"principalId": result["principalId"], **result["context"]}
        usage_key = result.get("usageIdentifierKey")
    elif auth_type == "COGNITO_USER_POOLS":
        context["authorizer"] = {"claims": _cognito_claims(request, api, method)}
    if method.api_key_required:
        key = _check_api_key(request, api, usage_key)
        context["identity"]["apiKey"] = key.value
        context["identity"]["apiKeyId"] = key.id
    params = {
        "path": dict(path_params),
        "querystring": first_values(request.multi_query()) or {},
        "header": first_values(request.multi_headers()) or {},
    }
    invocation = Invocation(
        request, api, method, resource_path, path_params, stage_variables, context, params
    )
    return integrate(invocation)


def _request_context(request: ApiRequest, api: Any, resource: Any, resource_path: str) -> dict:
    return {
        "accountId": request.account_id,
        "apiId": api.id,
        "domainName": request.domain_name,
        "domainPrefix": request.domain_name.split(".", 1)[0],
        "extendedRequestId": request.request_id,
        "httpMethod": request.method,
        "identity": payloads.identity(request),
        "path": f"/{request.stage}{request.decoded_path}",
        "protocol": "HTTP/1.1",
        "requestId": request.request_id,
        "requestTime": request.request_time,
        "requestTimeEpoch": request.time_epoch_ms,
        "resourceId": resource.id,
        "resourcePath": resource_path,
        "stage": request.stage,
    }


def _check_api_key(request: ApiRequest, api: Any, usage_key: str | None) -> Any:
    """The enabled API key of a usage plan of this API stage, from x-api-key (or the authorizer)."""
    from moto.apigateway.models import apigateway_backends

    backend = apigateway_backends[request.account_id][request.region]
    value = usage_key if (api.api_key_source or "HEADER").upper() == "AUTHORIZER" else None
    value = value or request.headers.get("x-api-key")
    if not value:
        raise IntegrationFailure(403, "Forbidden")
    key = next((k for k in backend.keys.values() if k.value == value), None)
    if key is None or not key.enabled:
        raise IntegrationFailure(403, "Forbidden")
    for plan in backend.usage_plans.values():
        stages = plan.api_stages or []
        if not any(s.get("apiId") == api.id and s.get("stage") == request.stage for s in stages):
            continue
        if key.id in backend.usage_plan_keys.get(plan.id, {}):
            return key
    raise IntegrationFailure(403, "Forbidden")


def _cognito_claims(request: ApiRequest, api: Any, method: Any) -> dict:
    """Cognito user pool authorizers: the token's claims, structure and expiry checked; the
    signature is not (no JWKS offline)."""
    from localstack.services.apigateway.jwt import JWTError, decode_unverified

    authorizer = api.authorizers.get(method.authorizer_id or "")
    source = (authorizer.identity_source if authorizer else None) or "method.request.header.Authorization"
    token = request.headers.get(source.rsplit(".", 1)[-1]) or ""
    try:
        _, claims = decode_unverified(token.removeprefix("Bearer ").strip())
    except JWTError:
        raise IntegrationFailure(401, "Unauthorized") from None
    return {key: value if isinstance(value, str) else str(value) for key, value in claims.items()}
