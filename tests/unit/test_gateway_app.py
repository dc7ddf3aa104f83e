"""GatewayApp (one port's WSGI app) through werkzeug's test client, with test backends."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Response

import localstack
from localstack.services.backends import Backend
from localstack.services.edge import GatewayApp
from localstack.services.generic_proxy import ServiceProxy
from localstack.services.internal import InternalEndpoints
from localstack.utils.http import Request

ORIGIN = "http://app.example.com"


def sigv4(service: str) -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/{service}/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abc123"
    )


class NamedBackend(Backend):
    """A backend for tests: answers 200 with its name and what it received; raises if `fail`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.calls: list[Request] = []
        self.fail = False

    @property
    def built(self) -> bool:  # type: ignore[override]
        return bool(self.calls)

    def call(self, request: Request) -> Response:
        self.calls.append(request)
        if self.fail:
            raise RuntimeError("backend exploded")
        body = {"backend": self.name, "path": request.path, "data": request.data.decode("latin-1")}
        return Response(json.dumps(body), mimetype="application/json")


def proxies_for(*names: str) -> dict[str, ServiceProxy]:
    return {name: ServiceProxy(name, NamedBackend(name)) for name in names}


def edge_client(*enabled: str, max_request_size: int = 1024) -> tuple[Client, dict[str, ServiceProxy]]:
    proxies = proxies_for(*enabled)
    internal = InternalEndpoints(proxies, reset_state=lambda: sorted(proxies))
    known = ["s3", "sqs", "dynamodb", "es", "opensearch", "lambda"]
    app = GatewayApp(proxies, known, internal=internal, max_request_size=max_request_size)
    return Client(app), proxies


@pytest.fixture
def edge():
    return edge_client("s3", "sqs", "dynamodb")


# CORS


