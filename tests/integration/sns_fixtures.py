"""The SNS client and topic fixtures (registered by tests/integration/conftest.py) and the error helper
shared by the SNS test files."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def sns(aws_client: Callable[..., Any]) -> Any:
    return aws_client("sns")


@pytest.fixture
def topic(sns: Any, unique_name: Callable[[str], str]) -> Iterator[str]:
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


@pytest.fixture
def fifo_topic(sns: Any, unique_name: Callable[[str], str]) -> Iterator[str]:
    arn = sns.create_topic(Name=unique_name("t") + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


def error_of(call: Callable[..., Any], **params: Any) -> tuple[str, str]:
    """The code and message of the ClientError `call(**params)` must raise."""
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]
