"""ImportApi and ReimportApi: an HTTP API made from an OpenAPI document (info for its name, version and
description, a route per path and method, an integration per x-amazon-apigateway-integration, an
authorizer per security scheme with x-amazon-apigateway-authorizer), built
through apigatewayv2's own API. CloudFormation's AWS::ApiGatewayV2::Api with a Body uses it too."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import yaml

from localstack.utils.aws.errors import AWSError

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
INVALID_BODY = "Invalid OpenAPI input."

# x-amazon-apigateway-integration's keys and the CreateIntegration parameters they set.
_HTTP_INTEGRATION_KEYS = {
    "uri": "IntegrationUri",
    "httpMethod": "IntegrationMethod",
    "payloadFormatVersion": "PayloadFormatVersion",
    "connectionType": "ConnectionType",
    "connectionId": "ConnectionId",
    "credentials": "CredentialsArn",
    "timeoutInMillis": "TimeoutInMillis",
}


def _method_name(key: str) -> str | None:
    if key == "x-amazon-apigateway-any-method":
        return "ANY"
    return key.upper() if key in _HTTP_METHODS else None


def parse_document(body: Any) -> dict[str, Any]:
    """The OpenAPI document of an ImportApi body (JSON or YAML text, or already a mapping);
    BadRequestException when it is not an OpenAPI 3 or Swagger 2 document with paths."""
    document = body
    if isinstance(body, (str, bytes)):
        try:
            document = yaml.safe_load(body)
        except yaml.YAMLError:
            raise AWSError("BadRequestException", INVALID_BODY, 400) from None
    if not isinstance(document, dict) or not ("openapi" in document or "swagger" in document):
        raise AWSError("BadRequestException", INVALID_BODY, 400)
    paths = document.get("paths") or {}
    if not isinstance(paths, dict) or not isinstance(document.get("info") or {}, dict):
        raise AWSError("BadRequestException", INVALID_BODY, 400)
    if any(not isinstance(item or {}, dict) for item in paths.values()):
        raise AWSError("BadRequestException", INVALID_BODY, 400)
    return document


_CORS_KEYS = ("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials")
# HTTP APIs integrate with Lambda proxy and HTTP proxy only: another type is an import warning.
_SUPPORTED_TYPES = ("AWS_PROXY", "HTTP_PROXY")


def with_base_path(document: dict[str, Any], mode: str | None) -> dict[str, Any]:
    """The document with its base path (servers[0]'s basePath variable, or its URL's path) put before
    every path (`prepend`), all but its first segment (`split`), or left out (`ignore`, the default)."""
    mode = (mode or "ignore").lower()
    if mode not in ("ignore", "prepend", "split"):
        raise AWSError("BadRequestException", f"Invalid basepath value: {mode}", 400)
    servers = document.get("servers") or []
    server = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], dict) else {}
    variable = ((server.get("variables") or {}).get("basePath") or {}).get("default")
    base = str(variable) if variable is not None else urlsplit(str(server.get("url") or "")).path
    segments = [part for part in base.split("/") if part]
    if mode == "split":
        segments = segments[1:]
    if mode == "ignore" or not segments:
        return document
    prefix = "/" + "/".join(segments)
    paths = {
        path if path == "$default" else prefix + ("" if path == "/" else path): item
        for path, item in (document.get("paths") or {}).items()
    }
    return {**document, "paths": paths}


def _api_args(document: dict[str, Any]) -> dict[str, Any]:
    info = document.get("info") or {}
    args: dict[str, Any] = {"Name": str(info.get("title") or "api")}
    if info.get("version") is not None:
        args["Version"] = str(info["version"])
    if info.get("description"):
        args["Description"] = str(info["description"])
    cors = document.get("x-amazon-apigateway-cors")
    if isinstance(cors, dict):
        args["CorsConfiguration"] = {
            key[:1].upper() + key[1:]: cors[key] for key in _CORS_KEYS if key in cors
        }
    return args


def warnings_of(document: dict[str, Any]) -> list[str]:
    """What an import leaves out: integrations of a type HTTP APIs do not have."""
    found = []
    for path, item in (document.get("paths") or {}).items():
        for key, operation in (item or {}).items() if isinstance(item, dict) else ():
            integration = (
                operation.get("x-amazon-apigateway-integration") if isinstance(operation, dict) else None
            )
            if _method_name(key) is None or not isinstance(integration, dict):
                continue
            kind = str(integration.get("type", "aws_proxy")).upper()
            if kind not in _SUPPORTED_TYPES:
                found.append(
                    f"Unsupported integration type '{kind}' for {key.upper()} {path}: "
                    "HTTP APIs support only AWS_PROXY and HTTP_PROXY integrations. Ignoring."
                )
    return found


def import_http_api(apigw: Any, document: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    """An HTTP API made from an OpenAPI document: named by info.title, tagged by its tags, with a route
    per path and method (the $default path is the $default route) to the integration it names."""
    args = {**_api_args(document), "ProtocolType": "HTTP"}
    for tag in document.get("tags") or []:
        if isinstance(tag, dict) and "x-amazon-apigateway-tag-value" in tag:
            tags = {str(tag.get("name")): str(tag["x-amazon-apigateway-tag-value"]), **tags}
    if tags:
        args["Tags"] = tags
    api = apigw.create_api(**args)
    try:
        _build_routes(apigw, api["ApiId"], document)
    except Exception:
        # A failed import leaves nothing behind, as on AWS.
        apigw.delete_api(ApiId=api["ApiId"])
        raise
    return api


def reimport_http_api(apigw: Any, api_id: str, document: dict[str, Any]) -> dict[str, Any]:
    """The API's routes and integrations replaced by the document's; its name, version and
    description taken from the document's info."""
    apigw.get_api(ApiId=api_id)  # NotFoundException first, before anything changes
    for route in apigw.get_routes(ApiId=api_id).get("Items", []):
        apigw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    for integration in apigw.get_integrations(ApiId=api_id).get("Items", []):
        apigw.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    for authorizer in apigw.get_authorizers(ApiId=api_id).get("Items", []):
        apigw.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])
    apigw.update_api(ApiId=api_id, **_api_args(document))
    _build_routes(apigw, api_id, document)
    return apigw.get_api(ApiId=api_id)


