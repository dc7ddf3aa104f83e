"""Calling deployed REST APIs: MOCK, HTTP and HTTP_PROXY integrations, mapping templates, routing by
path and by execute-api host, API keys with usage plans (Lambda-backed: test_apigateway_invoke_lambda)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest
import requests

from tests.integration.apigw_helpers import RestApi, invoke_url


class _EchoHandler(BaseHTTPRequestHandler):
    """Answers every request with a JSON echo of what it received; /status/<n> answers n."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        status = 200
        if self.path.startswith("/status/"):
            status = int(self.path.split("/")[2].split("?")[0])
        payload = json.dumps(
            {"method": self.command, "path": self.path, "body": body, "headers": dict(self.headers.items())}
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Echo", "yes")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def apigw(aws_client):
    return aws_client("apigateway")


@pytest.fixture
def rest_api(apigw, unique_name, server) -> Iterator[RestApi]:
    api = RestApi(apigw, unique_name("invoke"), server.edge_port)
    yield api
    api.delete()


def test_mock_integration_with_response_template(rest_api):
    resource = rest_api.resource("/hello")
    rest_api.mock(
        resource,
        "GET",
        request_template='{"statusCode": 200}',
        response_template='{"greeting": "hi $input.params(\'name\')", "stage": "$context.stage", '
        '"v": "$stageVariables.color"}',
        response_headers={"method.response.header.X-Custom": "'custom-value'"},
    )
    rest_api.deploy("dev", variables={"color": "blue"})
    response = requests.get(rest_api.url("dev", "/hello?name=Ann"))
    assert response.status_code == 200, response.text
    assert response.json() == {"greeting": "hi Ann", "stage": "dev", "v": "blue"}
    assert response.headers["X-Custom"] == "custom-value"
    # The same through the execute-api host.
    host = f"{rest_api.id}.execute-api.localhost.localstack.cloud:{rest_api.edge_port}"
    response = requests.get(
        f"http://127.0.0.1:{rest_api.edge_port}/dev/hello?name=Bo", headers={"Host": host}
    )
    assert response.json()["greeting"] == "hi Bo"


def test_mock_selects_integration_response_by_status(rest_api):
    resource = rest_api.resource("/fail")
    rest_api.mock(resource, "GET", request_template='{"statusCode": 503}', response_template='{"ok": true}')
    rest_api.integration_response(resource, "GET", "503", "5\\d{2}", '{"error": "unavailable"}')
    rest_api.deploy("dev")
    response = requests.get(rest_api.url("dev", "/fail"))
    assert response.status_code == 503
    assert response.json() == {"error": "unavailable"}


def test_unknown_stage_path_and_method(rest_api):
    resource = rest_api.resource("/only-get")
    rest_api.mock(resource, "GET", request_template='{"statusCode": 200}', response_template="{}")
    rest_api.deploy("dev")
    assert requests.get(rest_api.url("dev", "/only-get")).status_code == 200
    response = requests.post(rest_api.url("dev", "/only-get"))
    assert response.status_code == 403
    assert response.json() == {"message": "Missing Authentication Token"}
    assert requests.get(rest_api.url("dev", "/nope")).status_code == 403
    response = requests.get(rest_api.url("prod", "/only-get"))
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}
    response = requests.get(invoke_url("doesnotexist", "dev", "/x", rest_api.edge_port))
    assert response.status_code == 404


def test_http_proxy_with_greedy_path(rest_api, echo_server):
    resource = rest_api.resource("/proxy/{proxy+}")
    rest_api.integration(resource, "ANY", "HTTP_PROXY", f"{echo_server}/backend/{{proxy}}", "ANY")
    rest_api.deploy("dev")
    response = requests.post(
        rest_api.url("dev", "/proxy/a/b/c?x=1&x=2"), data="payload", headers={"X-Trace": "t1"}
    )
    assert response.status_code == 200, response.text
    echoed = response.json()
    assert echoed["method"] == "POST"
    assert echoed["path"] == "/backend/a/b/c?x=1&x=2"
    assert echoed["body"] == "payload"
    assert echoed["headers"]["X-Trace"] == "t1"
    assert response.headers["X-Echo"] == "yes"
    # The backend's own error status passes through a proxy integration.
    status_resource = rest_api.resource("/status/{code}")
    rest_api.integration(status_resource, "GET", "HTTP_PROXY", f"{echo_server}/status/{{code}}", "GET")
    rest_api.deploy("dev")
    assert requests.get(rest_api.url("dev", "/status/418")).status_code == 418


