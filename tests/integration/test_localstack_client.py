"""Clients made by `localstack_client.session`: through the edge by default, and by its legacy port map."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest
from localstack_client import session as ls_session

from tests.server_process import ROOT, start_server

# localstack-client's legacy ports (its config.py) for the services the legacy test uses.
LEGACY_S3_PORT, LEGACY_SQS_PORT = 4572, 4576


@pytest.fixture
def edge_env(server, monkeypatch):
    """The client's own variables point at our edge; nothing else of the machine leaks in."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("USE_SSL", raising=False)
    monkeypatch.setenv("LOCALSTACK_HOST", f"127.0.0.1:{server.edge_port}")


def test_session_uses_the_edge_by_default(edge_env, server, unique_name):
    session = ls_session.Session()
    s3, sqs, sts = session.client("s3"), session.client("sqs"), session.client("sts")
    assert s3.meta.endpoint_url == server.edge_url
    bucket, queue = unique_name("lsc"), unique_name("lscq")
    s3.create_bucket(Bucket=bucket)
    try:
        s3.put_object(Bucket=bucket, Key="k", Body=b"through the edge")
        assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"through the edge"
        url = sqs.create_queue(QueueName=queue)["QueueUrl"]
        try:
            # The session's access key ("accesskey") is not 12 digits: the default account.
            assert url == f"http://localhost:{server.edge_port}/000000000000/{queue}"
            sqs.send_message(QueueUrl=url, MessageBody="m")
            assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["m"]
        finally:
            sqs.delete_queue(QueueUrl=url)
        assert sts.get_caller_identity()["Account"] == "000000000000"
    finally:
        s3.delete_object(Bucket=bucket, Key="k")
        s3.delete_bucket(Bucket=bucket)


def test_resource_and_module_client_follow_aws_endpoint_url(server, monkeypatch, unique_name):
    monkeypatch.delenv("LOCALSTACK_HOST", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.edge_url)
    table = unique_name("lsct")
    dynamodb = ls_session.Session().resource("dynamodb")
    created = dynamodb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    try:
        created.put_item(Item={"id": "1", "value": "v"})
        assert created.get_item(Key={"id": "1"})["Item"] == {"id": "1", "value": "v"}
        client = ls_session.client("dynamodb", region_name="us-east-1")
        assert table in client.list_tables()["TableNames"]
    finally:
        created.delete()


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


# Runs in a fresh interpreter: localstack_client reads USE_LEGACY_PORTS when config.py is imported.
# Its 2.x Session builds every endpoint from one host:port: each client gets its service's port from the map.
LEGACY_CLIENT_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from localstack_client import config, session

    bucket, queue = sys.argv[1], sys.argv[2]
    ports = {name: config._service_ports[name] for name in ("s3", "sqs")}

    def client(name):
        return session.Session(localstack_host=f"127.0.0.1:{ports[name]}").client(name)

    s3, sqs = client("s3"), client("sqs")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"legacy")
    body = s3.get_object(Bucket=bucket, Key="k")["Body"].read().decode()
    url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="legacy")
    messages = [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]]
    print(json.dumps({"ports": ports, "s3_url": s3.meta.endpoint_url, "body": body, "queue_url": url,
                      "messages": messages}))
    """
)


def test_legacy_port_map(tmp_path, unique_name):
    busy = [port for port in (LEGACY_S3_PORT, LEGACY_SQS_PORT) if not port_is_free(port)]
    if busy:
        pytest.skip(f"localstack_client's legacy ports {busy} are in use on this machine")
    try:
        server = start_server(
            tmp_path,
            services=["s3", "sqs"],
            extra_env={"SERVICES": f"s3:{LEGACY_S3_PORT},sqs:{LEGACY_SQS_PORT}"},
        )
    except RuntimeError as error:
        if "Address already in use" in str(error):
            pytest.skip(f"a legacy port was taken while the server started: {error}")
        raise
    bucket, queue = unique_name("legacy"), unique_name("legacyq")
    try:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "LOCALSTACK_")) and key not in ("USE_SSL", "EDGE_PORT")
        }
        env.update({"USE_LEGACY_PORTS": "1", "PYTHONPATH": str(ROOT)})
        result = subprocess.run(
            [sys.executable, "-c", LEGACY_CLIENT_SCRIPT, bucket, queue],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"{result.stderr}\n--- server log ---\n{server.log()}"
        outcome = json.loads(result.stdout)
        assert outcome["ports"] == {"s3": LEGACY_S3_PORT, "sqs": LEGACY_SQS_PORT}
        assert outcome["s3_url"] == f"http://127.0.0.1:{LEGACY_S3_PORT}"
        assert outcome["body"] == "legacy"
        assert outcome["queue_url"] == f"http://localhost:{LEGACY_SQS_PORT}/000000000000/{queue}"
        assert outcome["messages"] == ["legacy"]
    finally:
        server.stop()
