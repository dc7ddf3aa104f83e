"""SNS deliveries to SQS honour the queue's access policy, as AWS does (also within one account): only a
statement allowing sns.amazonaws.com (or everyone) to SendMessage lets the message in; otherwise the
message is dropped, or goes to the subscription's dead-letter queue (a client-side error)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.queue_policy_support import allow_service
from tests.integration.test_sns_delivery_support import allow_sns, queue_arn, receive


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queue(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    yield url, queue_arn(sqs, url)
    sqs.delete_queue(QueueUrl=url)


def _set_policy(sqs: Any, url: str, *statements: dict) -> None:
    policy = {"Version": "2012-10-17", "Statement": list(statements)}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})


def _statement(arn: str, principal: Any, effect: str = "Allow", **extra: Any) -> dict:
    return {"Effect": effect, "Principal": principal, "Action": "sqs:SendMessage", "Resource": arn, **extra}


def _published(sns, sqs, topic: str, url: str, arn: str) -> list[dict]:
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="hello")
    return receive(sqs, url, deadline=2.0)


def test_queue_without_policy_gets_nothing(sns, sqs, topic, queue):
    url, arn = queue
    assert _published(sns, sqs, topic, url, arn) == []


def test_service_principal_lets_the_topic_deliver(sns, sqs, topic, queue):
    url, arn = queue
    allow_sns(sqs, url, arn)
    assert [m["Body"] for m in _published(sns, sqs, topic, url, arn)] == ["hello"]


def test_source_arn_condition_must_name_the_topic(sns, sqs, topic, queue, unique_name):
    url, arn = queue
    other = sns.create_topic(Name=unique_name("other"))["TopicArn"]
    try:
        condition = {"ArnEquals": {"aws:SourceArn": topic}}
        _set_policy(sqs, url, _statement(arn, {"AWS": "*"}, Condition=condition))
        assert _published(sns, sqs, other, url, arn) == []
        assert [m["Body"] for m in _published(sns, sqs, topic, url, arn)] == ["hello"]
    finally:
        sns.delete_topic(TopicArn=other)


def test_account_root_principal_does_not_name_sns(sns, sqs, topic, queue):
    url, arn = queue
    account = arn.split(":")[4]
    _set_policy(sqs, url, _statement(arn, {"AWS": f"arn:aws:iam::{account}:root"}))
    assert _published(sns, sqs, topic, url, arn) == []


def test_explicit_deny_wins(sns, sqs, topic, queue):
    url, arn = queue
    _set_policy(
        sqs,
        url,
        _statement(arn, {"Service": "sns.amazonaws.com"}),
        _statement(arn, "*", "Deny", Condition={"ArnLike": {"aws:SourceArn": "arn:aws:sns:*"}}),
    )
    assert _published(sns, sqs, topic, url, arn) == []


def test_refused_delivery_goes_to_the_subscription_dlq(sns, sqs, topic, queue, unique_name):
    url, arn = queue
    dlq_url = sqs.create_queue(QueueName=unique_name("dlq"))["QueueUrl"]
    try:
        dlq_arn = allow_sns(sqs, dlq_url)
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn})
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RedrivePolicy": redrive})
        message_id = sns.publish(TopicArn=topic, Message="refused")["MessageId"]
        (dead,) = receive(sqs, dlq_url)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        assert receive(sqs, url, deadline=1.0) == []
    finally:
        sqs.delete_queue(QueueUrl=dlq_url)


def test_dlq_without_policy_loses_the_message(sns, sqs, topic, queue, unique_name):
    url, arn = queue
    dlq_url = sqs.create_queue(QueueName=unique_name("dlq"))["QueueUrl"]
    try:
        redrive = json.dumps({"deadLetterTargetArn": queue_arn(sqs, dlq_url)})
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RedrivePolicy": redrive})
        sns.publish(TopicArn=topic, Message="lost")
        assert receive(sqs, dlq_url, deadline=2.0) == []
    finally:
        sqs.delete_queue(QueueUrl=dlq_url)


def test_queue_of_another_account_confirms_the_subscription(sns, aws_client, topic, unique_name):
    """A topic owner subscribing another account's queue gets a pending subscription; the queue receives
    the SubscriptionConfirmation and its owner confirms with the token (the queue owner subscribing
    itself needs no confirmation)."""
    owner = {"aws_access_key_id": "111111111111"}
    other_sqs, other_sns = aws_client("sqs", credentials=owner), aws_client("sns", credentials=owner)
    url = other_sqs.create_queue(QueueName=unique_name("foreign"))["QueueUrl"]
    try:
        arn = queue_arn(other_sqs, url)
        assert arn.split(":")[4] == "111111111111"
        allow_service(other_sqs, url, "sns.amazonaws.com", source_arn=topic, queue_arn=arn)
        assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"] == (
            "pending confirmation"
        )
        (confirmation,) = receive(other_sqs, url)
        document = json.loads(confirmation["Body"])
        assert document["Type"] == "SubscriptionConfirmation" and document["TopicArn"] == topic
        assert "Action=ConfirmSubscription" in document["SubscribeURL"]
        sns.publish(TopicArn=topic, Message="not yet")
        assert receive(other_sqs, url, deadline=1.0) == []
        confirmed = other_sns.confirm_subscription(TopicArn=topic, Token=document["Token"])
        attributes = sns.get_subscription_attributes(SubscriptionArn=confirmed["SubscriptionArn"])
        assert attributes["Attributes"]["PendingConfirmation"] == "false"
        sns.publish(TopicArn=topic, Message="now")
        assert [json.loads(m["Body"])["Message"] for m in receive(other_sqs, url)] == ["now"]
        own = other_sqs.create_queue(QueueName=unique_name("own"))["QueueUrl"]
        try:
            subscribed = other_sns.subscribe(
                TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(other_sqs, own)
            )
            assert subscribed["SubscriptionArn"].startswith(topic + ":")
        finally:
            other_sqs.delete_queue(QueueUrl=own)
    finally:
        other_sqs.delete_queue(QueueUrl=url)
