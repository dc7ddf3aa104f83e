"""REST APIs in front of real Lambda functions (Python and Node.js): AWS_PROXY with payload 1.0,
AWS with mapping templates, Lambda authorizers (TOKEN and REQUEST), failures answered as AWS does."""

from __future__ import annotations

import base64
import json
from typing import Any, Iterator

import pytest
import requests

from tests.integration.apigw_functions.proxy_echo import PNG
from tests.integration.apigw_helpers import RestApi, create_function, lambda_uri


@pytest.fixture(scope="module")
def functions(aws_client: Any) -> Iterator[dict[str, str]]:
    awslambda = aws_client("lambda")
    import uuid

    suffix = uuid.uuid4().hex[:8]
    sources = {
        "py": "proxy_echo.py",
        "node": "proxy_echo.js",
        "mapped": "mapped.py",
        "auth": "token_authorizer.py",
    }
    arns = {}
    try:
        for key, source in sources.items():
            arns[key] = create_function(awslambda, f"apigw-{key}-{suffix}", source)
        yield arns
    finally:
        for arn in arns.values():
            awslambda.delete_function(FunctionName=arn)


@pytest.fixture
def apigw(aws_client):
    return aws_client("apigateway")


@pytest.fixture
def rest_api(apigw, unique_name, server) -> Iterator[RestApi]:
    api = RestApi(apigw, unique_name("lambda"), server.edge_port, binaryMediaTypes=["image/png"])
    yield api
    api.delete()


