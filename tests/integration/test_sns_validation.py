"""SNS answers as AWS gives them: Publish and PublishBatch validation, Subscribe and
SetSubscriptionAttributes checks, GetTopicAttributes fields, ListSubscriptionsByTopic paging, FIFO
topic to FIFO queue delivery, HTTP deliveries that follow the DeliveryPolicy, platform endpoints and
data protection policies."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from tests.integration.sns_fixtures import error_of
from tests.integration.test_sns_delivery_http import Recorder
from tests.integration.test_sns_delivery_support import allow_sns, queue_arn, receive, wait_for


def _string(value: str) -> dict[str, str]:
    return {"DataType": "String", "StringValue": value}


@pytest.mark.parametrize(
    "params, code, message",
    [
        ({"Message": ""}, "InvalidParameter", "Invalid parameter: Empty message"),
        ({"Message": "m", "Subject": ""}, "InvalidParameter", "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": "two\nlines"}, "InvalidParameter", "Invalid parameter: Subject"),
        ({"Message": "m", "Subject": "s" * 100}, "InvalidParameter", "Invalid parameter: Subject"),
        ({"Message": "x" * 262145}, "InvalidParameter", "Invalid parameter: Message too long"),
        (
            {"Message": "x" * 262100, "MessageAttributes": {"attribute": _string("y" * 100)}},
            "InvalidParameter",
            "Invalid parameter: Message too long",
        ),
        (
            {"Message": json.dumps({"sqs": "x"}), "MessageStructure": "json"},
            "InvalidParameter",
            "Invalid parameter: Message Structure - No default entry in JSON message body",
        ),
        (
            {"Message": "not json", "MessageStructure": "json"},
            "InvalidParameter",
            "Invalid parameter: Message Structure - JSON message body failed to parse",
        ),
        (
            {"Message": "m", "MessageDeduplicationId": "d"},
            "InvalidParameter",
            "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
            "parameter that is not valid for this topic type",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a": {"DataType": "Text", "StringValue": "x"}}},
            "ParameterValueInvalid",
            "The message attribute 'a' has an invalid message attribute type, the set of supported type "
            "prefixes is Binary, Number, and String.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a": {"DataType": "String"}}},
            "ParameterValueInvalid",
            "The message attribute 'a' must contain non-empty message attribute value for message attribute "
            "type 'String'.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a": {"DataType": "String", "BinaryValue": b"x"}}},
            "ParameterValueInvalid",
            "The message attribute 'a' with type 'String' must use field 'String'.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a": {"DataType": "Binary", "StringValue": "x"}}},
            "ParameterValueInvalid",
            "The message attribute 'a' with type 'Binary' must use field 'Binary'.",
        ),
        (
            {"Message": "m", "MessageAttributes": {".a": _string("x")}},
            "ParameterValueInvalid",
            "Invalid message attribute name starting with character '.' was found.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a.": _string("x")}},
            "ParameterValueInvalid",
            "Invalid message attribute name ending with character '.' was found.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a..b": _string("x")}},
            "ParameterValueInvalid",
            "Message attribute name can not have successive '.' character.",
        ),
        (
            {"Message": "m", "MessageAttributes": {"a b": _string("x")}},
            "ParameterValueInvalid",
            "Invalid non-alphanumeric character '#x20' was found in the message attribute name. Can only "
            "include alphanumeric characters, hyphens, underscores, or dots.",
        ),
    ],
)
def test_publish_validation(sns: Any, topic: str, params: dict, code: str, message: str) -> None:
    assert error_of(sns.publish, TopicArn=topic, **params) == (code, message)


def test_publish_targets(sns: Any, topic: str) -> None:
    assert error_of(sns.publish, Message="m") == (
        "InvalidParameter",
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
    )
    assert error_of(sns.publish, PhoneNumber="call-me", Message="m") == (
        "InvalidParameter",
        "Invalid parameter: PhoneNumber Reason: call-me is not valid to publish to",
    )
    assert sns.publish(PhoneNumber="+15551234567", Message="m")["MessageId"]
    # A JSON structure whose default is not a string has no default.
    assert error_of(
        sns.publish, TopicArn=topic, Message=json.dumps({"default": {"a": 1}}), MessageStructure="json"
    )[1] == ("Invalid parameter: Message Structure - No default entry in JSON message body")


def test_publish_fifo_fields(sns: Any, fifo_topic: str) -> None:
    assert error_of(sns.publish, TopicArn=fifo_topic, Message="m") == (
        "InvalidParameter",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    )
    assert error_of(sns.publish, TopicArn=fifo_topic, Message="m", MessageGroupId="g") == (
        "InvalidParameter",
        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
        "MessageDeduplicationId provided explicitly",
    )
    first = sns.publish(TopicArn=fifo_topic, Message="m", MessageGroupId="g", MessageDeduplicationId="1")
    second = sns.publish(TopicArn=fifo_topic, Message="m", MessageGroupId="g", MessageDeduplicationId="2")
    assert len(first["SequenceNumber"]) == 20
    assert int(second["SequenceNumber"]) > int(first["SequenceNumber"])


def test_publish_batch_validation(sns: Any, topic: str, fifo_topic: str) -> None:
    def batch(arn: str, entries: list[dict]) -> tuple[str, str]:
        return error_of(sns.publish_batch, TopicArn=arn, PublishBatchRequestEntries=entries)

    assert batch(topic, [{"Id": "a" * 81, "Message": "m"}]) == (
        "InvalidBatchEntryId",
        f"The Id of a batch entry in the batch request is too long: {'a' * 81}",
    )
    assert batch(topic, [{"Id": "a.b", "Message": "m"}]) == (
        "InvalidBatchEntryId",
        "The Id of a batch entry in the batch request contains an impermissible character: a.b",
    )
    assert batch(topic, [{"Id": str(i), "Message": "x" * 30000} for i in range(10)]) == (
        "BatchRequestTooLong",
        "The length of all the messages put together is more than the limit.",
    )
    assert (
        batch(
            topic,
            [
                {
                    "Id": "1",
                    "Message": "m",
                    "MessageAttributes": {"a": {"DataType": "Nope", "StringValue": "x"}},
                }
            ],
        )[0]
        == "ParameterValueInvalid"
    )
    assert batch(fifo_topic, [{"Id": "1", "Message": "m"}]) == (
        "InvalidParameter",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    )
    answer = sns.publish_batch(
        TopicArn=fifo_topic,
        PublishBatchRequestEntries=[
            {"Id": "1", "Message": "a", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
            {"Id": "2", "Message": "b", "MessageGroupId": "g", "MessageDeduplicationId": "2"},
        ],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["1", "2"] and answer["Failed"] == []


@pytest.mark.parametrize(
    "protocol, endpoint, attributes, message",
    [
        ("smoke", "x", {}, "Invalid parameter: Amazon SNS does not support this protocol string: smoke"),
        ("http", "https://example.com", {}, "Invalid parameter: Endpoint must match the specified protocol"),
        ("sqs", "not-an-arn", {}, "Invalid parameter: SQS endpoint ARN"),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q.fifo",
            {},
            "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to "
            "standard SNS topics",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"Nope": "x"},
            "Invalid parameter: Attributes Reason: AttributeName",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"RawMessageDelivery": "yes"},
            "Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. "
            "Must be true or false.",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"FilterPolicyScope": "Body"},
            "Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [Body]. "
            "Please use either MessageBody or MessageAttributes",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"FilterPolicy": "{"},
            "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON.",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {
                "FilterPolicy": json.dumps(
                    {"a": list(range(100)), "b": list(range(100)), "c": list(range(20))}
                )
            },
            "Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"RedrivePolicy": "{"},
            "Invalid parameter: Attributes Reason: RedrivePolicy: failed to parse JSON.",
        ),
        (
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:q",
            {"RedrivePolicy": json.dumps({"deadLetterTargetArn": "nope"})},
            "Invalid parameter: Attributes Reason: RedrivePolicy: deadLetterTargetArn is an invalid arn",
        ),
    ],
)
def test_subscribe_validation(
    sns: Any, topic: str, protocol: str, endpoint: str, attributes: dict, message: str
) -> None:
    code, text = error_of(
        sns.subscribe, TopicArn=topic, Protocol=protocol, Endpoint=endpoint, Attributes=attributes
    )
    assert (code, text) == ("InvalidParameter", message)


def test_fifo_subscription_needs_fifo_dead_letter_queue(sns: Any, fifo_topic: str) -> None:
    policy = json.dumps({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:dlq"})
    assert error_of(
        sns.subscribe,
        TopicArn=fifo_topic,
        Protocol="sqs",
        Endpoint="arn:aws:sqs:us-east-1:000000000000:q.fifo",
        Attributes={"RedrivePolicy": policy},
    ) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO "
        "Subscription to a FIFO Topic.",
    )


def test_subscription_attributes(
    sns: Any, topic: str, aws_client: Callable[..., Any], unique_name: Callable
) -> None:
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        arn = sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(sqs, url), ReturnSubscriptionArn=True
        )["SubscriptionArn"]
        shown = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        assert shown["PendingConfirmation"] == "false" and shown["ConfirmationWasAuthenticated"] == "true"
        assert "FilterPolicyScope" not in shown
        sns.set_subscription_attributes(
            SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue='{"a": ["b"]}'
        )
        sns.set_subscription_attributes(
            SubscriptionArn=arn,
            AttributeName="SubscriptionRoleArn",
            AttributeValue="arn:aws:iam::000000000000:role/r",
        )
        shown = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        assert shown["FilterPolicyScope"] == "MessageAttributes"
        assert shown["SubscriptionRoleArn"] == "arn:aws:iam::000000000000:role/r"
        for name, value, message in (
            ("Nope", "x", "Invalid parameter: AttributeName"),
            (
                "RawMessageDelivery",
                "x",
                "Invalid parameter: RawMessageDelivery: Invalid value [x]. Must be true or false.",
            ),
            (
                "FilterPolicyScope",
                "x",
                "Invalid parameter: FilterPolicyScope: Invalid value [x]. Please use either MessageBody or "
                "MessageAttributes",
            ),
        ):
            assert error_of(
                sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName=name, AttributeValue=value
            ) == ("InvalidParameter", message)
        assert error_of(sns.get_subscription_attributes, SubscriptionArn=arn + "0") == (
            "NotFound",
            "Subscription does not exist",
        )
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_topic_attributes(sns: Any, topic: str, fifo_topic: str) -> None:
    for index in range(2):
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=f"user{index}@example.com")
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15551234567")
    shown = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert set(shown) == {
        "Policy",
        "Owner",
        "SubscriptionsPending",
        "TopicArn",
        "EffectiveDeliveryPolicy",
        "SubscriptionsConfirmed",
        "DisplayName",
        "SubscriptionsDeleted",
    }
    assert (
        shown["SubscriptionsPending"],
        shown["SubscriptionsConfirmed"],
        shown["SubscriptionsDeleted"],
    ) == (
        "2",
        "1",
        "0",
    )
    assert json.loads(shown["EffectiveDeliveryPolicy"]) == {
        "http": {
            "defaultHealthyRetryPolicy": {
                "minDelayTarget": 20,
                "maxDelayTarget": 20,
                "numRetries": 3,
                "numMaxDelayRetries": 0,
                "numNoDelayRetries": 0,
                "numMinDelayRetries": 0,
                "backoffFunction": "linear",
            },
            "disableSubscriptionOverrides": False,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
        }
    }
    fifo = sns.get_topic_attributes(TopicArn=fifo_topic)["Attributes"]
    assert fifo["FifoTopic"] == "true" and fifo["ContentBasedDeduplication"] == "false"
    assert error_of(sns.set_topic_attributes, TopicArn=topic, AttributeName="Nope", AttributeValue="x") == (
        "InvalidParameter",
        "Invalid parameter: AttributeName",
    )


def test_list_subscriptions_by_topic_pages(sns: Any, topic: str) -> None:
    for index in range(101):
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=f"page{index}@example.com")
    first = sns.list_subscriptions_by_topic(TopicArn=topic)
    assert len(first["Subscriptions"]) == 100 and first["NextToken"]
    second = sns.list_subscriptions_by_topic(TopicArn=topic, NextToken=first["NextToken"])
    assert len(second["Subscriptions"]) == 1 and "NextToken" not in second
    endpoints = {s["Endpoint"] for s in first["Subscriptions"] + second["Subscriptions"]}
    assert len(endpoints) == 101


def test_fifo_topic_to_fifo_queue_keeps_group_order(
    sns: Any, fifo_topic: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("q") + ".fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    raw_url = sqs.create_queue(QueueName=unique_name("r") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    try:
        sns.subscribe(TopicArn=fifo_topic, Protocol="sqs", Endpoint=allow_sns(sqs, url))
        sns.subscribe(
            TopicArn=fifo_topic,
            Protocol="sqs",
            Endpoint=allow_sns(sqs, raw_url),
            Attributes={"RawMessageDelivery": "true"},
        )
        sequence = {}
        for index in range(6):
            answer = sns.publish(
                TopicArn=fifo_topic,
                Message=f"m{index}",
                MessageGroupId=f"g{index % 2}",
                MessageDeduplicationId=f"d{index}",
            )
            sequence[f"m{index}"] = answer["SequenceNumber"]
        # A duplicate within the deduplication window is accepted and not delivered again.
        sns.publish(TopicArn=fifo_topic, Message="m0", MessageGroupId="g0", MessageDeduplicationId="d0")
        messages = receive(sqs, url, count=6, deadline=15)
        assert len(messages) == 6
        by_group: dict[str, list[str]] = {}
        for message in messages:
            body = json.loads(message["Body"])
            assert body["Type"] == "Notification" and body["TopicArn"] == fifo_topic
            assert body["SequenceNumber"] == sequence[body["Message"]]
            assert "Signature" not in body and "SigningCertURL" not in body and "SignatureVersion" not in body
            group = message["Attributes"]["MessageGroupId"]
            assert message["Attributes"]["MessageDeduplicationId"] == f"d{body['Message'][1:]}"
            by_group.setdefault(group, []).append(body["Message"])
        assert by_group == {"g0": ["m0", "m2", "m4"], "g1": ["m1", "m3", "m5"]}
        raw = receive(sqs, raw_url, count=6, deadline=15)
        assert sorted(m["Body"] for m in raw) == [f"m{i}" for i in range(6)]
        time.sleep(0.5)
        assert receive(sqs, url, count=1, deadline=1) == []
    finally:
        sqs.delete_queue(QueueUrl=url)
        sqs.delete_queue(QueueUrl=raw_url)


def test_http_delivery_follows_delivery_policy(sns: Any, topic: str) -> None:
    endpoint = Recorder()
    try:
        answer = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=f"{endpoint.url}/hook")
        assert answer["SubscriptionArn"] == "pending confirmation"
        (confirmation,) = wait_for(lambda: endpoint.of_type("SubscriptionConfirmation"))
        token = json.loads(confirmation[2])["Token"]
        arn = sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
        shown = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        assert "DeliveryPolicy" not in shown
        assert shown["EffectiveDeliveryPolicy"] == (
            '{"healthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,'
            '"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"sicklyRetryPolicy":null,'
            '"throttlePolicy":null,"requestPolicy":{"headerContentType":"text/plain; charset=UTF-8"},'
            '"guaranteed":false}'
        )
        policy = {
            "healthyRetryPolicy": {
                "numRetries": 4,
                "numNoDelayRetries": 2,
                "minDelayTarget": 1,
                "maxDelayTarget": 1,
                "backoffFunction": "linear",
            },
            "requestPolicy": {"headerContentType": "application/json"},
        }
        sns.set_subscription_attributes(
            SubscriptionArn=arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy)
        )
        shown = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        assert json.loads(shown["DeliveryPolicy"]) == {
            "healthyRetryPolicy": {
                "minDelayTarget": 1,
                "maxDelayTarget": 1,
                "numRetries": 4,
                "numMaxDelayRetries": 0,
                "numNoDelayRetries": 2,
                "numMinDelayRetries": 0,
                "backoffFunction": "linear",
            },
            "sicklyRetryPolicy": None,
            "throttlePolicy": None,
            "requestPolicy": {"headerContentType": "application/json"},
            "guaranteed": False,
        }
        assert shown["EffectiveDeliveryPolicy"] == shown["DeliveryPolicy"]
        endpoint.status = 500
        started = time.monotonic()
        sns.publish(TopicArn=topic, Message="retry me")
        attempts = wait_for(
            lambda: len(endpoint.of_type("Notification")) >= 5 and endpoint.of_type("Notification"), 15
        )
        elapsed = time.monotonic() - started
        assert len(attempts) == 5  # the first try and numRetries retries
        assert elapsed >= 1.5  # two immediate retries, then two after a second each
        assert {headers["content-type"] for _, headers, _ in attempts} == {"application/json"}
        time.sleep(1.5)
        assert len(endpoint.of_type("Notification")) == 5
    finally:
        endpoint.close()


def test_platform_endpoint_publish(sns: Any, unique_name: Callable[[str], str]) -> None:
    application = sns.create_platform_application(
        Name=unique_name("app"), Platform="GCM", Attributes={"PlatformCredential": "key"}
    )["PlatformApplicationArn"]
    try:
        endpoint = sns.create_platform_endpoint(PlatformApplicationArn=application, Token="token-1")[
            "EndpointArn"
        ]
        assert (
            sns.create_platform_endpoint(PlatformApplicationArn=application, Token="token-1")["EndpointArn"]
            == endpoint
        )
        assert sns.get_endpoint_attributes(EndpointArn=endpoint)["Attributes"] == {
            "Token": "token-1",
            "Enabled": "true",
        }
        assert sns.publish(TargetArn=endpoint, Message=json.dumps({"GCM": "{}"}), MessageStructure="json")[
            "MessageId"
        ]
        assert error_of(sns.publish, TargetArn=endpoint + "0", Message="m") == (
            "InvalidParameter",
            "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified",
        )
        sns.set_endpoint_attributes(EndpointArn=endpoint, Attributes={"Enabled": "false"})
        assert error_of(sns.publish, TargetArn=endpoint, Message="m") == (
            "EndpointDisabled",
            "Endpoint is disabled",
        )
    finally:
        sns.delete_platform_application(PlatformApplicationArn=application)


def test_data_protection_policy(sns: Any, topic: str, unique_name: Callable[[str], str]) -> None:
    policy = json.dumps(
        {
            "Name": "policy",
            "Version": "2021-06-01",
            "Statement": [
                {
                    "Sid": "deny-email",
                    "DataDirection": "Inbound",
                    "Principal": ["*"],
                    "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
                    "Operation": {"Deny": {}},
                }
            ],
        }
    )
    sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == policy
    assert error_of(sns.get_data_protection_policy, ResourceArn=topic + "0") == (
        "NotFound",
        "Topic does not exist",
    )
    name = unique_name("dp")
    created = sns.create_topic(Name=name, DataProtectionPolicy=policy)["TopicArn"]
    try:
        assert sns.get_data_protection_policy(ResourceArn=created)["DataProtectionPolicy"] == policy
    finally:
        sns.delete_topic(TopicArn=created)


def test_resubscribe_is_idempotent_unless_attributes_differ(sns: Any, topic: str) -> None:
    endpoint = "arn:aws:sqs:us-east-1:000000000000:resubscribed"
    first = sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=endpoint,
        Attributes={"RawMessageDelivery": "true"},
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]
    again = sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=endpoint,
        Attributes={"RawMessageDelivery": "true"},
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]
    assert again == first
    assert error_of(
        sns.subscribe,
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=endpoint,
        Attributes={"RawMessageDelivery": "false"},
    ) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Subscription already exists with different attributes",
    )


def test_topic_arns_and_names(sns: Any, topic: str, aws_client: Callable[..., Any]) -> None:
    def short(count: int) -> tuple[str, str]:
        return (
            "InvalidParameter",
            f"Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not {count}",
        )

    assert error_of(sns.get_topic_attributes, TopicArn="not-an-arn") == short(1)
    assert error_of(sns.delete_topic, TopicArn="not-an-arn") == short(1)
    assert error_of(sns.publish, TopicArn="arn:aws:sns:us-east-1:000000000000", Message="m") == short(5)
    assert error_of(
        sns.subscribe, TopicArn="x", Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:1:q"
    ) == short(1)
    subscription_like = f"{topic}:11111111-2222-3333-4444-555555555555"
    assert error_of(sns.publish, TopicArn=subscription_like, Message="m") == (
        "InvalidParameter",
        "Invalid parameter: Topic Name",
    )
    elsewhere = aws_client("sns", region="eu-west-1")
    assert error_of(elsewhere.get_topic_attributes, TopicArn=topic) == (
        "InvalidParameter",
        "Invalid parameter: TopicArn",
    )
    for name in ("has space", "dotted.fifo", "x" * 257):
        assert error_of(sns.create_topic, Name=name) == ("InvalidParameter", "Invalid parameter: Topic Name")
    assert error_of(sns.create_topic, Name="nosuffix", Attributes={"FifoTopic": "true"}) == (
        "InvalidParameter",
        "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII "
        "letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.",
    )


def test_unsubscribe_arns(sns: Any, topic: str) -> None:
    assert error_of(sns.unsubscribe, SubscriptionArn="nope") == (
        "InvalidParameter",
        "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
    )
    assert error_of(sns.unsubscribe, SubscriptionArn=topic) == (
        "InvalidParameter",
        "Invalid parameter: SubscriptionId",
    )
    # Unsubscribing what does not exist (any more) succeeds.
    sns.unsubscribe(SubscriptionArn=f"{topic}:11111111-2222-3333-4444-555555555555")


def test_message_attribute_without_data_type_is_a_validation_error(
    aws_client: Callable[..., Any], topic: str
) -> None:
    # Recorded against AWS (LocalStack's test_empty_or_wrong_message_attributes): the request's own
    # check, naming the member's path, before SNS's attribute rules.
    unchecked = aws_client("sns", config={"parameter_validation": False})
    no_type = {"attr1": {"StringValue": "value"}}
    assert error_of(unchecked.publish, TopicArn=topic, Message="m", MessageAttributes=no_type) == (
        "ValidationError",
        "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to "
        "satisfy constraint: Member must not be null",
    )
    entries = [
        {"Id": "1", "Message": "m"},
        {"Id": "2", "Message": "m", "MessageAttributes": no_type},
    ]
    assert error_of(unchecked.publish_batch, TopicArn=topic, PublishBatchRequestEntries=entries) == (
        "ValidationError",
        "1 validation error detected: Value null at 'publishBatchRequestEntries.2.member.messageAttributes"
        ".attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    )
