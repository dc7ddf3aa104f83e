"""Fixtures of the integration and end-to-end tests: one emulator for the whole session, on free ports,
and boto3 clients for its edge and legacy ports."""

from __future__ import annotations

import os
import uuid
from typing import Callable, Iterator

import boto3
import pytest
from botocore.config import Config as BotoConfig

from localstack import constants
from tests.server_process import ServerProcess, start_server

CREDENTIALS = {
    "aws_access_key_id": constants.TEST_ACCESS_KEY_ID,
    "aws_secret_access_key": constants.TEST_SECRET_ACCESS_KEY,
}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        os.environ.pop(key, None)
    process = start_server(tmp_path_factory.mktemp("localstack"))
    yield process
    process.stop()
    assert process.process.returncode is not None


ClientFactory = Callable[..., object]


@pytest.fixture(scope="session")
def aws_client(server: ServerProcess) -> ClientFactory:
    """`aws_client("sqs")` through the edge; `aws_client("sqs", legacy=True)` through its legacy port."""

    def make(service: str, legacy: bool = False, region: str = constants.DEFAULT_REGION, **kwargs):
        endpoint = server.legacy_url(service) if legacy else server.edge_url
        credentials = {**CREDENTIALS, **kwargs.pop("credentials", {})}
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name=region,
            config=BotoConfig(retries={"max_attempts": 1}, **kwargs.pop("config", {})),
            **credentials,
            **kwargs,
        )

    return make


@pytest.fixture
def unique_name() -> Callable[[str], str]:
    return lambda prefix="t": f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def cleanup() -> Iterator[list[Callable[[], object]]]:
    """Append undo actions (`cleanup.append(lambda: client.delete_x(...))`): run in reverse after the
    test, ignoring what is already gone."""
    from botocore.exceptions import ClientError

    actions: list[Callable[[], object]] = []
    yield actions
    for action in reversed(actions):
        try:
            action()
        except ClientError:
            pass


@pytest.fixture
def awslambda(aws_client: ClientFactory) -> object:
    """A Lambda client through the edge."""
    return aws_client("lambda")
