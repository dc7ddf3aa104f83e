"""The integrations of REST API methods: AWS_PROXY, AWS (Lambda and other services), HTTP,
HTTP_PROXY and MOCK, with request and response mapping templates and parameter mappings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.apigateway import http_client, payloads
from localstack.services.apigateway.api_request import ApiRequest, first_values
from localstack.services.apigateway.lambda_invoke import (
    IntegrationFailure,
    api_response,
    function_arn_of,
    invoke_function,
)
from localstack.services.apigateway.templates import json_path, render_template


@dataclass
class Invocation:
    """Everything an integration needs about the call being answered."""

    request: ApiRequest
    api: Any
    method: Any
    resource_path: str
    path_params: dict[str, str]
    stage_variables: dict[str, str]
    context: dict  # requestContext of the proxy event, $context of templates
    params: dict = field(default_factory=dict)  # $input.params(): path, querystring, header


def integrate(invocation: Invocation) -> Response:
    integration = invocation.method.method_integration
    if integration is None:
        raise IntegrationFailure(500, "Internal server error")
    kind = (integration.integration_type or "").upper()
    if kind == "AWS_PROXY":
        return _lambda_proxy(invocation, integration)
    if kind == "HTTP_PROXY":
        return _http_proxy(invocation, integration)
    if kind == "MOCK":
        return _mock(invocation, integration)
    if kind in ("AWS", "HTTP"):
        return _mapped(invocation, integration, kind)
    raise IntegrationFailure(500, "Internal server error")


def _lambda_proxy(invocation: Invocation, integration: Any) -> Response:
    arn = function_arn_of(_with_stage_variables(integration.uri or "", invocation.stage_variables))
    if arn is None:
        raise IntegrationFailure(500, "Internal server error")
    event = payloads.event_v1(
        invocation.request,
        invocation.resource_path,
        invocation.path_params,
        invocation.stage_variables,
        invocation.context,
        invocation.api.binaryMediaTypes or [],
    )
    result = invoke_function(arn, event)
    return payloads.response_v1(result, invocation.request, invocation.api.binaryMediaTypes or [])


def _http_proxy(invocation: Invocation, integration: Any) -> Response:
    request = invocation.request
    url, headers, query = _mapped_parameters(invocation, integration)
    out_headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
    out_headers.update(headers)
    url = _append_query(url, request.query_string, query)
    status, response_headers, body = http_client.call(
        _method(integration, request), url, out_headers, request.body, _timeout(integration)
    )
    return api_response(body, status, response_headers)


def _mock(invocation: Invocation, integration: Any) -> Response:
    body = _request_body(invocation, integration)
    try:
        status = str(int(json.loads(body or "{}").get("statusCode", 200)))
    except (ValueError, AttributeError, TypeError):
        raise IntegrationFailure(500, "Internal server error") from None
    return _integration_response(invocation, integration, status, b"", {})


def _mapped(invocation: Invocation, integration: Any, kind: str) -> Response:
    body = _request_body(invocation, integration).encode("utf-8")
    if kind == "HTTP":
        request = invocation.request
        url, headers, query = _mapped_parameters(invocation, integration)
        headers.setdefault("Content-Type", request.headers.get("Content-Type") or "application/json")
        url = _append_query(url, "", query)
        status, response_headers, response_body = http_client.call(
            _method(integration, request), url, headers, body, _timeout(integration)
        )
        selector = str(status)
        return _integration_response(invocation, integration, selector, response_body, dict(response_headers))
    arn = function_arn_of(_with_stage_variables(integration.uri or "", invocation.stage_variables))
    if arn is not None:
        result = invoke_function(arn, body)
        selector = ""
        if result.function_error:
            try:
                selector = str(result.json().get("errorMessage") or "")
            except (ValueError, AttributeError):
                selector = result.payload.decode("utf-8", "replace")
        return _integration_response(invocation, integration, selector, result.payload, {}, lambda_error=True)
    from localstack.services.apigateway.service_integration import call_service

    status, headers, response_body = call_service(invocation, integration, body)
    return _integration_response(invocation, integration, str(status), response_body, headers)


def _integration_response(
    invocation: Invocation,
    integration: Any,
    selector: str,
    body: bytes,
    headers: dict,
    lambda_error: bool = False,
) -> Response:
    """Select the integration response (selection pattern against the status or Lambda error
    message), then map its status, headers and body."""
    responses = integration.integration_responses or {}
    chosen = None
    default = None
    for response in responses.values():
        pattern = response.selection_pattern
        if not pattern:
            default = default or response
        elif (selector or lambda_error is False) and re.fullmatch(pattern, selector, re.DOTALL):
            chosen = response
            break
    if chosen is None and not lambda_error and selector in responses:
        chosen = responses[selector]
    chosen = chosen or default
    if chosen is None:
        raise IntegrationFailure(500, "Internal server error")
    out_headers: dict[str, str] = {}
    document: Any = ...
    for target, source in (chosen.response_parameters or {}).items():
        if not target.startswith("method.response.header."):
            continue
        name = target[len("method.response.header.") :]
        value: Any = None
        if source.startswith("'") and source.endswith("'"):
            value = source[1:-1]
        elif source.startswith("integration.response.header."):
            wanted = source[len("integration.response.header.") :].lower()
            value = next((v for k, v in headers.items() if k.lower() == wanted), None)
        elif source.startswith("integration.response.body"):
            if document is ...:
                try:
                    document = json.loads(body or b"null")
                except ValueError:
                    document = None
            path = source[len("integration.response.body") :]
            value = json_path(document, "$" + path) if path else body.decode("utf-8", "replace")
            if value is not None and not isinstance(value, str):
                value = json.dumps(value)
        if value is not None:
            out_headers[name] = value
    templates = chosen.response_templates or {}
    template = templates.get("application/json") or next((t for t in templates.values() if t), None)
    out_body: bytes | str = body
    if template:
        out_body = render_template(
            template, body, invocation.params, invocation.context, invocation.stage_variables
        )
    content_type = None if any(k.lower() == "content-type" for k in out_headers) else "application/json"
    return api_response(out_body, int(chosen.status_code), out_headers, content_type)


def _request_body(invocation: Invocation, integration: Any) -> str:
    """The request template for the request's content type, or the body passed through, or 415."""
    request = invocation.request
    templates = {k.lower(): v for k, v in (integration.request_templates or {}).items()}
    content_type = (request.headers.get("Content-Type") or "application/json").split(";")[0].strip().lower()
    template = templates.get(content_type)
    behavior = (integration.passthrough_behaviour or "WHEN_NO_MATCH").upper()
    if content_type not in templates:
        if behavior == "NEVER" or (behavior == "WHEN_NO_TEMPLATES" and templates):
            raise IntegrationFailure(415, "Unsupported Media Type")
        return request.body.decode("utf-8", "replace")
    if not template:
        return request.body.decode("utf-8", "replace")
    return render_template(
        template, request.body, invocation.params, invocation.context, invocation.stage_variables
    )


