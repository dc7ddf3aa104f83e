"""Hooks around the apigateway backend: calls of deployed APIs (REST, and HTTP APIs of apigatewayv2)
are answered here; every other request is the API Gateway API, answered by moto."""

from __future__ import annotations

import json
import re
from typing import Any

from localstack.services.apigateway import method_updates, resource_updates, validation
from localstack.services.apigateway.api_request import EXECUTE_API_HOST, USER_REQUEST_PATH, ApiRequest
from localstack.services.apigateway.lambda_invoke import api_response
from localstack.services.apigateway.lookup import callers_rest_api
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.request_checks.models import match_rest_operation, service_model
from localstack.utils.http import Request, Response, json_response


class ApigatewayListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        request = invocation_of(method, path, data, headers)
        if request is None:
            if method == "PATCH" and (match := RESOURCE.match(path.partition("?")[0])):
                return _update_resource(match.group(1), match.group(2), data, headers)
            if method == "PATCH" and (match := METHOD_PART.match(path.partition("?")[0])):
                return _update_method_part(match, data, headers)
            if method == "PUT" and PUT_REST_API.match(path.partition("?")[0]):
                _check_api_definition(data)
            account = request_context.account_and_region(headers)[0]
            validation.check(method, path, data, lambda api_id: callers_rest_api(headers, api_id), account)
            if method == "PATCH":
                return _with_patch_operations(method, path, data, headers)
            return True
        return invoke(request)

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        """An API call that creates or deletes answers its model's status (CreateModel 201, DeleteModel
        and DeleteRestApi 202, as recorded); moto answers several with 200."""
        if response.status_code != 200 or method not in ("POST", "PUT", "DELETE"):
            return None
        if EXECUTE_API_HOST.match(headers.get("Host") or "") or USER_REQUEST_PATH.match(
            path.partition("?")[0]
        ):
            return None
        matched = match_rest_operation("apigateway", method, path, headers)
        if matched is None:
            return None
        status = service_model("apigateway").operation_model(matched[0]).http.get("responseCode")
        if status in (201, 202):
            response.status_code = status
            return response
        return None


PUT_REST_API = re.compile(r"^/restapis/[^/]+/?$")
RESOURCE = re.compile(r"^/restapis/([^/]+)/resources/([^/]+)/?$")


def _update_resource(api_id: str, resource_id: str, data: bytes, headers: Any) -> ForwardResult:
    """UpdateResource, which moto lacks (resource_updates.py)."""
    api = callers_rest_api(headers, api_id)
    if api is None:
        account = request_context.account_and_region(headers)[0]
        raise AWSError("NotFoundException", f"Invalid API identifier specified {account}:{api_id}", 404)
    try:
        body = json.loads(data) if data.strip() else {}
    except ValueError:
        body = {}
    operations = body.get("patchOperations") if isinstance(body, dict) else None
    answer = resource_updates.update(api, resource_id, operations if isinstance(operations, list) else [])
    return json_response(answer)


METHOD_PART = re.compile(
    r"^/restapis/([^/]+)/resources/([^/]+)/methods/([^/]+)(/integration)?(?:/responses/([^/]+))?/?$"
)


def _not_found(what: str) -> AWSError:
    return AWSError("NotFoundException", f"Invalid {what} specified", 404)


