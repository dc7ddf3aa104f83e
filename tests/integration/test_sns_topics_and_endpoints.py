"""SNS CreateTopic of an existing name with other tags, Publish to a topic that does not exist, and
Subscribe's Lambda endpoint ARN, with AWS's codes and messages."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from tests.integration.sns_fixtures import error_of


def test_create_existing_topic_with_other_tags(sns: Any, unique_name: Callable[[str], str]) -> None:
    name = unique_name("t")
    arn = sns.create_topic(Name=name, Tags=[{"Key": "team", "Value": "a"}])["TopicArn"]
    try:
        assert sns.create_topic(Name=name)["TopicArn"] == arn
        assert sns.create_topic(Name=name, Tags=[{"Key": "team", "Value": "a"}])["TopicArn"] == arn
        for tags in ([{"Key": "team", "Value": "b"}], [{"Key": "other", "Value": "a"}]):
            assert error_of(sns.create_topic, Name=name, Tags=tags) == (
                "InvalidParameter",
                "Invalid parameter: Tags Reason: Topic already exists with different tags",
            )
        assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "a"}]
    finally:
        sns.delete_topic(TopicArn=arn)


def test_publish_to_a_topic_that_does_not_exist(sns: Any, unique_name: Callable[[str], str]) -> None:
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    sns.delete_topic(TopicArn=arn)
    assert error_of(sns.publish, TopicArn=arn, Message="m") == ("NotFound", "Topic does not exist")
    assert error_of(sns.publish, TargetArn=arn, Message="m") == ("NotFound", "Topic does not exist")
    # The error carries AWS's Type, Code and Message only (moto added a lowercase <message>).
    with pytest.raises(ClientError) as error:
        sns.get_topic_attributes(TopicArn=arn)
    assert error.value.response["Error"] == {
        "Type": "Sender",
        "Code": "NotFound",
        "Message": "Topic does not exist",
    }


def test_lambda_endpoint_must_be_a_function_arn(sns: Any, unique_name: Callable[[str], str]) -> None:
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    try:
        assert error_of(sns.subscribe, TopicArn=arn, Protocol="lambda", Endpoint="my-function") == (
            "InvalidParameter",
            "Invalid parameter: Lambda endpoint ARN",
        )
    finally:
        sns.delete_topic(TopicArn=arn)


def test_firehose_endpoint_must_be_a_stream_arn(sns: Any, topic: str) -> None:
    role = {"SubscriptionRoleArn": "arn:aws:iam::000000000000:role/r"}
    assert error_of(
        sns.subscribe, TopicArn=topic, Protocol="firehose", Endpoint="stream", Attributes=role
    ) == (
        "InvalidParameter",
        "Invalid parameter: Firehose endpoint ARN",
    )


@pytest.mark.parametrize("address", ["this is not an email", "foo@bar.com;foo@baz.io", "nobody"])
def test_email_endpoint_is_one_address(sns: Any, unique_name: Callable[[str], str], address: str) -> None:
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    try:
        for protocol in ("email", "email-json"):
            assert error_of(sns.subscribe, TopicArn=arn, Protocol=protocol, Endpoint=address) == (
                "InvalidParameter",
                "Invalid parameter: Email address",
            )
        answer = sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="someone@example.com")
        assert answer["SubscriptionArn"] == "pending confirmation"
    finally:
        sns.delete_topic(TopicArn=arn)


def test_confirm_subscription_token_shapes(sns: Any, unique_name: Callable[[str], str]) -> None:
    """As recorded against AWS: a token that is not 288 hex digits is an "Invalid token"; a well-formed
    token that was never sent, or one given with another topic, is "Invalid parameter: Token"."""
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    well_formed = "51b2ff3e" * 36
    try:
        for token in ("randomtoken", well_formed[:-1]):
            assert error_of(sns.confirm_subscription, TopicArn=arn, Token=token) == (
                "InvalidParameter",
                "Invalid token",
            )
        for topic in (arn, arn[:-1] + "i"):
            assert error_of(sns.confirm_subscription, TopicArn=topic, Token=well_formed) == (
                "InvalidParameter",
                "Invalid parameter: Token",
            )
    finally:
        sns.delete_topic(TopicArn=arn)


def test_subscription_attributes_of_malformed_arns(sns: Any, unique_name: Callable[[str], str]) -> None:
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    try:
        for call in (sns.get_subscription_attributes, sns.unsubscribe):
            assert error_of(call, SubscriptionArn="PendingConfirmation") == (
                "InvalidParameter",
                "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
            )
        assert error_of(sns.get_subscription_attributes, SubscriptionArn=arn) == (
            "InvalidParameter",
            "Invalid parameter: SubscriptionId",
        )
        missing = f"{arn}:6f1f2b0a-1111-4222-8333-444455556666"
        assert error_of(sns.get_subscription_attributes, SubscriptionArn=missing) == (
            "NotFound",
            "Subscription does not exist",
        )
        assert error_of(
            sns.set_subscription_attributes,
            SubscriptionArn=missing,
            AttributeName="RawMessageDelivery",
            AttributeValue="true",
        ) == ("NotFound", "Subscription does not exist")
    finally:
        sns.delete_topic(TopicArn=arn)


JACKSON_SOURCE = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


def test_policies_that_are_not_json(
    sns: Any, unique_name: Callable[[str], str], aws_client: Callable[..., Any]
) -> None:
    """The parser's account of the error, as recorded against AWS."""
    sqs = aws_client("sqs")
    arn = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    queue = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    try:
        assert error_of(
            sns.subscribe,
            TopicArn=arn,
            Protocol="sqs",
            Endpoint=queue_arn,
            Attributes={"FilterPolicy": "invalid"},
        ) == (
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON. Unrecognized token "
            "'invalid': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
            f"\n at [Source: {JACKSON_SOURCE}; line: 1, column: 8]",
        )
        subscription = sns.subscribe(
            TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, ReturnSubscriptionArn=True
        )["SubscriptionArn"]
        for name in ("RedrivePolicy", "FilterPolicy"):
            assert error_of(
                sns.set_subscription_attributes,
                SubscriptionArn=subscription,
                AttributeName=name,
                AttributeValue="{invalidjson}",
            ) == (
                "InvalidParameter",
                f"Invalid parameter: {name}: failed to parse JSON. Unexpected character ('i' (code 105)): "
                "was expecting double-quote to start field name"
                f"\n at [Source: {JACKSON_SOURCE}; line: 1, column: 2]",
            )
    finally:
        sns.delete_topic(TopicArn=arn)
        sqs.delete_queue(QueueUrl=queue)