def test_cors_preflight(edge):
    client, proxies = edge
    response = client.open(
        "/",
        method="OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type,x-amz-date",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "PUT" in response.headers["Access-Control-Allow-Methods"].split(",")
    assert response.headers["Access-Control-Allow-Headers"] == "content-type,x-amz-date"
    assert proxies["s3"].backend.calls == []


def test_a_preflight_to_a_bucket_is_decided_by_s3_not_by_the_gateway(edge):
    """S3 answers a bucket's preflight from the bucket's own CORS rules; a bucket it does not hold gets
    S3's 403, not the gateway's permissive default."""
    client, proxies = edge
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"}
    response = client.open("/no-such-bucket-here/k", method="OPTIONS", headers=headers)
    assert response.status_code == 403
    assert b"<Code>AccessForbidden</Code>" in response.data
    assert b"CORSResponse: Bucket not found" in response.data
    assert "Access-Control-Allow-Origin" not in response.headers
    assert proxies["s3"].backend.calls == []


def test_cors_preflight_without_requested_headers_allows_the_sdk_headers(edge):
    client, _ = edge
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    response = client.open("/", method="OPTIONS", headers=headers)
    assert response.status_code == 200
    allowed = response.headers["Access-Control-Allow-Headers"].split(",")
    assert {"authorization", "x-amz-target", "x-amz-date", "content-type"} <= set(allowed)


def test_allow_origin_on_normal_responses(edge):
    client, _ = edge
    response = client.get("/b1/k", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.get_json()["backend"] == "s3"
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "etag" in response.headers["Access-Control-Expose-Headers"]


def test_allow_origin_on_error_responses(edge):
    client, _ = edge
    response = client.patch("/x", headers={"Origin": ORIGIN})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_no_cors_headers_without_origin(edge):
    client, _ = edge
    response = client.get("/b1/k")
    assert "Access-Control-Allow-Origin" not in response.headers


# routing


def test_routes_to_the_proxy_of_each_service(edge):
    client, proxies = edge
    assert client.get("/b1/k").get_json()["backend"] == "s3"
    body = "Action=ListQueues"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/", data=body, headers=form).get_json()["backend"] == "sqs"
    target = {"X-Amz-Target": "DynamoDB_20120810.ListTables", "Authorization": sigv4("dynamodb")}
    response = client.post("/", data="{}", headers=target)
    assert response.get_json() == {"backend": "dynamodb", "path": "/", "data": "{}"}


def test_raw_query_reaches_the_backend(edge):
    client, _ = edge
    response = client.get("/b1/k%20x?list-type=2&prefix=a%2Fb")
    assert response.get_json()["path"] == "/b1/k%20x?list-type=2&prefix=a%2Fb"


def test_unknown_route_is_a_404_json_naming_the_problem(edge):
    client, _ = edge
    response = client.post("/some/api", data="{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 404
    body = response.get_json()
    assert body["__type"] == "UnknownService"
    assert "POST /some/api" in body["message"]


def test_disabled_service_is_a_501_not_enabled(edge):
    client, _ = edge
    response = client.get("/2015-03-31/functions", headers={"Authorization": sigv4("lambda")})
    assert response.status_code == 501
    body = response.get_json()
    # Lambda names the code in a header only; its body says who is at fault.
    assert response.headers["x-amzn-ErrorType"] == "ServiceNotEnabled"
    assert body["Type"] == "Service" and "__type" not in body
    assert "not enabled" in body["message"]
    assert "lambda" in body["message"]


def test_unsupported_service_is_a_501_naming_it(edge):
    client, _ = edge
    response = client.post("/", data="{}", headers={"Authorization": sigv4("sagemaker")})
    assert response.status_code == 501
    assert "sagemaker" in response.get_data(as_text=True)


def test_request_too_large_is_s3s_entity_too_large(edge):
    client, proxies = edge
    response = client.put("/b1/big", data=b"x" * 2048)
    assert response.status_code == 400
    root = ET.fromstring(response.get_data())
    assert root.findtext("Code") == "EntityTooLarge"
    assert root.findtext("Message") == "Your proposed upload exceeds the maximum allowed size"
    assert response.headers["Connection"] == "close"
    assert proxies["s3"].backend.calls == []


def test_request_at_the_limit_is_served(edge):
    client, _ = edge
    response = client.put("/b1/big", data=b"x" * 1024)
    assert response.status_code == 200
    assert len(response.get_json()["data"]) == 1024


def test_backend_error_is_a_500_and_the_gateway_keeps_serving(edge):
    client, proxies = edge
    proxies["s3"].backend.fail = True
    response = client.get("/b1/k")
    assert response.status_code == 500
    root = ET.fromstring(response.get_data())
    assert root.findtext("Code") == "InternalError"
    assert "exploded" not in response.get_data(as_text=True)
    proxies["s3"].backend.fail = False
    assert client.get("/b1/k").status_code == 200


# a legacy port


def legacy_client(*services: str) -> tuple[Client, dict[str, ServiceProxy]]:
    proxies = proxies_for(*services)
    app = GatewayApp(proxies, services, default_service=services[0])
    return Client(app), proxies


def test_legacy_port_serves_its_services_by_path():
    client, _ = legacy_client("es", "opensearch")
    es = client.get("/2015-01-01/es/domain", headers={"Authorization": sigv4("es")})
    opensearch = client.get("/2021-01-01/domain", headers={"Authorization": sigv4("es")})
    assert es.get_json()["backend"] == "es"
    assert opensearch.get_json()["backend"] == "opensearch"


def test_legacy_port_sends_everything_else_to_its_default_service():
    client, _ = legacy_client("sqs")
    # Unsigned, unroutable, or routed elsewhere: the port's own service answers.
    assert client.post("/", data="{}").get_json()["backend"] == "sqs"
    assert client.get("/b1/k").get_json()["backend"] == "sqs"
    assert client.get("/", headers={"Authorization": sigv4("s3")}).get_json()["backend"] == "sqs"


def test_legacy_port_without_internal_endpoints_passes_health_to_its_service():
    client, _ = legacy_client("s3")
    assert client.get("/health").get_json()["backend"] == "s3"


# internal endpoints


def test_health_endpoint_shape(edge):
    client, _ = edge
    for path in ("/_localstack/health", "/health"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.get_json() == {
            "services": {"dynamodb": "available", "s3": "available", "sqs": "available"},
            "version": localstack.__version__,
        }


def test_health_shows_running_after_a_call(edge):
    client, _ = edge
    client.get("/b1/k")
    services = client.get("/_localstack/health").get_json()["services"]
    assert services["s3"] == "running"
    assert services["sqs"] == "available"


class UnbuildableBackend(Backend):
    """A backend whose build fails: never built, every call raises."""

    def call(self, request: Request) -> Response:
        raise ImportError("cannot build")


def test_health_shows_error_when_the_backend_fails_to_build():
    proxies = {"s3": ServiceProxy("s3", UnbuildableBackend())}
    client = Client(GatewayApp(proxies, ["s3"], internal=InternalEndpoints(proxies, reset_state=list)))
    assert client.get("/b1/k").status_code == 500
    assert client.get("/_localstack/health").get_json()["services"] == {"s3": "error"}


def test_state_reset_endpoint(edge):
    client, _ = edge
    response = client.post("/_localstack/state/reset")
    assert response.status_code == 200
    assert response.get_json() == {"reset": ["dynamodb", "s3", "sqs"]}
    assert client.get("/_localstack/state/reset").status_code == 405


def test_unknown_internal_path_is_a_404(edge):
    client, _ = edge
    response = client.get("/_localstack/nothing")
    assert response.status_code == 404
    assert "/_localstack/nothing" in response.get_data(as_text=True)
