"""SNS DeliveryPolicy retry limits (Subscribe, SetSubscriptionAttributes, SetTopicAttributes) and
platform applications' names, platforms and credential attributes, with AWS's codes and messages."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from tests.integration.sns_fixtures import error_of

NULL_ATTRIBUTES = (
    "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: "
    "Member must not be null"
)
WITHOUT = "Invalid parameter: Attributes Reason: {} attribute provided without {}"


def _retry(**overrides: Any) -> dict[str, Any]:
    policy = {"minDelayTarget": 1, "maxDelayTarget": 10, "numRetries": 5}
    policy.update(overrides)
    return {key: value for key, value in policy.items() if value is not None}


RETRY_CASES = [
    (_retry(minDelayTarget=0), "minDelayTarget must be greater than or equal to 1"),
    (_retry(minDelayTarget=None), "minDelayTarget must be specified"),
    (_retry(maxDelayTarget=3601), "maxDelayTarget must be less than or equal to 3600"),
    (
        _retry(minDelayTarget=20, maxDelayTarget=10),
        "maxDelayTarget must be greater than or equal to minDelayTarget",
    ),
    (_retry(numRetries=101), "numRetries must be less than or equal to 100"),
    (
        _retry(numRetries=2, numNoDelayRetries=2, numMaxDelayRetries=1),
        "numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries and "
        "numMaxDelayRetries",
    ),
    (_retry(numNoDelayRetries=-1), "numNoDelayRetries must be greater than or equal to 0"),
]


@pytest.mark.parametrize("retry, reason", RETRY_CASES)
def test_subscribe_refuses_retry_policy_out_of_range(sns: Any, topic: str, retry: dict, reason: str) -> None:
    policy = json.dumps({"healthyRetryPolicy": retry})
    assert error_of(
        sns.subscribe,
        TopicArn=topic,
        Protocol="http",
        Endpoint="http://127.0.0.1:9/hook",
        Attributes={"DeliveryPolicy": policy},
    ) == (
        "InvalidParameter",
        f"Invalid parameter: Attributes Reason: DeliveryPolicy: healthyRetryPolicy.{reason}",
    )


def test_set_subscription_and_topic_attributes_refuse_retry_policy_out_of_range(
    sns: Any, topic: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    sqs = aws_client("sqs")
    queue = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    try:
        subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
        bad = json.dumps({"healthyRetryPolicy": _retry(minDelayTarget=0)})
        assert error_of(
            sns.set_subscription_attributes,
            SubscriptionArn=subscription,
            AttributeName="DeliveryPolicy",
            AttributeValue=bad,
        ) == (
            "InvalidParameter",
            "Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or "
            "equal to 1",
        )
        topic_policy = json.dumps({"http": {"defaultHealthyRetryPolicy": _retry(numRetries=101)}})
        assert error_of(
            sns.set_topic_attributes,
            TopicArn=topic,
            AttributeName="DeliveryPolicy",
            AttributeValue=topic_policy,
        ) == (
            "InvalidParameter",
            "Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less "
            "than or equal to 100",
        )
        good = json.dumps(
            {"http": {"defaultHealthyRetryPolicy": _retry(numRetries=100, numNoDelayRetries=100)}}
        )
        sns.set_topic_attributes(TopicArn=topic, AttributeName="DeliveryPolicy", AttributeValue=good)
    finally:
        sqs.delete_queue(QueueUrl=queue)


@pytest.mark.parametrize(
    "name, platform, attributes, code, message",
    [
        (
            "app",
            "IOS",
            {"PlatformCredential": "c"},
            "InvalidParameter",
            "Invalid parameter: Platform Reason: IOS is not supported",
        ),
        (
            "bad name!",
            "GCM",
            {"PlatformCredential": "c"},
            "InvalidParameter",
            "Invalid parameter: bad name! Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', "
            "'_', '-', and '.'",
        ),
        (
            "app",
            "APNS",
            {"PlatformCredential": "private key"},
            "InvalidParameter",
            WITHOUT.format("PlatformCredential", "PlatformPrincipal"),
        ),
        (
            "app",
            "ADM",
            {"PlatformPrincipal": "client id"},
            "InvalidParameter",
            WITHOUT.format("PlatformPrincipal", "PlatformCredential"),
        ),
        (
            "app",
            "ADM",
            {},
            "ValidationError",
            NULL_ATTRIBUTES,
        ),
    ],
)
def test_create_platform_application_refusals(
    sns: Any, name: str, platform: str, attributes: dict, code: str, message: str
) -> None:
    assert error_of(sns.create_platform_application, Name=name, Platform=platform, Attributes=attributes) == (
        code,
        message,
    )


def test_platform_application_credentials_are_write_only(sns: Any, unique_name: Callable[[str], str]) -> None:
    arn = sns.create_platform_application(
        Name=unique_name("app"),
        Platform="APNS_SANDBOX",
        Attributes={"PlatformPrincipal": "certificate", "PlatformCredential": "private key"},
    )["PlatformApplicationArn"]
    try:
        assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
            "Enabled": "true"
        }
        sns.set_platform_application_attributes(
            PlatformApplicationArn=arn,
            Attributes={
                "PlatformCredential": "other key",
                "EventDeliveryFailure": "arn:aws:sns:us-east-1:000000000000:t",
            },
        )
        assert sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"] == {
            "Enabled": "true",
            "EventDeliveryFailure": "arn:aws:sns:us-east-1:000000000000:t",
        }
        assert error_of(
            sns.set_platform_application_attributes, PlatformApplicationArn=arn, Attributes={}
        ) == (
            "ValidationError",
            NULL_ATTRIBUTES,
        )
    finally:
        sns.delete_platform_application(PlatformApplicationArn=arn)


@pytest.mark.parametrize(
    "attributes, message",
    [
        ({"DefaultSMSType": "Transactional", "test": "test"}, "test is not a valid attribute"),
        ({"defaultSMSType": "Transactional"}, "defaultSMSType is not a valid attribute"),
        ({"DefaultSMSType": "Marketing"}, "DefaultSMSType is invalid"),
    ],
)
def test_set_sms_attributes_refuses_unknown_names(sns: Any, attributes: dict, message: str) -> None:
    before = sns.get_sms_attributes()["attributes"]
    assert error_of(sns.set_sms_attributes, attributes=attributes) == ("InvalidParameter", message)
    assert sns.get_sms_attributes()["attributes"] == before


def test_set_sms_attributes_keeps_documented_names(sns: Any) -> None:
    attributes = {
        "DefaultSMSType": "Transactional",
        "DefaultSenderID": "MyName",
        "MonthlySpendLimit": "5",
        "DeliveryStatusSuccessSamplingRate": "10",
    }
    sns.set_sms_attributes(attributes=attributes)
    shown = sns.get_sms_attributes(attributes=list(attributes))["attributes"]
    assert shown == attributes


CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"
CREDENTIALS_INVALID = "Invalid parameter: Attributes Reason: Platform credentials are invalid"


@pytest.mark.parametrize(
    "platform, attributes",
    [
        ("APNS", {"PlatformPrincipal": CERTIFICATE, "PlatformCredential": "not a key"}),
        ("APNS_SANDBOX", {"PlatformPrincipal": CERTIFICATE + RSA_KEY, "PlatformCredential": RSA_KEY}),
        ("MACOS", {"PlatformPrincipal": PRIVATE_KEY, "PlatformCredential": PRIVATE_KEY}),
        ("GCM", {"PlatformCredential": '{"type": "service_account"'}),
        ("GCM", {"PlatformCredential": '["not", "an", "object"]'}),
    ],
)
def test_platform_credentials_that_cannot_be_right(sns: Any, platform: str, attributes: dict) -> None:
    assert error_of(
        sns.create_platform_application, Name="app", Platform=platform, Attributes=attributes
    ) == (
        "InvalidParameter",
        CREDENTIALS_INVALID,
    )


@pytest.mark.parametrize(
    "platform, attributes",
    [
        ("APNS", {"PlatformPrincipal": CERTIFICATE, "PlatformCredential": RSA_KEY}),
        (
            "APNS",
            {
                "PlatformPrincipal": "ABC123DEFG",
                "PlatformCredential": PRIVATE_KEY,
                "ApplePlatformTeamID": "TEAM123456",
                "ApplePlatformBundleID": "com.example.app",
            },
        ),
        ("GCM", {"PlatformCredential": json.dumps({"type": "service_account", "project_id": "p"})}),
        ("GCM", {"PlatformCredential": "legacy-server-key"}),
        ("APNS_SANDBOX", {"PlatformPrincipal": "placeholder", "PlatformCredential": "placeholder"}),
    ],
)
def test_platform_credentials_of_the_right_shape_are_kept(
    sns: Any, unique_name: Callable[[str], str], platform: str, attributes: dict
) -> None:
    arn = sns.create_platform_application(Name=unique_name("app"), Platform=platform, Attributes=attributes)[
        "PlatformApplicationArn"
    ]
    try:
        assert error_of(
            sns.set_platform_application_attributes,
            PlatformApplicationArn=arn,
            Attributes={"PlatformPrincipal": CERTIFICATE + RSA_KEY, "PlatformCredential": RSA_KEY}
            if platform != "GCM"
            else {"PlatformCredential": "{broken"},
        ) == ("InvalidParameter", CREDENTIALS_INVALID)
    finally:
        sns.delete_platform_application(PlatformApplicationArn=arn)


@pytest.mark.parametrize("policy", ["{", "not json", "[]"])
def test_a_topic_policy_that_is_no_json_object(
    sns: Any, topic: str, unique_name: Callable[[str], str], policy: str
) -> None:
    expected = ("InvalidParameter", "Invalid parameter: Policy Error: null")
    assert error_of(
        sns.set_topic_attributes, TopicArn=topic, AttributeName="Policy", AttributeValue=policy
    ) == (expected)
    assert error_of(sns.create_topic, Name=unique_name("t"), Attributes={"Policy": policy}) == expected
