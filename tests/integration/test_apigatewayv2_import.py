"""apigatewayv2 ImportApi and ReimportApi: an HTTP API from an OpenAPI document (name, version,
routes and Lambda proxy integrations), replaced by a new document; bad bodies are BadRequestException."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:imported/invocations"
)


def _document(title: str, paths: dict[str, Any]) -> str:
    return json.dumps({"openapi": "3.0.1", "info": {"title": title, "version": "1.0"}, "paths": paths})


def _proxy() -> dict[str, Any]:
    return {
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy",
            "httpMethod": "POST",
            "uri": LAMBDA_URI,
            "payloadFormatVersion": "2.0",
        }
    }


@pytest.fixture
def v2(aws_client: Any) -> Any:
    return aws_client("apigatewayv2")


def test_import_then_reimport(v2, cleanup):
    body = _document("imported-api", {"/items/{id}": {"get": _proxy()}, "/items": {"post": _proxy()}})
    api = v2.import_api(Body=body)
    cleanup.append(lambda: v2.delete_api(ApiId=api["ApiId"]))
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["Name"] == "imported-api"
    assert api["ProtocolType"] == "HTTP"
    assert api["Version"] == "1.0"
    assert api["ApiEndpoint"]
    assert "CreatedDate" in api
    routes = {route["RouteKey"]: route for route in v2.get_routes(ApiId=api["ApiId"])["Items"]}
    assert set(routes) == {"GET /items/{id}", "POST /items"}
    integration_id = routes["GET /items/{id}"]["Target"].removeprefix("integrations/")
    integration = v2.get_integration(ApiId=api["ApiId"], IntegrationId=integration_id)
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["IntegrationUri"] == LAMBDA_URI
    assert integration["PayloadFormatVersion"] == "2.0"

    again = v2.reimport_api(ApiId=api["ApiId"], Body=_document("renamed", {"/other": {"put": _proxy()}}))
    assert again["ApiId"] == api["ApiId"] and again["Name"] == "renamed"
    assert [route["RouteKey"] for route in v2.get_routes(ApiId=api["ApiId"])["Items"]] == ["PUT /other"]
    assert len(v2.get_integrations(ApiId=api["ApiId"])["Items"]) == 1


@pytest.mark.parametrize("body", ["{not json", '"a string"', json.dumps({"info": {"title": "x"}}), "[]"])
def test_bad_body_is_bad_request(v2, body):
    with pytest.raises(ClientError) as error:
        v2.import_api(Body=body)
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_reimport_of_unknown_api(v2):
    with pytest.raises(ClientError) as error:
        v2.reimport_api(ApiId="nope123", Body=_document("x", {}))
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_cors_and_unsupported_integration_warnings(v2, cleanup):
    document = {
        "openapi": "3.0.1",
        "info": {"title": "cors-api", "version": "2"},
        "x-amazon-apigateway-cors": {
            "allowOrigins": ["https://example.com"],
            "allowMethods": ["GET"],
            "maxAge": 60,
        },
        "paths": {
            "/ok": {"get": _proxy()},
            "/mock": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
        },
    }
    with pytest.raises(ClientError) as error:
        v2.import_api(Body=json.dumps(document), FailOnWarnings=True)
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    assert "MOCK" in error.value.response["Error"]["Message"]
    assert not [api for api in v2.get_apis()["Items"] if api["Name"] == "cors-api"]

    api = v2.import_api(Body=json.dumps(document))
    cleanup.append(lambda: v2.delete_api(ApiId=api["ApiId"]))
    assert api["Warnings"] and "MOCK" in api["Warnings"][0]
    assert api["CorsConfiguration"]["AllowOrigins"] == ["https://example.com"]
    assert api["CorsConfiguration"]["MaxAge"] == 60
    routes = {route["RouteKey"]: route for route in v2.get_routes(ApiId=api["ApiId"])["Items"]}
    assert set(routes) == {"GET /ok", "GET /mock"}
    assert "Target" not in routes["GET /mock"]
    assert len(v2.get_integrations(ApiId=api["ApiId"])["Items"]) == 1


def test_bad_path_item_is_bad_request(v2):
    with pytest.raises(ClientError) as error:
        v2.import_api(Body=json.dumps({"openapi": "3.0.1", "info": {"title": "x"}, "paths": {"/a": [1]}}))
    assert error.value.response["Error"]["Code"] == "BadRequestException"


def test_authorizers_from_security_schemes(v2, cleanup):
    """SAM's HttpApi Auth writes securitySchemes with x-amazon-apigateway-authorizer and per-operation
    security: a JWT authorizer with scopes, and a Lambda (REQUEST) authorizer."""
    authorizer_uri = LAMBDA_URI.replace("function:imported", "function:auth")
    document = {
        "openapi": "3.0.1",
        "info": {"title": "auth-api"},
        "components": {
            "securitySchemes": {
                "Jwt": {
                    "type": "oauth2",
                    "x-amazon-apigateway-authorizer": {
                        "type": "jwt",
                        "identitySource": "$request.header.Authorization",
                        "jwtConfiguration": {"audience": ["client"], "issuer": "https://issuer.example.com"},
                    },
                },
                "Custom": {
                    "type": "apiKey",
                    "name": "Authorization",
                    "in": "header",
                    "x-amazon-apigateway-authorizer": {
                        "type": "request",
                        "authorizerUri": authorizer_uri,
                        "authorizerPayloadFormatVersion": "2.0",
                        "enableSimpleResponses": True,
                        "identitySource": "$request.header.Authorization",
                    },
                },
            }
        },
        "paths": {
            "/jwt": {"get": {**_proxy(), "security": [{"Jwt": ["read"]}]}},
            "/custom": {"get": {**_proxy(), "security": [{"Custom": []}]}},
            "/open": {"get": _proxy()},
        },
    }
    api = v2.import_api(Body=json.dumps(document))
    cleanup.append(lambda: v2.delete_api(ApiId=api["ApiId"]))
    authorizers = {a["Name"]: a for a in v2.get_authorizers(ApiId=api["ApiId"])["Items"]}
    assert authorizers["Jwt"]["AuthorizerType"] == "JWT"
    assert authorizers["Jwt"]["JwtConfiguration"] == {
        "Audience": ["client"],
        "Issuer": "https://issuer.example.com",
    }
    assert authorizers["Jwt"]["IdentitySource"] == ["$request.header.Authorization"]
    assert authorizers["Custom"]["AuthorizerType"] == "REQUEST"
    assert authorizers["Custom"]["AuthorizerUri"] == authorizer_uri
    routes = {route["RouteKey"]: route for route in v2.get_routes(ApiId=api["ApiId"])["Items"]}
    assert routes["GET /jwt"]["AuthorizationType"] == "JWT"
    assert routes["GET /jwt"]["AuthorizerId"] == authorizers["Jwt"]["AuthorizerId"]
    assert routes["GET /jwt"]["AuthorizationScopes"] == ["read"]
    assert routes["GET /custom"]["AuthorizationType"] == "CUSTOM"
    assert routes["GET /custom"]["AuthorizerId"] == authorizers["Custom"]["AuthorizerId"]
    assert routes["GET /open"].get("AuthorizationType", "NONE") == "NONE"


def test_get_authorizers_of_unknown_api(v2):
    with pytest.raises(ClientError) as error:
        v2.get_authorizers(ApiId="nope123")
    assert error.value.response["Error"]["Code"] == "NotFoundException"


@pytest.mark.parametrize(
    ("basepath", "expected"),
    [
        (None, "GET /items"),
        ("ignore", "GET /items"),
        ("prepend", "GET /v1/shop/items"),
        ("split", "GET /shop/items"),
    ],
)
def test_basepath(v2, cleanup, basepath, expected):
    document = json.loads(_document("based", {"/items": {"get": _proxy()}}))
    document["servers"] = [
        {"url": "https://api.example.com/{basePath}", "variables": {"basePath": {"default": "/v1/shop"}}}
    ]
    args = {"Basepath": basepath} if basepath else {}
    api = v2.import_api(Body=json.dumps(document), **args)
    cleanup.append(lambda: v2.delete_api(ApiId=api["ApiId"]))
    assert [route["RouteKey"] for route in v2.get_routes(ApiId=api["ApiId"])["Items"]] == [expected]
