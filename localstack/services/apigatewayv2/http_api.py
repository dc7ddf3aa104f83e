"""Answering a call of an HTTP API (apigatewayv2): stage, route, authorizer (JWT or Lambda), then the
AWS_PROXY (payload 1.0 or 2.0) or HTTP_PROXY integration."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Response

from localstack.services.apigateway import http_client, payloads
from localstack.services.apigateway.api_request import ApiRequest
from localstack.services.apigateway.lambda_invoke import (
    IntegrationFailure,
    api_response,
    function_arn_of,
    invoke_function,
)
from localstack.services.apigatewayv2 import authorizers
from localstack.services.apigatewayv2.routes import select_route


def invoke_http_api(request: ApiRequest, api: Any) -> Response:
    try:
        return _invoke(request, api)
    except IntegrationFailure as failure:
        return failure.response()


def _split_stage(request: ApiRequest, api: Any) -> Any:
    """The stage: the first path segment if it names one, else `$default` (with the whole path)."""
    first = unquote(request.stage_path.lstrip("/").split("/", 1)[0])
    if first and first != "$default" and first in api.stages:
        request.split_stage()
        return api.stages[first]
    if "$default" in api.stages:
        request.stage = "$default"
        request.path = request.stage_path or "/"
        return api.stages["$default"]
    return None


def _invoke(request: ApiRequest, api: Any) -> Response:
    stage = _split_stage(request, api)
    if stage is None:
        raise IntegrationFailure(404, "Not Found")
    found = select_route(list(api.routes.values()), request.method, request.path)
    if found is None:
        raise IntegrationFailure(404, "Not Found")
    route, path_params = found
    stage_variables = dict(stage.stage_variables or {})
    raw_path = request.stage_path or "/"
    context = payloads.http_context_v2(request, route.route_key, raw_path)
    auth_type = (route.authorization_type or "NONE").upper()
    if auth_type in ("JWT", "CUSTOM"):
        authorizer = api.authorizers.get(route.authorizer_id or "")
        if authorizer is None:
            raise IntegrationFailure(500, "Internal Server Error")
        context["authorizer"] = authorizers.authorize(
            authorizer, route, request, path_params, stage_variables, context
        )
    target = route.target or ""
    integration = (
        api.integrations.get(target.split("/", 1)[1]) if target.startswith("integrations/") else None
    )
    if integration is None:
        raise IntegrationFailure(500, "Internal Server Error")
    kind = (integration.integration_type or "").upper()
    if kind == "AWS_PROXY":
        arn = function_arn_of(_stage_vars(integration.integration_uri or "", stage_variables))
        if arn is None:
            raise IntegrationFailure(500, "Internal Server Error")
        if (integration.payload_format_version or "2.0") == "1.0":
            template = route.route_key.partition(" ")[2] if " " in route.route_key else route.route_key
            event = payloads.event_v1(request, template, path_params, stage_variables, context)
            event["version"] = "1.0"
            return payloads.response_v1(invoke_function(arn, event), request, ["*/*"])
        event = payloads.event_v2(request, route.route_key, raw_path, path_params, stage_variables, context)
        return payloads.response_v2(invoke_function(arn, event))
    if kind == "HTTP_PROXY":
        return _http_proxy(request, integration, path_params, stage_variables)
    raise IntegrationFailure(500, "Internal Server Error")


def _http_proxy(request: ApiRequest, integration: Any, path_params: dict, stage_variables: dict) -> Response:
    url = _stage_vars(integration.integration_uri or "", stage_variables)
    for name, value in path_params.items():
        url = url.replace("{" + name + "+}", value).replace("{" + name + "}", value)
    if request.query_string:
        url += ("&" if "?" in url else "?") + request.query_string
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
    method = (integration.integration_method or "ANY").upper()
    timeout = (integration.timeout_in_millis or 30000) / 1000
    status, response_headers, body = http_client.call(
        request.method if method == "ANY" else method, url, headers, request.body, timeout
    )
    return api_response(body, status, response_headers)


def _stage_vars(text: str, stage_variables: dict[str, str]) -> str:
    for name, value in stage_variables.items():
        text = text.replace("${stageVariables." + name + "}", value)
    return text