def test_http_integration_with_templates_and_parameters(rest_api, echo_server):
    resource = rest_api.resource("/items/{id}")
    rest_api.integration(
        resource,
        "POST",
        "HTTP",
        f"{echo_server}/items/{{itemId}}",
        "PUT",
        request_templates={
            "application/json": "#set($b = $input.path('$'))"
            '{"name": "$util.escapeJavaScript($b.name)", "id": "$input.params(\'id\')", '
            '"count": $b.tags.size()}'
        },
        request_parameters={
            "integration.request.path.itemId": "method.request.path.id",
            "integration.request.header.X-From": "'apigw'",
            "integration.request.querystring.q": "method.request.querystring.search",
        },
    )
    rest_api.integration_response(
        resource,
        "POST",
        "200",
        None,
        '#set($e = $input.path(\'$\')){"sent": $e.body, "path": "$e.path", "method": "$e.method"}',
        response_headers={"method.response.header.X-Backend": "integration.response.header.X-Echo"},
    )
    rest_api.deploy("dev")
    response = requests.post(
        rest_api.url("dev", "/items/7?search=abc"), json={"name": 'A "quoted" name', "tags": ["a", "b"]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["method"] == "PUT"
    assert body["path"] == "/items/7?q=abc"
    assert body["sent"] == {"name": 'A "quoted" name', "id": "7", "count": 2}
    assert response.headers["X-Backend"] == "yes"


def test_http_integration_unreachable_backend(rest_api):
    resource = rest_api.resource("/down")
    rest_api.integration(resource, "GET", "HTTP_PROXY", "http://127.0.0.1:9/nothing", "GET")
    rest_api.deploy("dev")
    response = requests.get(rest_api.url("dev", "/down"))
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}


def test_api_key_required_with_usage_plan(apigw, rest_api, unique_name):
    resource = rest_api.resource("/secret")
    rest_api.mock(
        resource,
        "GET",
        request_template='{"statusCode": 200}',
        response_template='{"key": "$context.identity.apiKeyId"}',
        api_key_required=True,
    )
    rest_api.deploy("dev")
    key = apigw.create_api_key(name=unique_name("key"), enabled=True)
    other = apigw.create_api_key(name=unique_name("other"), enabled=True)
    plan = apigw.create_usage_plan(
        name=unique_name("plan"), apiStages=[{"apiId": rest_api.id, "stage": "dev"}]
    )
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    try:
        url = rest_api.url("dev", "/secret")
        assert requests.get(url).status_code == 403
        assert requests.get(url, headers={"x-api-key": "wrong"}).status_code == 403
        # A key outside the stage's usage plans is refused too.
        assert requests.get(url, headers={"x-api-key": other["value"]}).status_code == 403
        response = requests.get(url, headers={"x-api-key": key["value"]})
        assert response.status_code == 200
        assert response.json() == {"key": key["id"]}
    finally:
        apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
        apigw.delete_usage_plan(usagePlanId=plan["id"])
        apigw.delete_api_key(apiKey=key["id"])
        apigw.delete_api_key(apiKey=other["id"])


def test_passthrough_never_rejects_unknown_content_type(rest_api, echo_server):
    resource = rest_api.resource("/strict")
    rest_api.integration(
        resource,
        "POST",
        "HTTP",
        f"{echo_server}/strict",
        "POST",
        request_templates={"application/json": "{}"},
        passthrough="NEVER",
    )
    rest_api.integration_response(resource, "POST", "200", None, None)
    rest_api.deploy("dev")
    response = requests.post(rest_api.url("dev", "/strict"), data="x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json() == {"message": "Unsupported Media Type"}
    response = requests.post(rest_api.url("dev", "/strict"), json={"a": 1})
    assert response.status_code == 200
    assert response.json()["body"] == "{}"
