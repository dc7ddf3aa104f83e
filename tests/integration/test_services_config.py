"""SERVICES: only the listed services are served (others answer "service not enabled"), and
`svc:port` moves a service's legacy port."""

from __future__ import annotations

import boto3
import psutil
import pytest
import requests
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localstack import constants
from tests.server_process import ServerProcess, start_server


@pytest.fixture(scope="module")
def s3_sqs_server(tmp_path_factory) -> ServerProcess:
    process = start_server(tmp_path_factory.mktemp("services"), services=["s3", "sqs"])
    yield process
    process.stop()


def client(endpoint: str, service: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=constants.DEFAULT_REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=BotoConfig(retries={"max_attempts": 1}),
    )


def test_enabled_services_are_served(s3_sqs_server):
    s3 = client(s3_sqs_server.edge_url, "s3")
    s3.create_bucket(Bucket="enabled-bucket")
    try:
        assert "enabled-bucket" in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    finally:
        s3.delete_bucket(Bucket="enabled-bucket")
    sqs = client(s3_sqs_server.legacy_url("sqs"), "sqs")
    url = sqs.create_queue(QueueName="enabled-queue")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)


def test_health_lists_only_enabled_services(s3_sqs_server):
    services = requests.get(s3_sqs_server.edge_url + "/_localstack/health", timeout=10).json()["services"]
    assert sorted(services) == ["s3", "sqs"]


@pytest.mark.parametrize(
    "service,call",
    [
        ("dynamodb", lambda c: c.list_tables()),
        ("sns", lambda c: c.list_topics()),
        ("lambda", lambda c: c.list_functions()),
    ],
)
def test_disabled_service_answers_service_not_enabled(s3_sqs_server, service, call):
    with pytest.raises(ClientError) as info:
        call(client(s3_sqs_server.edge_url, service))
    error = info.value.response["Error"]
    assert error["Code"] == "ServiceNotEnabled"
    assert service in error["Message"] and "SERVICES" in error["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_disabled_services_have_no_legacy_port(s3_sqs_server):
    listening = listening_ports(s3_sqs_server)
    assert listening == {s3_sqs_server.edge_port, s3_sqs_server.ports["s3"], s3_sqs_server.ports["sqs"]}


def test_service_port_moves_the_legacy_port(s3_sqs_server):
    # start_server passes SERVICES=s3:<free port>,sqs:<free port>
    moved = s3_sqs_server.ports["s3"]
    assert moved != constants.LEGACY_PORTS["s3"]
    assert constants.LEGACY_PORTS["s3"] not in listening_ports(s3_sqs_server)
    s3 = client(s3_sqs_server.legacy_url("s3"), "s3")
    assert s3.list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200


def listening_ports(server: ServerProcess) -> set[int]:
    process = psutil.Process(server.process.pid)
    return {
        conn.laddr.port for conn in process.net_connections(kind="tcp") if conn.status == psutil.CONN_LISTEN
    }