def _update_method_part(match: re.Match, data: bytes, headers: Any) -> ForwardResult:
    """UpdateMethod, UpdateIntegration, UpdateMethodResponse, UpdateIntegrationResponse, which moto
    lacks (method_updates.py)."""
    api_id, resource_id, verb, integration, status = match.groups()
    api = callers_rest_api(headers, api_id)
    if api is None:
        account = request_context.account_and_region(headers)[0]
        raise AWSError("NotFoundException", f"Invalid API identifier specified {account}:{api_id}", 404)
    resource = api.resources.get(resource_id)
    if resource is None:
        raise _not_found("Resource identifier")
    target = resource.resource_methods.get(verb)
    if target is None:
        raise _not_found("Method identifier")
    fields = method_updates.METHOD_FIELDS
    if integration:
        target = target.method_integration
        if target is None:
            raise _not_found("Integration identifier")
        fields = method_updates.INTEGRATION_FIELDS
        if status is not None:
            target = (target.integration_responses or {}).get(status)
            if target is None:
                raise _not_found("Response status code")
            fields = method_updates.INTEGRATION_RESPONSE_FIELDS
    elif status is not None:
        target = target.method_responses.get(status)
        if target is None:
            raise _not_found("Response status code")
        fields = method_updates.METHOD_RESPONSE_FIELDS
    try:
        body = json.loads(data) if data.strip() else {}
    except ValueError:
        body = {}
    operations = body.get("patchOperations") if isinstance(body, dict) else None
    method_updates.apply(target, fields, operations if isinstance(operations, list) else [])
    answer = {k: v for k, v in target.to_json().items() if v is not None}
    if getattr(target, "connection_id", None):
        answer["connectionId"] = target.connection_id
    return json_response(answer)


def _check_api_definition(data: bytes) -> None:
    """PutRestApi's body is an OpenAPI or Swagger document (JSON or YAML); moto crashed on anything
    that does not read as a document."""
    import yaml

    try:
        document = json.loads(data) if data.lstrip()[:1] == b"{" else yaml.safe_load(data)
    except (ValueError, yaml.YAMLError):
        document = None
    if not isinstance(document, dict):
        raise AWSError("BadRequestException", "Invalid OpenAPI input.")


PATCH_OPS = ("add", "remove", "move", "test", "replace", "copy")


def _with_patch_operations(method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
    """Every patch operation of an Update call names a JSON-patch op, as API Gateway checks before it
    applies any; an Update with no operations changes nothing (moto crashed on both)."""
    try:
        body = json.loads(data) if data.strip() else {}
    except ValueError:
        return True
    if not isinstance(body, dict):
        return True
    operations = body.get("patchOperations")
    if operations is None:
        body["patchOperations"] = []
        return Request(method, path, json.dumps(body).encode(), headers)
    for operation in operations if isinstance(operations, list) else ():
        if not isinstance(operation, dict) or operation.get("op") not in PATCH_OPS:
            raise AWSError(
                "BadRequestException",
                f"Invalid patch operation specified. Must be one of: [{', '.join(PATCH_OPS)}]",
            )
    return True


def invocation_of(method: str, path: str, data: bytes, headers: Any) -> ApiRequest | None:
    """The API call this request is, if it is one: by `<id>.execute-api.` host or `_user_request_` path."""
    raw_path, _, query = path.partition("?")
    host = headers.get("Host") or ""
    match = EXECUTE_API_HOST.match(host)
    forwarded = (headers.get("X-Forwarded-For") or "").split(",")[0].strip()
    if match:
        request = ApiRequest(match.group(1), method, raw_path, query, headers, data)
        request.domain_name = host.split(":", 1)[0]
    else:
        match = USER_REQUEST_PATH.match(raw_path)
        if not match:
            return None
        stage_path = f"/{match.group(2)}{match.group(3) or '/'}"
        request = ApiRequest(match.group(1), method, stage_path, query, headers, data)
        request.domain_name = f"{match.group(1)}.execute-api.localhost.localstack.cloud"
    request.source_ip = forwarded or "127.0.0.1"
    return request


def invoke(request: ApiRequest) -> Any:
    from localstack.services.apigateway.lookup import find_http_api, find_rest_api
    from localstack.services.apigateway.rest_invoke import invoke_rest_api

    found = find_rest_api(request.api_id)
    if found is not None:
        request.account_id, request.region, api = found
        request.split_stage()
        return invoke_rest_api(request, api)
    try:
        found = find_http_api(request.api_id)
    except ImportError:
        found = None
    if found is not None:
        from localstack.services.apigatewayv2.http_api import invoke_http_api

        request.account_id, request.region, api = found
        return invoke_http_api(request, api)
    return api_response({"message": "Not Found"}, 404)
