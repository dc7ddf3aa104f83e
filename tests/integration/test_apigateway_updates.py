"""UpdateMethod, UpdateIntegration, UpdateMethodResponse and UpdateIntegrationResponse (PATCH with
`patchOperations`, as Terraform sends on every change of a method or integration), driven through the
server with boto3; a changed integration is what the deployed API calls afterwards."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Iterator

import pytest
import requests

from tests.integration.apigw_helpers import RestApi
from tests.integration.error_support import client_error
from tests.integration.test_apigateway_invoke import _EchoHandler


@pytest.fixture(scope="module")
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def rest_api(aws_client, unique_name, server) -> Iterator[RestApi]:
    api = RestApi(aws_client("apigateway"), unique_name("updates"), server.edge_port)
    yield api
    api.delete()


def test_update_method_replaces_adds_and_removes_fields(rest_api):
    client, resource = rest_api.client, rest_api.resource("/items")
    rest_api.method(resource, "GET", requestParameters={"method.request.querystring.a": False})
    answer = client.update_method(
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        patchOperations=[
            {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
            {"op": "replace", "path": "/operationName", "value": "ListItems"},
            {"op": "add", "path": "/requestParameters/method.request.querystring.x", "value": "true"},
            {"op": "remove", "path": "/requestParameters/method.request.querystring.a"},
            {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
        ],
    )
    assert answer["apiKeyRequired"] is True
    assert answer["operationName"] == "ListItems"
    assert answer["requestParameters"] == {"method.request.querystring.x": True}
    assert answer["requestModels"] == {"application/json": "Empty"}
    got = client.get_method(restApiId=rest_api.id, resourceId=resource, httpMethod="GET")
    assert (got["apiKeyRequired"], got["operationName"]) == (True, "ListItems")
    assert got["requestModels"] == {"application/json": "Empty"}


def test_update_method_refuses_an_unknown_path_and_changes_nothing(rest_api):
    client, resource = rest_api.client, rest_api.resource("/items")
    rest_api.method(resource, "GET")
    patch = [
        {"op": "replace", "path": "/operationName", "value": "X"},
        {"op": "replace", "path": "/nope", "value": "1"},
    ]
    status, code, _ = client_error(
        client.update_method,
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        patchOperations=patch,
    )
    assert (status, code) == (400, "BadRequestException")
    got = client.get_method(restApiId=rest_api.id, resourceId=resource, httpMethod="GET")
    assert "operationName" not in got


def test_update_integration_and_responses(rest_api):
    client, resource = rest_api.client, rest_api.resource("/items")
    rest_api.mock(resource, "GET", '{"statusCode": 200}', '{"v": 1}')
    answer = client.update_integration(
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        patchOperations=[
            {"op": "replace", "path": "/timeoutInMillis", "value": "5000"},
            {"op": "replace", "path": "/passthroughBehavior", "value": "NEVER"},
            {"op": "add", "path": "/requestParameters/integration.request.header.X", "value": "'y'"},
        ],
    )
    assert answer["type"] == "MOCK"
    assert answer["timeoutInMillis"] == 5000
    assert answer["passthroughBehavior"] == "NEVER"
    assert answer["requestParameters"] == {"integration.request.header.X": "'y'"}
    answer = client.update_method_response(
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        statusCode="200",
        patchOperations=[
            {"op": "add", "path": "/responseParameters/method.response.header.X-Id", "value": "false"},
            {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"},
        ],
    )
    assert answer["statusCode"] == "200"
    assert answer["responseParameters"] == {"method.response.header.X-Id": False}
    assert answer["responseModels"] == {"application/json": "Empty"}
    answer = client.update_integration_response(
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        statusCode="200",
        patchOperations=[
            {"op": "replace", "path": "/responseTemplates/application~1json", "value": '{"v": 2}'}
        ],
    )
    assert answer["responseTemplates"] == {"application/json": '{"v": 2}'}
    rest_api.deploy("dev")
    response = requests.get(rest_api.url("dev", "/items"))
    assert (response.status_code, response.json()) == (200, {"v": 2})


def test_missing_integration_and_method_response(rest_api):
    client, resource = rest_api.client, rest_api.resource("/items")
    rest_api.method(resource, "GET")
    patch = [{"op": "replace", "path": "/uri", "value": "http://example.com"}]
    assert client_error(
        client.update_integration,
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        patchOperations=patch,
    ) == (404, "NotFoundException", "Invalid Integration identifier specified")
    assert client_error(
        client.update_method,
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="POST",
        patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}],
    ) == (404, "NotFoundException", "Invalid Method identifier specified")


def test_a_changed_integration_uri_is_what_the_api_calls(rest_api, echo_server):
    client, resource = rest_api.client, rest_api.resource("/echo")
    rest_api.integration(resource, "GET", "HTTP_PROXY", f"{echo_server}/first", integration_method="GET")
    rest_api.deploy("dev")
    assert requests.get(rest_api.url("dev", "/echo")).json()["path"] == "/first"
    answer = client.update_integration(
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        patchOperations=[{"op": "replace", "path": "/uri", "value": f"{echo_server}/second"}],
    )
    assert answer["uri"] == f"{echo_server}/second"
    rest_api.deploy("dev")
    assert requests.get(rest_api.url("dev", "/echo")).json()["path"] == "/second"


def test_missing_method_response(rest_api):
    client, resource = rest_api.client, rest_api.resource("/items")
    rest_api.method(resource, "GET")
    patch = [{"op": "add", "path": "/responseModels/application~1json", "value": "Empty"}]
    assert client_error(
        client.update_method_response,
        restApiId=rest_api.id,
        resourceId=resource,
        httpMethod="GET",
        statusCode="200",
        patchOperations=patch,
    ) == (404, "NotFoundException", "Invalid Response status code specified")
