"""HTTP APIs (apigatewayv2) in front of Python and Node.js functions: routes with ANY, $default, path
parameters and {proxy+}; payload 2.0 (and 1.0); JWT and Lambda authorizers; stages."""

from __future__ import annotations

import base64
import json
import time
from typing import Any, Iterator

import pytest
import requests

from tests.integration.apigw_helpers import create_function


@pytest.fixture(scope="module")
def functions(aws_client: Any) -> Iterator[dict[str, str]]:
    import uuid

    awslambda = aws_client("lambda")
    suffix = uuid.uuid4().hex[:8]
    arns = {}
    try:
        for key, source in (
            ("py", "proxy_echo.py"),
            ("node", "proxy_echo.js"),
            ("auth", "request_authorizer.js"),
        ):
            arns[key] = create_function(awslambda, f"v2-{key}-{suffix}", source)
        yield arns
    finally:
        for arn in arns.values():
            awslambda.delete_function(FunctionName=arn)


@pytest.fixture
def v2(aws_client):
    return aws_client("apigatewayv2")


@pytest.fixture
def http_api(v2, unique_name) -> Iterator[str]:
    api_id = v2.create_api(Name=unique_name("http"), ProtocolType="HTTP")["ApiId"]
    yield api_id
    v2.delete_api(ApiId=api_id)


def _proxy(v2: Any, api_id: str, function_arn: str, version: str = "2.0") -> str:
    return v2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion=version
    )["IntegrationId"]


def _call(api_id: str, edge_port: int, method: str, path: str, **kwargs: Any) -> requests.Response:
    headers = {
        "Host": f"{api_id}.execute-api.localhost.localstack.cloud:{edge_port}",
        **kwargs.pop("headers", {}),
    }
    return requests.request(method, f"http://127.0.0.1:{edge_port}{path}", headers=headers, **kwargs)


def _token(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_routes_and_payload_v2(v2, http_api, functions, server):
    py = _proxy(v2, http_api, functions["py"])
    node = _proxy(v2, http_api, functions["node"])
    v2.create_route(ApiId=http_api, RouteKey="GET /items/{id}", Target=f"integrations/{py}")
    v2.create_route(ApiId=http_api, RouteKey="ANY /files/{proxy+}", Target=f"integrations/{py}")
    v2.create_route(ApiId=http_api, RouteKey="$default", Target=f"integrations/{node}")
    v2.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True, StageVariables={"v": "1"})
    port = server.edge_port

    response = _call(http_api, port, "GET", "/items/42?x=1&x=2", headers={"X-Custom": "c", "Cookie": "k=v"})
    assert response.status_code == 201, response.text
    event = response.json()["event"]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/42"
    assert event["rawQueryString"] == "x=1&x=2"
    assert event["queryStringParameters"] == {"x": "1,2"}
    assert event["pathParameters"] == {"id": "42"}
    assert event["headers"]["x-custom"] == "c"
    assert event["cookies"] == ["k=v"]
    assert event["stageVariables"] == {"v": "1"}
    context = event["requestContext"]
    assert context["apiId"] == http_api
    assert context["stage"] == "$default"
    assert context["routeKey"] == "GET /items/{id}"
    assert context["http"] == {
        "method": "GET",
        "path": "/items/42",
        "protocol": "HTTP/1.1",
        "sourceIp": context["http"]["sourceIp"],
        "userAgent": context["http"]["userAgent"],
    }

    response = _call(http_api, port, "DELETE", "/files/a/b.txt")
    event = response.json()["event"]
    assert event["routeKey"] == "ANY /files/{proxy+}"
    assert event["pathParameters"] == {"proxy": "a/b.txt"}

    # No route matches POST /items/42 or /other: the $default route (the Node.js function) answers.
    response = _call(
        http_api, port, "POST", "/items/42", data="plain text", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["X-Handler"] == "node"
    event = response.json()["event"]
    assert event["routeKey"] == "$default"
    assert event["body"] == "plain text"
    assert event["isBase64Encoded"] is False
    assert response.cookies.get("a") == "1"

    # Bare answers (no statusCode) become JSON 200s; handler errors are 500s.
    response = _call(http_api, port, "GET", "/files/bare")
    assert response.status_code == 200
    assert response.json() == {"just": "data"}
    response = _call(http_api, port, "GET", "/files/raise")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}


