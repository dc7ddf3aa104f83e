"""SNS delivery to Lambda: an asynchronous invoke with AWS's SNS event (Records[].Sns), filters applied,
and a missing function sending the message to the subscription's DLQ."""

from __future__ import annotations

import json

import pytest

from tests.integration.esm_functions.harness import Recorder
from tests.integration.test_sns_delivery_support import allow_sns, receive


@pytest.fixture
def sns(aws_client):
    return aws_client("sns")


@pytest.fixture
def topic(sns, unique_name):
    arn = sns.create_topic(Name=unique_name("lambda"))["TopicArn"]
    yield arn
    sns.delete_topic(TopicArn=arn)


@pytest.fixture
def recorder(aws_client, unique_name):
    function = Recorder(aws_client("lambda"), aws_client("sqs"), unique_name("sns-fn"))
    function.require_invoke()
    function.drain()
    yield function
    function.delete()


def test_lambda_receives_sns_event(sns, topic, recorder):
    subscription = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=recorder.arn)["SubscriptionArn"]
    message_id = sns.publish(
        TopicArn=topic,
        Message="hello function",
        Subject="subject line",
        MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
    )["MessageId"]
    (event,) = recorder.events(lambda events: len(events) >= 1)
    (record,) = event["Records"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventVersion"] == "1.0"
    assert record["EventSubscriptionArn"] == subscription
    sns_part = record["Sns"]
    assert sns_part["Type"] == "Notification"
    assert sns_part["MessageId"] == message_id
    assert sns_part["TopicArn"] == topic
    assert sns_part["Subject"] == "subject line"
    assert sns_part["Message"] == "hello function"
    assert sns_part["MessageAttributes"] == {"k": {"Type": "String", "Value": "v"}}
    assert sns_part["SignatureVersion"] == "1"
    assert {"Timestamp", "Signature", "SigningCertUrl", "UnsubscribeUrl"} <= set(sns_part)


def test_lambda_event_without_subject_and_filtered(sns, topic, recorder):
    sns.subscribe(
        TopicArn=topic,
        Protocol="lambda",
        Endpoint=recorder.arn,
        Attributes={"FilterPolicy": json.dumps({"kind": ["wanted"]})},
    )
    sns.publish(
        TopicArn=topic,
        Message="skip me",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "no"}},
    )
    sns.publish(
        TopicArn=topic,
        Message="take me",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "wanted"}},
    )
    events = recorder.events(lambda found: len(found) >= 2, timeout=5)
    assert [e["Records"][0]["Sns"]["Message"] for e in events] == ["take me"]
    assert events[0]["Records"][0]["Sns"]["Subject"] is None


def test_missing_function_goes_to_dlq(sns, aws_client, topic, unique_name):
    sqs = aws_client("sqs")
    dlq = sqs.create_queue(QueueName=unique_name("fn-dlq"))["QueueUrl"]
    try:
        sns.subscribe(
            TopicArn=topic,
            Protocol="lambda",
            Endpoint=f"arn:aws:lambda:us-east-1:000000000000:function:{unique_name('absent')}",
            Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": allow_sns(sqs, dlq)})},
        )
        message_id = sns.publish(TopicArn=topic, Message="no function")["MessageId"]
        (dead,) = receive(sqs, dlq)
        assert json.loads(dead["Body"])["MessageId"] == message_id
    finally:
        sqs.delete_queue(QueueUrl=dlq)