def test_proxy_event_and_response_python(rest_api, functions):
    resource = rest_api.resource("/pets/{id}")
    rest_api.integration(resource, "GET", "AWS_PROXY", lambda_uri(functions["py"]))
    rest_api.deploy("dev", variables={"color": "blue"})
    response = requests.get(
        rest_api.url("dev", "/pets/7?a=1&a=2&b=x%20y"),
        headers={"X-Custom": "c1", "Accept": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["X-Handler"] == "python"
    assert response.headers["X-Multi"] == "a, b"
    body = response.json()
    event = body["event"]
    assert body["requestId"]
    assert event["resource"] == "/pets/{id}"
    assert event["path"] == "/pets/7"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"id": "7"}
    assert event["queryStringParameters"] == {"a": "2", "b": "x y"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x y"]}
    assert event["headers"]["X-Custom"] == "c1"
    assert event["multiValueHeaders"]["X-Custom"] == ["c1"]
    assert event["stageVariables"] == {"color": "blue"}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "dev"
    assert context["resourcePath"] == "/pets/{id}"
    assert context["path"] == "/dev/pets/7"
    assert context["httpMethod"] == "GET"
    assert context["apiId"] == rest_api.id
    assert context["accountId"] == "000000000000"
    assert context["identity"]["sourceIp"]
    assert context["requestTimeEpoch"] > 0


def test_greedy_proxy_node_through_execute_api_host(rest_api, functions):
    resource = rest_api.resource("/{proxy+}")
    rest_api.integration(resource, "ANY", "AWS_PROXY", lambda_uri(functions["node"]))
    rest_api.deploy("prod")
    host = f"{rest_api.id}.execute-api.localhost.localstack.cloud:{rest_api.edge_port}"
    url = f"http://127.0.0.1:{rest_api.edge_port}/prod/deep/er/path"
    response = requests.put(url, data=json.dumps({"k": "v"}), headers={"Host": host})
    assert response.status_code == 200, response.text
    assert response.headers["X-Handler"] == "node"
    event = response.json()["event"]
    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "deep/er/path"}
    assert event["httpMethod"] == "PUT"
    assert json.loads(event["body"]) == {"k": "v"}
    assert event["requestContext"]["domainName"] == host.split(":")[0]


def test_binary_bodies_both_ways(rest_api, functions):
    resource = rest_api.resource("/{proxy+}")
    rest_api.integration(resource, "ANY", "AWS_PROXY", lambda_uri(functions["py"]))
    rest_api.deploy("dev")
    response = requests.post(rest_api.url("dev", "/upload"), data=PNG, headers={"Content-Type": "image/png"})
    event = response.json()["event"]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == PNG
    response = requests.get(rest_api.url("dev", "/binary"), headers={"Accept": "image/png"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content == PNG


def test_handler_failures_are_502(rest_api, functions):
    resource = rest_api.resource("/{proxy+}")
    rest_api.integration(resource, "ANY", "AWS_PROXY", lambda_uri(functions["py"]))
    rest_api.deploy("dev")
    for path in ("/raise", "/malformed"):
        response = requests.get(rest_api.url("dev", path))
        assert response.status_code == 502, path
        assert response.json() == {"message": "Internal server error"}
    missing = functions["py"] + "-missing"
    other = rest_api.resource("/missing")
    rest_api.integration(other, "GET", "AWS_PROXY", lambda_uri(missing))
    rest_api.deploy("dev")
    assert requests.get(rest_api.url("dev", "/missing")).status_code == 500


def test_aws_integration_with_mapping_templates(rest_api, functions):
    resource = rest_api.resource("/orders/{id}")
    request_template = (
        "{\n"
        "  \"name\": $input.json('$.name'),\n"
        '  "id": "$input.params(\'id\')",\n'
        '  "trace": "$util.escapeJavaScript($input.params(\'X-Trace\'))",\n'
        '  "stage": "$context.stage",\n'
        '  "method": "$context.httpMethod",\n'
        '  #if($input.params(\'fail\') != "")"fail": "$input.params(\'fail\')",#end\n'
        '  "tags": [#foreach($t in $input.path(\'$.tags\'))"$t"#if($foreach.hasNext),#end#end]\n'
        "}"
    )
    rest_api.integration(
        resource,
        "POST",
        "AWS",
        lambda_uri(functions["mapped"]),
        request_templates={"application/json": request_template},
    )
    rest_api.integration_response(
        resource,
        "POST",
        "200",
        None,
        "#set($r = $input.path('$')){\"got\": $input.json('$.received'), "
        '"names": [#foreach($i in $r.items)"$i.name"#if($foreach.hasNext),#end#end]}',
    )
    rest_api.integration_response(
        resource, "POST", "400", "BadRequest:.*", '{"error": "$input.path(\'$.errorMessage\')"}'
    )
    rest_api.deploy("dev")
    response = requests.post(
        rest_api.url("dev", "/orders/9"),
        json={"name": "Ann", "tags": ["x", "y"]},
        headers={"X-Trace": 'say "hi"'},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["got"] == {
        "name": "Ann",
        "id": "9",
        "trace": 'say "hi"',
        "stage": "dev",
        "method": "POST",
        "tags": ["x", "y"],
    }
    assert body["names"] == ["one", "two"]
    response = requests.post(rest_api.url("dev", "/orders/9?fail=nope"), json={"name": "Ann", "tags": []})
    assert response.status_code == 400
    assert response.json() == {"error": "BadRequest: nope"}


def _authorized_api(rest_api: RestApi, apigw: Any, functions: dict, kind: str, source: str) -> str:
    authorizer = apigw.create_authorizer(
        restApiId=rest_api.id,
        name=f"auth-{kind}",
        type=kind,
        authorizerUri=lambda_uri(functions["auth"]),
        identitySource=source,
        authorizerResultTtlInSeconds=0,
    )
    resource = rest_api.resource("/private")
    rest_api.integration(
        resource,
        "GET",
        "AWS_PROXY",
        lambda_uri(functions["py"]),
        method_kwargs={"authorizationType": "CUSTOM", "authorizerId": authorizer["id"]},
    )
    rest_api.deploy("dev")
    return rest_api.url("dev", "/private")


def test_token_authorizer(rest_api, apigw, functions):
    url = _authorized_api(rest_api, apigw, functions, "TOKEN", "method.request.header.Authorization")
    response = requests.get(url)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}
    assert requests.get(url, headers={"Authorization": "bad"}).status_code == 401
    response = requests.get(url, headers={"Authorization": "deny"})
    assert response.status_code == 403
    assert response.json() == {
        "message": "User is not authorized to access this resource with an explicit deny"
    }
    response = requests.get(url, headers={"Authorization": "allow-me"})
    assert response.status_code == 201, response.text
    authorizer = response.json()["event"]["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "user-allow-me"
    assert authorizer["user"] == "alice"
    assert authorizer["level"] == "5"
    assert authorizer["admin"] == "true"
    assert authorizer["type"] == "TOKEN"


def test_request_authorizer(rest_api, apigw, functions):
    url = _authorized_api(rest_api, apigw, functions, "REQUEST", "method.request.header.X-Token")
    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={"X-Token": "deny"}).status_code == 403
    response = requests.get(url, headers={"X-Token": "allow"})
    assert response.status_code == 201, response.text
    assert response.json()["event"]["requestContext"]["authorizer"]["type"] == "REQUEST"
