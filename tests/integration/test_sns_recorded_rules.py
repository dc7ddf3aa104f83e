"""SNS rules recorded against a real account by the AWS SNS connector tests of ballerina-platform:
CreateTopic of an existing name with other attributes, feedback sample rates, content-based
deduplication on a standard topic, platform applications made again with other properties, and SMS
defaults (sender ID, usage-report bucket)."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from tests.integration.sns_fixtures import error_of

ADM = {"PlatformCredential": "client-secret", "PlatformPrincipal": "client-id"}


def test_create_topic_again_with_other_attributes(sns: Any, unique_name: Callable[[str], str]) -> None:
    name = unique_name("t")
    arn = sns.create_topic(Name=name, Attributes={"DisplayName": "first"})["TopicArn"]
    try:
        assert sns.create_topic(Name=name, Attributes={"DisplayName": "first"})["TopicArn"] == arn
        assert sns.create_topic(Name=name)["TopicArn"] == arn
        assert error_of(sns.create_topic, Name=name, Attributes={"DisplayName": "second"}) == (
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
        )
    finally:
        sns.delete_topic(TopicArn=arn)


@pytest.mark.parametrize("name", ["SQSSuccessFeedbackSampleRate", "HTTPSuccessFeedbackSampleRate"])
def test_feedback_sample_rate_outside_0_to_100(
    sns: Any, unique_name: Callable[[str], str], name: str
) -> None:
    assert error_of(sns.create_topic, Name=unique_name("t"), Attributes={name: "500"}) == (
        "InvalidParameter",
        f"Invalid parameter: Attributes Reason: {name}: 500 value provided is not an integer between 0-100",
    )


@pytest.mark.parametrize(
    "attributes",
    [{"ContentBasedDeduplication": "true"}, {"FifoTopic": "false", "ContentBasedDeduplication": "true"}],
)
def test_content_based_deduplication_on_a_standard_topic(
    sns: Any, unique_name: Callable[[str], str], attributes: dict
) -> None:
    # The sentence is the connector's own (it checks this before calling AWS): AWS's wording was not
    # found; the refusal and its code are kept.
    assert error_of(sns.create_topic, Name=unique_name("t"), Attributes=attributes) == (
        "InvalidParameter",
        "If content-based deduplication is enabled, it must also be a FIFO topic.",
    )


def test_platform_application_again_with_other_properties(
    sns: Any, unique_name: Callable[[str], str]
) -> None:
    name = unique_name("app")
    arn = sns.create_platform_application(Name=name, Platform="ADM", Attributes=ADM)["PlatformApplicationArn"]
    try:
        again = sns.create_platform_application(Name=name, Platform="ADM", Attributes=ADM)
        assert again["PlatformApplicationArn"] == arn
        other = {**ADM, "SuccessFeedbackSampleRate": "5"}
        assert error_of(sns.create_platform_application, Name=name, Platform="ADM", Attributes=other) == (
            "InvalidParameter",
            "Invalid parameter: Name Reason: An application with the same name but different properties "
            "already exists",
        )
        rate = (
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: "
            "101 value provided is not an integer between 0-100",
        )
        assert (
            error_of(
                sns.set_platform_application_attributes,
                PlatformApplicationArn=arn,
                Attributes={"SuccessFeedbackSampleRate": "101"},
            )
            == rate
        )
        assert (
            error_of(
                sns.create_platform_application,
                Name=unique_name("app"),
                Platform="ADM",
                Attributes={**ADM, "SuccessFeedbackSampleRate": "101"},
            )
            == rate
        )
    finally:
        sns.delete_platform_application(PlatformApplicationArn=arn)


def test_sms_sender_id_and_report_bucket(
    sns: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    assert error_of(sns.set_sms_attributes, attributes={"DefaultSenderID": "testSenderID"}) == (
        "InvalidParameter",
        "DefaultSenderID is invalid",
    )
    assert error_of(
        sns.set_sms_attributes, attributes={"UsageReportS3Bucket": "thisS3BucketDoesNotExist"}
    ) == (
        "InvalidParameter",
        "Invalid parameter: UsageReportS3Bucket Reason: The bucket you provided does not exist",
    )
    s3 = aws_client("s3")
    bucket = unique_name("reports")
    s3.create_bucket(Bucket=bucket)
    try:
        sns.set_sms_attributes(attributes={"UsageReportS3Bucket": bucket, "DefaultSenderID": "test2"})
        shown = sns.get_sms_attributes(attributes=["UsageReportS3Bucket", "DefaultSenderID"])["attributes"]
        assert shown == {"UsageReportS3Bucket": bucket, "DefaultSenderID": "test2"}
    finally:
        s3.delete_bucket(Bucket=bucket)


def test_subscription_endpoint_and_raw_delivery_rules(sns: Any, topic: str) -> None:
    assert error_of(
        sns.subscribe,
        TopicArn=topic,
        Protocol="email",
        Endpoint="someone@example.com",
        Attributes={"RawMessageDelivery": "true"},
    ) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw message "
        "delivery.",
    )
    assert error_of(sns.subscribe, TopicArn=topic, Protocol="application", Endpoint=topic) == (
        "InvalidParameter",
        f"Invalid parameter: Application endpoint arn invalid:{topic}",
    )


def test_platform_endpoint_refusals(sns: Any, unique_name: Callable[[str], str]) -> None:
    application = sns.create_platform_application(
        Name=unique_name("app"), Platform="GCM", Attributes={"PlatformCredential": "server-key"}
    )["PlatformApplicationArn"]
    try:
        endpoint = sns.create_platform_endpoint(PlatformApplicationArn=application, Token="device")[
            "EndpointArn"
        ]
        create = sns.create_platform_endpoint
        assert error_of(create, PlatformApplicationArn=application, Token="") == (
            "InvalidParameter",
            "Invalid parameter: Token Reason: cannot be empty",
        )
        assert error_of(create, PlatformApplicationArn=endpoint, Token="device") == (
            "InvalidParameter",
            "Invalid parameter: PlatformApplicationArn Reason: Wrong number of slashes in relative portion "
            "of the ARN.",
        )
        assert error_of(
            create, PlatformApplicationArn=application, Token="other", Attributes={"Token": ""}
        ) == (
            "InvalidParameter",
            "Invalid parameter: Attributes Reason: Invalid value for attribute: Token: cannot be empty",
        )
    finally:
        sns.delete_platform_application(PlatformApplicationArn=application)


def test_permission_and_phone_number_rules(sns: Any, topic: str) -> None:
    assert error_of(
        sns.add_permission,
        TopicArn=topic,
        Label="l",
        AWSAccountId=["InvalidAccountId"],
        ActionName=["Publish"],
    ) == ("InvalidParameter", "Invalid parameter: A provided account ID is not valid")
    sns.add_permission(
        TopicArn=topic, Label="l", AWSAccountId=["111111111111"], ActionName=["Publish", "Publish"]
    )
    sns.remove_permission(TopicArn=topic, Label="ThisLabelDoesNotExist")  # AWS allows it
    expected = ("InvalidParameter", "Invalid parameter: PhoneNumber Reason: input incorrectly formatted")
    assert error_of(sns.opt_in_phone_number, phoneNumber="+15551234567x") == expected
    assert error_of(sns.check_if_phone_number_is_opted_out, phoneNumber="+15551234567x") == expected
    assert sns.list_origination_numbers()["PhoneNumbers"] == []


def test_create_topic_with_more_than_50_tags(sns: Any, unique_name: Callable[[str], str]) -> None:
    tags = [{"Key": f"tag{index}", "Value": "value"} for index in range(51)]
    assert error_of(sns.create_topic, Name=unique_name("t"), Tags=tags) == (
        "TagLimitExceeded",
        "Could not complete request: tag quota of per resource exceeded",
    )


def test_tag_resource_with_a_key_twice(sns: Any, topic: str) -> None:
    # Recorded against AWS (LocalStack's SNS snapshot "duplicate-key-error"): refused, tags unchanged.
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "k1", "Value": "v1"}])
    twice = [{"Key": "k1", "Value": "v1"}, {"Key": "k1", "Value": "v2"}]
    assert error_of(sns.tag_resource, ResourceArn=topic, Tags=twice) == (
        "InvalidParameter",
        "Invalid parameter: Duplicated keys are not allowed.",
    )
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "k1", "Value": "v1"}]
