"""SQS answers checked against AWS's documented limits and recorded answers, round 2: queue tags within the
quotas (key 1-128 characters, value at most 256, 50 per queue), over JSON (edge and legacy port) and the
query protocol; a refused call stores no tag."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

KEY_LENGTH = "Tag keys must be between 1 and 128 characters in length."
VALUE_LENGTH = "Tag values must be between 0 and 256 characters in length."


AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0"
)


@pytest.fixture(params=["edge", "legacy"])
def sqs(request, aws_client):
    return aws_client("sqs", legacy=request.param == "legacy")


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


@pytest.mark.parametrize(
    "policy, member",
    [
        ({}, "maxReceiveCount"),
        ({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:any"}, "maxReceiveCount"),
        ({"maxReceiveCount": 3}, "deadLetterTargetArn"),
    ],
    ids=["empty", "no-count", "no-target"],
)
def test_redrive_policy_without_a_mandatory_member_is_refused_and_not_kept(
    sqs, queue, unique_name, policy, member
):
    # AWS's sentence as users' logs show it ("Value {} ... mandatory attribute: maxReceiveCount."); moto
    # kept the half-read policy, so the queue became a dead-letter queue of nothing.
    _, url = queue
    raw = json.dumps(policy)
    expected = (
        400,
        "InvalidParameterValue",
        f"Value {raw} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain "
        f"mandatory attribute: {member}.",
    )
    assert _refusal(sqs.set_queue_attributes, QueueUrl=url, Attributes={"RedrivePolicy": raw}) == expected
    assert (
        _refusal(sqs.create_queue, QueueName=unique_name("redrive"), Attributes={"RedrivePolicy": raw})
        == expected
    )
    assert "RedrivePolicy" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert _refusal(sqs.start_message_move_task, SourceArn=arn) == (
        400,
        "InvalidParameterValue",
        "Source queue must be configured as a Dead Letter Queue.",
    )


@pytest.mark.parametrize(
    "form, message",
    [
        ({"Action": "TagQueue", "Tag.1.Key": "k" * 129, "Tag.1.Value": "v"}, KEY_LENGTH),
        ({"Action": "TagQueue", "Tag.1.Key": "k", "Tag.1.Value": "v" * 257}, VALUE_LENGTH),
        (
            {"Action": "SetQueueAttributes", "Attribute.1.Name": "RedrivePolicy", "Attribute.1.Value": "{}"},
            "Value {} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain "
            "mandatory attribute: maxReceiveCount.",
        ),
    ],
    ids=["key-129", "value-257", "redrive-empty"],
)
def test_the_same_refusals_over_the_query_protocol(server, queue, form, message):
    _, url = queue
    headers = {"Authorization": AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    response = requests.post(server.edge_url, data={**form, "QueueUrl": url}, headers=headers, timeout=10)
    assert response.status_code == 400
    assert f"<Code>InvalidParameterValue</Code><Message>{message}</Message><Detail/>" in response.text, (
        response.text
    )


def test_purge_forgets_the_fifo_deduplication_ids(sqs, unique_name):
    # LocalStack's AWS-validated test_purge_queue_clears_fifo_deduplication_cache: the same group and
    # deduplication id sent after PurgeQueue is delivered (it was dropped as a duplicate for 5 minutes).
    url = sqs.create_queue(QueueName=unique_name("purge") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    try:
        sqs.send_message(
            QueueUrl=url, MessageBody="message-1", MessageGroupId="g", MessageDeduplicationId="d"
        )
        sqs.purge_queue(QueueUrl=url)
        sqs.send_message(
            QueueUrl=url, MessageBody="message-2", MessageGroupId="g", MessageDeduplicationId="d"
        )
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        assert [m["Body"] for m in messages] == ["message-2"]
    finally:
        sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize("names", [["*"], ["All"], [".*"]], ids=["asterisk", "All", "dot-asterisk"])
def test_an_asterisk_names_every_message_attribute(sqs, unique_name, names):
    # Recorded against AWS (LocalStack's test_receive_message_message_attribute_names_filters,
    # all_wildcard_asterisk): the three attributes and their MD5.
    url = sqs.create_queue(QueueName=unique_name("names"), Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
    try:
        sqs.send_message(
            QueueUrl=url,
            MessageBody="msg",
            MessageAttributes={
                "Help.Me": {"DataType": "String", "StringValue": "Me"},
                "Hello": {"DataType": "String", "StringValue": "There"},
                "General": {"DataType": "String", "StringValue": "Kenobi"},
            },
        )
        message = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MessageAttributeNames=names)[
            "Messages"
        ][0]
        assert message["MD5OfMessageAttributes"] == "4c360f3fdafd970e05fae2f149d997f5"
        assert message["MessageAttributes"] == {
            "General": {"DataType": "String", "StringValue": "Kenobi"},
            "Hello": {"DataType": "String", "StringValue": "There"},
            "Help.Me": {"DataType": "String", "StringValue": "Me"},
        }
    finally:
        sqs.delete_queue(QueueUrl=url)


def _get(url: str, **params: str) -> requests.Response:
    # A query call made with GET on the queue URL, as LocalStack's AWS-validated TestSqsQueryApi sends it.
    return requests.get(
        url.replace("http://localhost", "http://127.0.0.1"),
        params=params,
        headers={"Authorization": AUTH},
        timeout=10,
    )


@pytest.mark.parametrize("accept", ["*/*", "application/json"])
def test_a_bare_get_of_a_queue_url_is_an_unknown_operation(queue, accept):
    _, url = queue
    response = requests.get(
        url.replace("http://localhost", "http://127.0.0.1"),
        headers={"Authorization": AUTH, "Accept": accept},
        timeout=10,
    )
    assert response.status_code == 404
    assert "<UnknownOperationException" in response.text and "xml" in response.headers["Content-Type"]


@pytest.mark.parametrize("action", ["CreateQueue", "ListQueues"])
def test_actions_of_no_queue_are_refused_on_a_queue_url(queue, unique_name, action):
    _, url = queue
    response = _get(url, Action=action, QueueName=unique_name("never"))
    assert response.status_code == 400
    assert "<Type>Sender</Type>" in response.text and "<Code>InvalidAction</Code>" in response.text
    assert f"<Message>The action {action} is not valid for this endpoint.</Message>" in response.text


def test_get_queue_url_of_another_queue_is_served_on_a_queue_url(sqs, queue, unique_name):
    _, url = queue
    other = sqs.create_queue(QueueName=unique_name("other"))["QueueUrl"]
    try:
        response = _get(url, Action="GetQueueUrl", QueueName=other.rsplit("/", 1)[1])
        assert response.status_code == 200 and f"<QueueUrl>{other}</QueueUrl>" in response.text
    finally:
        sqs.delete_queue(QueueUrl=other)


@pytest.fixture
def fifo(sqs, unique_name):
    made = []

    def make(**attributes: str) -> str:
        wanted = {"FifoQueue": "true", "ContentBasedDeduplication": "true", **attributes}
        url = sqs.create_queue(QueueName=unique_name("order") + ".fifo", Attributes=wanted)["QueueUrl"]
        made.append(url)
        return url

    yield make
    for url in made:
        sqs.delete_queue(QueueUrl=url)


def _send(sqs: Any, url: str, *bodies: str) -> None:
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="group-" + body[1])


def _bodies(answer: dict) -> list[str]:
    return [message["Body"] for message in answer.get("Messages", [])]


# The FIFO cases below are LocalStack's AWS-validated tests of message group ordering; each expected
# order is the one AWS gave.


def test_fifo_receive_serves_whole_groups(sqs, fifo):
    url = fifo()
    _send(sqs, url, "g1-m1", "g2-m1", "g1-m2", "g1-m3")
    assert _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)) == [
        "g1-m1",
        "g1-m2",
        "g1-m3",
        "g2-m1",
    ]


def test_fifo_groups_received_with_zero_visibility_queue_behind(sqs, fifo):
    url = fifo()
    _send(sqs, url, "g1-m1", "g2-m1", "g2-m2", "g3-m1", "g1-m2")
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3, VisibilityTimeout=0)
    assert _bodies(first) == ["g1-m1", "g1-m2", "g2-m1"]
    again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert _bodies(again) == ["g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2"]


def test_fifo_group_delivers_its_head_once_it_is_visible_again(sqs, fifo):
    url = fifo(VisibilityTimeout="30")
    _send(sqs, url, "g1-m1", "g1-m2", "g2-m1")
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2)
    assert _bodies(first) == ["g1-m1", "g1-m2"]
    handle = first["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
    # g1-m2 is still in flight: only the head of group 1 comes back, after group 2.
    again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3, WaitTimeSeconds=2)
    assert _bodies(again) == ["g2-m1", "g1-m1"]


@pytest.mark.parametrize("delete_both", [True, False], ids=["full-delete", "partial-delete"])
def test_fifo_group_after_delete(sqs, fifo, delete_both):
    url = fifo()
    # The second "g1-m2" has the same body, so content-based deduplication drops it.
    _send(sqs, url, "g1-m1", "g2-m1", "g1-m2", "g2-m2", "g1-m2", "g1-m3", "g1-m4", "g3-m1")
    first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2)
    assert _bodies(first) == ["g1-m1", "g1-m2"]
    for message in first["Messages"][: 2 if delete_both else 1]:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    drained = _bodies(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10))
    if delete_both:
        assert drained == ["g2-m1", "g2-m2", "g1-m3", "g1-m4", "g3-m1"]
    else:
        assert drained == ["g2-m1", "g2-m2", "g3-m1"]  # g1-m2 is in flight: group 1 waits
