"""SQS answers checked against AWS's documented limits and recorded answers, round 2: queue tags within the
quotas (key 1-128 characters, value at most 256, 50 per queue), over JSON, the query protocol and the
legacy port; a refused call stores no tag."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

KEY_LENGTH = "Tag keys must be between 1 and 128 characters in length."
VALUE_LENGTH = "Tag values must be between 0 and 256 characters in length."


@pytest.fixture(params=["json", "query", "legacy"])
def sqs(request, aws_client):
    client = aws_client("sqs", legacy=request.param == "legacy")
    if request.param == "query":
        client.meta.service_model._service_description["metadata"]["protocol"] = "query"
    return client


@pytest.fixture
def queue(sqs, unique_name):
    name = unique_name("tags")
    url = sqs.create_queue(QueueName=name, tags={"kept": "yes"})["QueueUrl"]
    yield name, url
    sqs.delete_queue(QueueUrl=url)


def _refusal(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response
    return error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"], error["Error"]["Message"]


@pytest.mark.parametrize(
    "tags, message",
    [
        ({"k" * 129: "v"}, KEY_LENGTH),
        ({"": "v"}, KEY_LENGTH),
        ({"k": "v" * 257}, VALUE_LENGTH),
    ],
    ids=["key-129", "empty-key", "value-257"],
)
def test_tag_queue_refuses_tags_outside_the_quotas(sqs, queue, tags, message):
    _, url = queue
    assert _refusal(sqs.tag_queue, QueueUrl=url, Tags=tags) == (400, "InvalidParameterValue", message)
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"kept": "yes"}


def test_tag_queue_takes_the_longest_key_and_value_and_an_empty_value(sqs, queue):
    _, url = queue
    sqs.tag_queue(QueueUrl=url, Tags={"k" * 128: "v" * 256, "empty": ""})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"kept": "yes", "k" * 128: "v" * 256, "empty": ""}


def test_create_queue_refuses_a_key_over_128_characters(sqs, unique_name):
    name = unique_name("tags")
    refusal = _refusal(sqs.create_queue, QueueName=name, tags={"k" * 129: "v"})
    assert refusal == (400, "InvalidParameterValue", KEY_LENGTH)
    assert _refusal(sqs.get_queue_url, QueueName=name)[1] == "AWS.SimpleQueueService.NonExistentQueue"


def test_tag_queue_counts_existing_tags_toward_50(sqs, queue):
    name, url = queue
    refusal = _refusal(sqs.tag_queue, QueueUrl=url, Tags={f"t{i}": "v" for i in range(50)})
    assert refusal == (400, "InvalidParameterValue", f"Too many tags added for queue {name}.")
    sqs.tag_queue(QueueUrl=url, Tags={f"t{i}": "v" for i in range(49)})
    assert len(sqs.list_queue_tags(QueueUrl=url)["Tags"]) == 50
