"""Fixtures of the integration and end-to-end tests: one emulator for the whole session, on free ports,
and boto3 clients for its edge and legacy ports."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest

from localstack.testing.emulator import Emulator

# A profile, endpoint or config file of the developer's own would steer the boto3 clients of the tests.
for _key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
    os.environ.pop(_key, None)


def _node_sdk_installed() -> bool:
    """`make install` puts the AWS SDK v3 for nodejs handlers here; npm may have been unreachable."""
    return (Path(sys.prefix) / "lambda-node" / "node_modules" / "@aws-sdk" / "client-s3").is_dir()


def _runs_nodejs(item: pytest.Item) -> bool:
    name = getattr(item, "originalname", item.name)
    params = getattr(getattr(item, "callspec", None), "params", {})
    return (
        "node" in name.split("_")
        or "nodejs" in name
        or any(isinstance(value, str) and value.startswith("nodejs") for value in params.values())
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _node_sdk_installed():
        return
    skip = pytest.mark.skip(
        reason="the AWS SDK v3 for nodejs handlers is not installed (npm failed in make install)"
    )
    for item in items:
        if _runs_nodejs(item):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def localstack_env() -> dict[str, str]:
    """Our tests read the emulator's debug log (`server.log()`)."""
    return {"DEBUG": "1"}


@pytest.fixture(scope="session")
def server(localstack: Emulator) -> Emulator:
    """The session's emulator: the pytest plugin's `localstack` (LOCALSTACK_ENDPOINT points it elsewhere).
    `aws_client` comes from the plugin too: `aws_client("sqs")` through the edge, `aws_client("sqs",
    legacy=True)` through its legacy port."""
    return localstack


ClientFactory = Callable[..., object]


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
