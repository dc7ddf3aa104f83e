"""The health endpoints (/_localstack/health, /health) and POST /_localstack/state/reset."""

from __future__ import annotations

import boto3
import pytest
import requests

import localstack
from localstack import constants
from tests.server_process import start_server


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of its own: its service states are ours to observe, its state ours to reset."""
    process = start_server(tmp_path_factory.mktemp("health"), services=["s3", "sqs"])
    yield process
    process.stop()


def client(server, service: str):
    return boto3.client(
        service,
        endpoint_url=server.edge_url,
        region_name=constants.DEFAULT_REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.mark.parametrize("path", ["/_localstack/health", "/health"])
def test_health_lists_every_service_with_a_state(server, path):
    response = requests.get(server.edge_url + path, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["version"] == localstack.__version__
    assert set(body["services"]) == set(constants.ALL_SERVICES)
    assert set(body["services"].values()) <= {"available", "running", "error"}


def test_health_on_a_legacy_port(own_server):
    response = requests.get(own_server.legacy_url("sqs") + "/_localstack/health", timeout=10)
    assert response.status_code == 200
    assert "sqs" in response.json()["services"]


def test_head_health(server):
    response = requests.head(server.edge_url + "/_localstack/health", timeout=10)
    assert response.status_code == 200
    assert response.content == b""


def test_unknown_internal_path_is_a_json_404(server):
    response = requests.get(server.edge_url + "/_localstack/nope", timeout=10)
    assert response.status_code == 404
    assert response.json()["__type"] == "NotFound"
    assert "/_localstack/nope" in response.json()["message"]


def test_post_to_health_is_a_405(server):
    response = requests.post(server.edge_url + "/_localstack/health", timeout=10)
    assert response.status_code == 405
    assert response.json()["__type"] == "MethodNotAllowed"


def test_service_goes_from_available_to_running(own_server):
    health = own_server.edge_url + "/_localstack/health"
    assert requests.get(health, timeout=10).json()["services"] == {"s3": "available", "sqs": "available"}
    client(own_server, "sqs").list_queues()
    assert requests.get(health, timeout=10).json()["services"] == {"s3": "available", "sqs": "running"}


def test_state_reset_empties_used_backends(own_server):
    sqs = client(own_server, "sqs")
    url = sqs.create_queue(QueueName="reset-me")["QueueUrl"]
    assert url in sqs.list_queues().get("QueueUrls", [])
    response = requests.post(own_server.edge_url + "/_localstack/state/reset", timeout=30)
    assert response.status_code == 200
    assert response.json()["reset"] == ["sqs"]
    assert sqs.list_queues().get("QueueUrls", []) == []


def test_state_reset_needs_post(server):
    response = requests.get(server.edge_url + "/_localstack/state/reset", timeout=10)
    assert response.status_code == 405
