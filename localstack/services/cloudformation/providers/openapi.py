"""A RestApi's Body (Swagger 2.0 or OpenAPI 3, as SAM and CDK's SpecRestApi write them) made into
resources, methods and integrations through API Gateway's own API. (An HTTP API's Body is apigatewayv2's
ImportApi: services/apigatewayv2/openapi_import.py.)"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_PARAMETER_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}


def _method_name(key: str) -> str | None:
    if key == "x-amazon-apigateway-any-method":
        return "ANY"
    return key.upper() if key in _HTTP_METHODS else None


def import_document(apigw: Any, api_id: str, document: dict[str, Any]) -> None:
    """Add every path, method and integration of `document` to the API `api_id`."""
    resources = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api_id, limit=500)["items"]}
    base = (document.get("basePath") or "").rstrip("/")
    for path, item in (document.get("paths") or {}).items():
        full = f"{base}{path}" if base and base != "/" else path
        resource_id = _ensure_resource(apigw, api_id, resources, full.rstrip("/") or "/")
        for key, operation in (item or {}).items():
            method = _method_name(key)
            if method is not None and isinstance(operation, dict):
                _put_method(apigw, api_id, resource_id, method, operation)


def _ensure_resource(apigw: Any, api_id: str, resources: dict[str, str], path: str) -> str:
    if path in resources:
        return resources[path]
    parent_path, _, part = path.rpartition("/")
    parent = _ensure_resource(apigw, api_id, resources, parent_path or "/")
    created = apigw.create_resource(restApiId=api_id, parentId=parent, pathPart=part)
    resources[path] = created["id"]
    return created["id"]


def _put_method(apigw: Any, api_id: str, resource_id: str, method: str, operation: dict[str, Any]) -> None:
    parameters = {}
    for parameter in operation.get("parameters") or []:
        location = _PARAMETER_LOCATIONS.get(parameter.get("in", ""))
        if location and parameter.get("name"):
            parameters[f"method.request.{location}.{parameter['name']}"] = bool(
                parameter.get("required", False)
            )
    args: dict[str, Any] = {
        "restApiId": api_id,
        "resourceId": resource_id,
        "httpMethod": method,
        "authorizationType": "NONE",
    }
    if parameters:
        args["requestParameters"] = parameters
    if operation.get("operationId"):
        args["operationName"] = operation["operationId"]
    try:
        apigw.put_method(**args)
    except ClientError as error:
        # The document's method replaces one the API already has (API Gateway refuses a second one).
        if error.response["Error"]["Code"] != "ConflictException":
            raise
        apigw.delete_method(restApiId=api_id, resourceId=resource_id, httpMethod=method)
        apigw.put_method(**args)
    for status in operation.get("responses") or {}:
        if str(status).isdigit():
            apigw.put_method_response(
                restApiId=api_id, resourceId=resource_id, httpMethod=method, statusCode=str(status)
            )
    integration = operation.get("x-amazon-apigateway-integration")
    if not isinstance(integration, dict):
        return
    kind = str(integration.get("type", "mock")).upper()
    extra: dict[str, Any] = {}
    for source, target in (
        ("uri", "uri"),
        ("requestTemplates", "requestTemplates"),
        ("requestParameters", "requestParameters"),
        ("passthroughBehavior", "passthroughBehavior"),
        ("contentHandling", "contentHandling"),
        ("credentials", "credentials"),
        ("connectionType", "connectionType"),
        ("connectionId", "connectionId"),
    ):
        if integration.get(source) is not None:
            extra[target] = integration[source]
    if integration.get("httpMethod"):
        extra["integrationHttpMethod"] = str(integration["httpMethod"]).upper()
    elif kind != "MOCK":
        extra["integrationHttpMethod"] = "POST"
    if integration.get("timeoutInMillis") is not None:
        extra["timeoutInMillis"] = int(integration["timeoutInMillis"])
    if isinstance(extra.get("passthroughBehavior"), str):
        extra["passthroughBehavior"] = extra["passthroughBehavior"].upper()
    apigw.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type=kind, **extra)
    for pattern, response in (integration.get("responses") or {}).items():
        if not isinstance(response, dict) or "statusCode" not in response:
            continue
        status = str(response["statusCode"])
        if status.isdigit() and str(status) not in {str(s) for s in operation.get("responses") or {}}:
            apigw.put_method_response(
                restApiId=api_id, resourceId=resource_id, httpMethod=method, statusCode=status
            )
        response_args: dict[str, Any] = {}
        if pattern != "default":
            response_args["selectionPattern"] = pattern
        for key in ("responseTemplates", "responseParameters", "contentHandling"):
            if response.get(key) is not None:
                response_args[key] = response[key]
        apigw.put_integration_response(
            restApiId=api_id, resourceId=resource_id, httpMethod=method, statusCode=status, **response_args
        )


def clear(apigw: Any, api_id: str) -> None:
    """Remove every resource below the root, and the root's methods, before a new document."""
    items = apigw.get_resources(restApiId=api_id, limit=500)["items"]
    for item in sorted(items, key=lambda r: -len(r["path"])):
        if item["path"] == "/":
            for method in item.get("resourceMethods") or {}:
                apigw.delete_method(restApiId=api_id, resourceId=item["id"], httpMethod=method)
        elif item["path"].count("/") == 1:
            apigw.delete_resource(restApiId=api_id, resourceId=item["id"])