def _mapped_parameters(
    invocation: Invocation, integration: Any
) -> tuple[str, dict[str, str], dict[str, str]]:
    """requestParameters applied: the URI with its path parameters, headers, query string."""
    request = invocation.request
    query = first_values(request.multi_query()) or {}
    sources = {
        "method.request.path.": invocation.path_params,
        "method.request.querystring.": query,
        "method.request.header.": {k.lower(): v for k, v in request.headers.items()},
        "stageVariables.": invocation.stage_variables,
        "context.": {k: v for k, v in invocation.context.items() if isinstance(v, str)},
    }
    path_values: dict[str, str] = dict(invocation.path_params)  # {proxy} works without a mapping too
    headers: dict[str, str] = {}
    out_query: dict[str, str] = {}
    for target, source in (integration.request_parameters or {}).items():
        value: str | None = None
        if source.startswith("'") and source.endswith("'"):
            value = source[1:-1]
        else:
            for prefix, values in sources.items():
                if source.startswith(prefix):
                    name = source[len(prefix) :]
                    value = values.get(name.lower() if prefix == "method.request.header." else name)
        if value is None:
            continue
        if target.startswith("integration.request.path."):
            path_values[target[len("integration.request.path.") :]] = value
        elif target.startswith("integration.request.header."):
            headers[target[len("integration.request.header.") :]] = value
        elif target.startswith("integration.request.querystring."):
            out_query[target[len("integration.request.querystring.") :]] = value
    url = _with_stage_variables(integration.uri or "", invocation.stage_variables)
    for name, value in path_values.items():
        url = url.replace("{" + name + "+}", value).replace("{" + name + "}", value)
    return url, headers, out_query


def _append_query(url: str, raw_query: str, extra: dict[str, str]) -> str:
    from urllib.parse import urlencode

    parts = [part for part in (raw_query, urlencode(extra) if extra else "") if part]
    if not parts:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(parts)


def _with_stage_variables(text: str, stage_variables: dict[str, str]) -> str:
    for name, value in (stage_variables or {}).items():
        text = text.replace("${stageVariables." + name + "}", value)
    return text


def _method(integration: Any, request: ApiRequest) -> str:
    method = (integration.http_method or "ANY").upper()
    return request.method if method == "ANY" else method


def _timeout(integration: Any) -> float:
    try:
        return int(integration.timeout_in_millis or 29000) / 1000
    except (TypeError, ValueError):
        return 29.0
