"""Worker lifecycle on dedicated servers: idle workers end, stopping the emulator ends them all, and
LAMBDA_EXECUTOR=docker without a Docker engine fails clearly instead of falling back."""

from __future__ import annotations

import os

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import ROLE, invoke_json, poll, zip_of
from tests.server_process import start_server

ECHO = [("python3.12", "py_echo.py", "py_echo.handler"), ("nodejs20.x", "node_echo.js", "node_echo.handler")]


def _client(server):
    return boto3.client(
        "lambda",
        endpoint_url=server.edge_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}),
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _start_workers(client) -> list[int]:
    pids = []
    for runtime, file, handler in ECHO:
        name = f"fn-{runtime.replace('.', '-')}"
        client.create_function(
            FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": zip_of(file)}
        )
        pids.append(invoke_json(client, name)[1]["pid"])
    return pids


def test_idle_workers_end_and_stop_ends_the_rest(tmp_path):
    server = start_server(tmp_path, services=["lambda", "logs"], extra_env={"LAMBDA_IDLE_SECONDS": "1"})
    try:
        client = _client(server)
        pids = _start_workers(client)
        assert all(_alive(pid) for pid in pids)
        assert poll(lambda: not any(_alive(pid) for pid in pids), timeout=15), "idle workers still running"
        # A new invoke starts a new worker.
        pids = [invoke_json(client, "fn-python3-12")[1]["pid"]]
    finally:
        server.stop()
    assert poll(lambda: not _alive(pids[0]), timeout=5)


def test_stop_ends_every_worker(tmp_path):
    server = start_server(tmp_path, services=["lambda", "logs"])
    try:
        pids = _start_workers(_client(server))
        assert all(_alive(pid) for pid in pids)
    finally:
        server.stop()
    assert poll(lambda: not any(_alive(pid) for pid in pids), timeout=5)


def test_docker_executor_without_engine_fails_clearly(tmp_path):
    env = {"LAMBDA_EXECUTOR": "docker", "DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock"}
    server = start_server(tmp_path, services=["lambda", "logs"], extra_env=env)
    try:
        client = _client(server)
        runtime, file, handler = ECHO[0]
        client.create_function(
            FunctionName="dock", Runtime=runtime, Role=ROLE, Handler=handler, Code={"ZipFile": zip_of(file)}
        )
        for invocation_type in ("RequestResponse", "Event"):
            if invocation_type == "Event":
                # Accepted (queued), as AWS does; the failure shows in the log, never a silent local run.
                assert client.invoke(FunctionName="dock", InvocationType="Event")["StatusCode"] == 202
                continue
            with pytest.raises(ClientError) as error:
                client.invoke(FunctionName="dock", Payload=b"{}")
            assert error.value.response["Error"]["Code"] == "ServiceException"
            assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
            message = error.value.response["Error"]["Message"]
            assert "LAMBDA_EXECUTOR=docker" in message and "no Docker engine answers" in message
            assert "no-docker.sock" in message
        assert poll(lambda: "no Docker engine answers" in server.log(), timeout=10)
    finally:
        server.stop()