def test_topic_attributes_set_are_shown(sns: Any, unique_name: Callable[[str], str]) -> None:
    # GetTopicAttributes (API reference) lists SignatureVersion, TracingConfig and, for FIFO topics,
    # ArchivePolicy; the delivery-status attributes come back as set (Terraform reads them).
    arn = sns.create_topic(Name=unique_name("shown"), Attributes={"SignatureVersion": "2"})["TopicArn"]
    fifo = sns.create_topic(
        Name=unique_name("shown") + ".fifo",
        Attributes={"FifoTopic": "true", "FifoThroughputScope": "MessageGroup"},
    )["TopicArn"]
    try:
        role = "arn:aws:iam::000000000000:role/feedback"
        for name, value in (
            ("TracingConfig", "Active"),
            ("HTTPSuccessFeedbackRoleArn", role),
            ("HTTPSuccessFeedbackSampleRate", "50"),
            ("SQSFailureFeedbackRoleArn", role),
        ):
            sns.set_topic_attributes(TopicArn=arn, AttributeName=name, AttributeValue=value)
        shown = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        assert {k: shown.get(k) for k in ("SignatureVersion", "TracingConfig")} == {
            "SignatureVersion": "2",
            "TracingConfig": "Active",
        }
        assert shown["HTTPSuccessFeedbackRoleArn"] == role and shown["SQSFailureFeedbackRoleArn"] == role
        assert shown["HTTPSuccessFeedbackSampleRate"] == "50"
        assert "LambdaSuccessFeedbackRoleArn" not in shown and "ArchivePolicy" not in shown
        archive = '{"MessageRetentionPeriod":"30"}'
        sns.set_topic_attributes(TopicArn=fifo, AttributeName="ArchivePolicy", AttributeValue=archive)
        shown = sns.get_topic_attributes(TopicArn=fifo)["Attributes"]
        assert shown["FifoThroughputScope"] == "MessageGroup"
        assert json.loads(shown["ArchivePolicy"]) == {"MessageRetentionPeriod": "30"}
    finally:
        sns.delete_topic(TopicArn=arn)
        sns.delete_topic(TopicArn=fifo)


@pytest.mark.parametrize(
    "protocol, endpoint",
    [("lambda", "arn:aws:lambda:us-east-1:000000000000:function:raw"), ("email", "raw@example.com")],
)
def test_raw_delivery_refused_when_set_on_a_protocol_without_it(
    sns: Any, topic: str, protocol: str, endpoint: str
) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint, ReturnSubscriptionArn=True)[
        "SubscriptionArn"
    ]
    assert error_of(
        sns.set_subscription_attributes,
        SubscriptionArn=arn,
        AttributeName="RawMessageDelivery",
        AttributeValue="true",
    ) == (
        "InvalidParameter",
        f"Invalid parameter: Delivery protocol [{protocol}] does not support raw message delivery.",
    )
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="false"
    )
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["RawMessageDelivery"] == "false"


def test_unsubscribe_of_an_empty_arn(sns: Any) -> None:
    # Recorded against AWS (LocalStack's test_unsubscribe_wrong_arn_format): an empty value is no value.
    assert error_of(sns.unsubscribe, SubscriptionArn="") == (
        "InvalidParameter",
        "Invalid parameter: SubscriptionArn Reason: no value for required parameter",
    )
