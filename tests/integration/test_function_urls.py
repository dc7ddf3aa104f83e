"""Function URLs: CreateFunctionUrlConfig gives a URL on the edge port that invokes the function with
a payload 2.0 event (Python and Node.js handlers), answering as the function says."""

from __future__ import annotations

import base64
import json
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import requests

from tests.integration.apigw_functions.proxy_echo import PNG
from tests.integration.apigw_helpers import create_function


@pytest.fixture(scope="module")
def awslambda(aws_client: Any) -> Any:
    return aws_client("lambda")


@pytest.fixture(scope="module")
def url_functions(awslambda: Any) -> Iterator[dict[str, str]]:
    import uuid

    suffix = uuid.uuid4().hex[:8]
    arns = {}
    try:
        for key, source in (("py", "proxy_echo.py"), ("node", "proxy_echo.js")):
            name = f"url-{key}-{suffix}"
            create_function(awslambda, name, source)
            arns[key] = name
        yield arns
    finally:
        for name in arns.values():
            awslambda.delete_function(FunctionName=name)


def _call(url: str, edge_port: int, method: str = "GET", path: str = "/", **kwargs: Any) -> requests.Response:
    """Send to the edge with the URL's host, as a client resolving *.localhost.localstack.cloud would."""
    parts = urlsplit(url)
    headers = {"Host": parts.netloc, **kwargs.pop("headers", {})}
    return requests.request(method, f"http://127.0.0.1:{edge_port}{path}", headers=headers, **kwargs)


@pytest.fixture
def py_url(awslambda, url_functions) -> Iterator[str]:
    config = awslambda.create_function_url_config(FunctionName=url_functions["py"], AuthType="NONE")
    yield config["FunctionUrl"]
    awslambda.delete_function_url_config(FunctionName=url_functions["py"])


def test_url_is_on_the_edge_port(awslambda, url_functions, py_url, server):
    parts = urlsplit(py_url)
    assert parts.scheme == "http"
    assert parts.port == server.edge_port
    assert parts.hostname.endswith(".lambda-url.us-east-1.localhost.localstack.cloud")
    assert awslambda.get_function_url_config(FunctionName=url_functions["py"])["FunctionUrl"] == py_url


def test_python_function_gets_payload_v2(py_url, server):
    response = _call(
        py_url,
        server.edge_port,
        "POST",
        "/some/path?a=1&a=2&b=x",
        data=json.dumps({"hello": "world"}),
        headers={"Content-Type": "application/json", "X-Custom": "c1", "Cookie": "s=1; t=2"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["X-Handler"] == "python"
    event = response.json()["event"]
    assert event["version"] == "2.0"
    assert event["routeKey"] == "$default"
    assert event["rawPath"] == "/some/path"
    assert event["rawQueryString"] == "a=1&a=2&b=x"
    assert event["queryStringParameters"] == {"a": "1,2", "b": "x"}
    assert event["headers"]["x-custom"] == "c1"
    assert event["cookies"] == ["s=1", "t=2"]
    assert json.loads(event["body"]) == {"hello": "world"}
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    url_id = urlsplit(py_url).hostname.split(".")[0]
    assert context["apiId"] == url_id
    assert context["domainPrefix"] == url_id
    assert context["http"]["method"] == "POST"
    assert context["http"]["path"] == "/some/path"
    assert context["stage"] == "$default"


def test_binary_body_and_errors(py_url, server):
    response = _call(py_url, server.edge_port, "POST", "/up", data=PNG, headers={"Content-Type": "image/png"})
    event = response.json()["event"]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == PNG
    response = _call(py_url, server.edge_port, "GET", "/binary")
    assert response.content == PNG
    assert response.headers["Content-Type"] == "image/png"
    response = _call(py_url, server.edge_port, "GET", "/bare")
    assert response.status_code == 200
    assert response.json() == {"just": "data"}
    response = _call(py_url, server.edge_port, "GET", "/raise")
    assert response.status_code == 502


def test_node_function_with_cookies(awslambda, url_functions, server):
    name = url_functions["node"]
    url = awslambda.create_function_url_config(FunctionName=name, AuthType="NONE")["FunctionUrl"]
    try:
        response = _call(url, server.edge_port, "GET", "/n")
        assert response.status_code == 200, response.text
        assert response.headers["X-Handler"] == "node"
        assert response.json()["event"]["rawPath"] == "/n"
        assert response.cookies.get("a") == "1" and response.cookies.get("b") == "2"
    finally:
        awslambda.delete_function_url_config(FunctionName=name)
    # Once deleted, the URL answers 403 as AWS does for unknown URLs.
    assert _call(url, server.edge_port).status_code == 403


def test_aws_iam_auth_needs_a_signature(awslambda, url_functions, server):
    name = url_functions["node"]
    url = awslambda.create_function_url_config(FunctionName=name, AuthType="AWS_IAM")["FunctionUrl"]
    try:
        assert _call(url, server.edge_port).status_code == 403
        signed = {
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, "
            "SignedHeaders=host, Signature=abc"
        }
        assert _call(url, server.edge_port, headers=signed).status_code == 200
    finally:
        awslambda.delete_function_url_config(FunctionName=name)