def test_named_stage_and_payload_v1(v2, http_api, functions, server):
    py = _proxy(v2, http_api, functions["py"], version="1.0")
    v2.create_route(ApiId=http_api, RouteKey="POST /echo", Target=f"integrations/{py}")
    v2.create_stage(ApiId=http_api, StageName="prod", AutoDeploy=True)
    port = server.edge_port
    response = _call(http_api, port, "POST", "/prod/echo?a=1", json={"k": 1})
    assert response.status_code == 201, response.text
    event = response.json()["event"]
    assert event["version"] == "1.0"
    assert event["path"] == "/echo"
    assert event["resource"] == "/echo"
    assert event["multiValueQueryStringParameters"] == {"a": ["1"]}
    assert json.loads(event["body"]) == {"k": 1}
    assert event["requestContext"]["stage"] == "prod"
    # Unknown stage or route: 404.
    assert _call(http_api, port, "POST", "/dev/echo").status_code == 404
    response = _call(http_api, port, "GET", "/prod/echo")
    assert response.status_code == 404
    assert response.json() == {"message": "Not Found"}


def test_jwt_authorizer_passes_claims(v2, http_api, functions, server):
    issuer = "https://issuer.example.com"
    authorizer = v2.create_authorizer(
        ApiId=http_api,
        AuthorizerType="JWT",
        Name="jwt",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["my-app"], "Issuer": issuer},
    )["AuthorizerId"]
    py = _proxy(v2, http_api, functions["py"])
    v2.create_route(
        ApiId=http_api,
        RouteKey="GET /me",
        Target=f"integrations/{py}",
        AuthorizationType="JWT",
        AuthorizerId=authorizer,
    )
    v2.create_route(
        ApiId=http_api,
        RouteKey="GET /admin",
        Target=f"integrations/{py}",
        AuthorizationType="JWT",
        AuthorizerId=authorizer,
        AuthorizationScopes=["admin"],
    )
    v2.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True)
    port = server.edge_port
    now = int(time.time())
    good = {
        "iss": issuer,
        "aud": "my-app",
        "sub": "u1",
        "exp": now + 600,
        "scope": "read write",
        "groups": ["a"],
    }

    assert _call(http_api, port, "GET", "/me").status_code == 401
    for claims in (
        {**good, "aud": "other"},
        {**good, "iss": "https://evil.example.com"},
        {**good, "exp": now - 10},
    ):
        response = _call(http_api, port, "GET", "/me", headers={"Authorization": f"Bearer {_token(claims)}"})
        assert response.status_code == 401, claims
        assert response.json() == {"message": "Unauthorized"}
    assert (
        _call(http_api, port, "GET", "/me", headers={"Authorization": "Bearer not-a-jwt"}).status_code == 401
    )

    response = _call(http_api, port, "GET", "/me", headers={"Authorization": f"Bearer {_token(good)}"})
    assert response.status_code == 201, response.text
    jwt = response.json()["event"]["requestContext"]["authorizer"]["jwt"]
    assert jwt["claims"]["sub"] == "u1"
    assert jwt["claims"]["aud"] == "my-app"
    assert jwt["claims"]["exp"] == str(now + 600)
    assert jwt["claims"]["groups"] == "[a]"
    assert jwt["scopes"] == ["read", "write"]

    # A route that requires a scope the token lacks: 403.
    response = _call(http_api, port, "GET", "/admin", headers={"Authorization": f"Bearer {_token(good)}"})
    assert response.status_code == 403
    admin = {**good, "scope": "admin"}
    assert _call(http_api, port, "GET", "/admin", headers={"Authorization": _token(admin)}).status_code == 201


def test_lambda_authorizer_simple_response(v2, http_api, functions, server):
    authorizer = v2.create_authorizer(
        ApiId=http_api,
        AuthorizerType="REQUEST",
        Name="node-auth",
        IdentitySource=["$request.header.X-Auth"],
        AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{functions['auth']}/invocations",
        AuthorizerPayloadFormatVersion="2.0",
        EnableSimpleResponses=True,
    )["AuthorizerId"]
    py = _proxy(v2, http_api, functions["py"])
    v2.create_route(
        ApiId=http_api,
        RouteKey="ANY /{proxy+}",
        Target=f"integrations/{py}",
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer,
    )
    v2.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True)
    port = server.edge_port
    assert _call(http_api, port, "GET", "/x").status_code == 401
    assert _call(http_api, port, "GET", "/x", headers={"X-Auth": "nope"}).status_code == 403
    response = _call(http_api, port, "GET", "/x", headers={"X-Auth": "letmein"})
    assert response.status_code == 201, response.text
    authorizer_context = response.json()["event"]["requestContext"]["authorizer"]
    assert authorizer_context["lambda"] == {"who": "node-authorizer", "route": "ANY /{proxy+}"}