# x-amazon-apigateway-authorizer's keys and the CreateAuthorizer parameters they set.
_AUTHORIZER_KEYS = {
    "authorizerUri": "AuthorizerUri",
    "authorizerCredentials": "AuthorizerCredentialsArn",
    "authorizerPayloadFormatVersion": "AuthorizerPayloadFormatVersion",
    "authorizerResultTtlInSeconds": "AuthorizerResultTtlInSeconds",
    "enableSimpleResponses": "EnableSimpleResponses",
    "identityValidationExpression": "IdentityValidationExpression",
}


def _build_authorizers(apigw: Any, api_id: str, document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The document's security schemes with an x-amazon-apigateway-authorizer, made into authorizers:
    scheme name -> (authorizer id, the routes' AuthorizationType)."""
    schemes = ((document.get("components") or {}).get("securitySchemes")) or {}
    made: dict[str, tuple[str, str]] = {}
    for name, scheme in schemes.items() if isinstance(schemes, dict) else ():
        extension = scheme.get("x-amazon-apigateway-authorizer") if isinstance(scheme, dict) else None
        if not isinstance(extension, dict):
            continue
        kind = str(extension.get("type", "")).upper()
        args: dict[str, Any] = {"ApiId": api_id, "Name": str(name)}
        source = extension.get("identitySource")
        if isinstance(source, str):
            source = [part.strip() for part in source.split(",") if part.strip()]
        if source:
            args["IdentitySource"] = source
        if kind == "JWT":
            jwt = extension.get("jwtConfiguration") or {}
            args["AuthorizerType"] = "JWT"
            args["JwtConfiguration"] = {
                key[0].upper() + key[1:]: value for key, value in jwt.items() if key in ("audience", "issuer")
            }
            routes_type = "JWT"
        elif kind == "REQUEST":
            args["AuthorizerType"] = "REQUEST"
            args.update(
                {param: extension[key] for key, param in _AUTHORIZER_KEYS.items() if key in extension}
            )
            routes_type = "CUSTOM"
        else:
            continue
        made[str(name)] = (apigw.create_authorizer(**args)["AuthorizerId"], routes_type)
    return made


def _route_auth(
    operation: dict[str, Any], document: dict[str, Any], authorizers: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    """The route's authorizer: the first of its (or the document's) security requirements that names one."""
    security = operation.get("security", document.get("security")) or []
    for requirement in security if isinstance(security, list) else ():
        for name, scopes in (requirement or {}).items() if isinstance(requirement, dict) else ():
            if name in authorizers:
                authorizer_id, kind = authorizers[name]
                auth: dict[str, Any] = {"AuthorizationType": kind, "AuthorizerId": authorizer_id}
                if kind == "JWT" and scopes:
                    auth["AuthorizationScopes"] = list(scopes)
                return auth
    return {}


def _build_routes(apigw: Any, api_id: str, document: dict[str, Any]) -> None:
    authorizers = _build_authorizers(apigw, api_id, document)
    for path, item in (document.get("paths") or {}).items():
        for key, operation in (item or {}).items():
            method = _method_name(key)
            if method is None or not isinstance(operation, dict):
                continue
            route: dict[str, Any] = {
                "ApiId": api_id,
                "RouteKey": "$default" if path == "$default" else f"{method} {path}",
                **_route_auth(operation, document, authorizers),
            }
            integration = operation.get("x-amazon-apigateway-integration")
            kind = (
                str(integration.get("type", "aws_proxy")).upper() if isinstance(integration, dict) else None
            )
            if isinstance(integration, dict) and kind in _SUPPORTED_TYPES:
                made = apigw.create_integration(
                    ApiId=api_id,
                    IntegrationType=kind,
                    **{
                        name: integration[key]
                        for key, name in _HTTP_INTEGRATION_KEYS.items()
                        if key in integration
                    },
                )
                route["Target"] = f"integrations/{made['IntegrationId']}"
            apigw.create_route(**route)


def wire_api(api: dict[str, Any]) -> dict[str, Any]:
    """A GetApi answer as boto3 parsed it, back in apigatewayv2's wire form (camelCase members,
    ISO dates); tag keys and values are the user's and stay as they are."""

    def convert(value: Any, keep_keys: bool = False) -> Any:
        if isinstance(value, dict):
            return {
                (key if keep_keys else key[:1].lower() + key[1:]): convert(item, key == "Tags")
                for key, item in value.items()
                if key != "ResponseMetadata"
            }
        if isinstance(value, list):
            return [convert(item) for item in value]
        if hasattr(value, "isoformat"):
            return value.isoformat().replace("+00:00", "Z")
        return value

    return convert(api)


def request_body(data: bytes) -> Any:
    """The `body` member of an ImportApi/ReimportApi request."""
    try:
        payload = json.loads(data or b"{}")
    except ValueError:
        raise AWSError("BadRequestException", INVALID_BODY, 400) from None
    body = payload.get("body") if isinstance(payload, dict) else None
    if body is None:
        raise AWSError("BadRequestException", "Body is required", 400)
    return body
