"""Coral-based query services (IAM, SNS, STS, CloudFormation) check the whole request tree, nested
lists and maps included, and answer `ValidationError` with AWS's member paths (`tags.1.member.value`,
`messageAttributes.<name>.member.dataType`); valid Unicode values pass the models' Java patterns."""

from __future__ import annotations

import pytest
from botocore.config import Config

from tests.integration.error_support import client_error

TRUST = '{"Version":"2012-10-17","Statement":[]}'
IAM_TAG_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"
UNCHECKED = Config(parameter_validation=False)


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_iam_refuses_a_nested_tag_value_outside_its_pattern(aws_client, unique_name, legacy):
    iam = aws_client("iam", legacy=legacy)
    name = unique_name("role")
    error = client_error(
        iam.create_role,
        RoleName=name,
        AssumeRolePolicyDocument=TRUST,
        Tags=[{"Key": "ok", "Value": "fine"}, {"Key": "source", "Value": "aws-cli (x)"}],
    )
    assert error == (
        400,
        "ValidationError",
        "1 validation error detected: Value 'aws-cli (x)' at 'tags.2.member.value' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {IAM_TAG_PATTERN}",
    )
    assert name not in [role["RoleName"] for role in iam.list_roles()["Roles"]]


def test_iam_takes_unicode_letters_spaces_and_digits_in_tags(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    name = unique_name("role")
    tags = [{"Key": "Größe", "Value": "日本 ٣ a\u00a0b _.:/=+-@"}]
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Tags=tags)
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    assert iam.list_role_tags(RoleName=name)["Tags"] == tags


def test_iam_names_a_missing_nested_member(aws_client, unique_name):
    iam = aws_client("iam", config=UNCHECKED)
    error = client_error(
        iam.create_role, RoleName=unique_name("role"), AssumeRolePolicyDocument=TRUST, Tags=[{"Value": "v"}]
    )
    assert error == (
        400,
        "ValidationError",
        "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must not be null",
    )


def test_sns_names_a_map_value_member_by_its_key(aws_client, unique_name, cleanup):
    sns = aws_client("sns", config=UNCHECKED)
    topic = sns.create_topic(Name=unique_name("topic"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    error = client_error(
        sns.publish, TopicArn=topic, Message="m", MessageAttributes={"attr1": {"StringValue": "x"}}
    )
    assert error == (
        400,
        "ValidationError",
        "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to "
        "satisfy constraint: Member must not be null",
    )


def test_sns_publish_batch_entries_are_checked(aws_client, unique_name, cleanup):
    sns = aws_client("sns", config=UNCHECKED)
    topic = sns.create_topic(Name=unique_name("topic"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    error = client_error(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[{"Message": "m"}])
    assert error == (
        400,
        "ValidationError",
        "1 validation error detected: Value null at 'publishBatchRequestEntries.1.member.id' failed to "
        "satisfy constraint: Member must not be null",
    )


def test_sts_checks_session_policy_arns(aws_client):
    sts = aws_client("sts", config=UNCHECKED)
    error = client_error(
        sts.assume_role,
        RoleArn="arn:aws:iam::000000000000:role/r",
        RoleSessionName="session",
        PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {"arn": "too-short"}],
    )
    assert error == (
        400,
        "ValidationError",
        "1 validation error detected: Value 'too-short' at 'policyArns.2.member.arn' failed to satisfy "
        "constraint: Member must have length greater than or equal to 20",
    )


def test_cloudformation_checks_nested_tags_before_creating(aws_client, unique_name):
    cfn = aws_client("cloudformation")
    name = unique_name("stack")
    error = client_error(
        cfn.create_stack,
        StackName=name,
        TemplateBody='{"Resources": {}}',
        Tags=[{"Key": "k" * 129, "Value": "v"}],
    )
    assert error == (
        400,
        "ValidationError",
        f"1 validation error detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128",
    )


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_cloudwatch_query_form_checks_nested_constraints(server, legacy):
    """boto3 speaks JSON to CloudWatch; older SDKs and the CLI v1 send the query form, checked alike
    (recorded: `Value '' at 'alarmName'`, ValidationError, Sender, 400)."""
    from tests.integration.test_validation_query import error_of, post

    base = server.legacy_url("cloudwatch") if legacy else server.edge_url
    alarm = (
        "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=&ComparisonOperator=GreaterThanThreshold"
        "&EvaluationPeriods=5&MetricName=CPUUtilization&Namespace=AWS%2FEC2&Period=60&Statistic=Average"
        "&Threshold=50.0"
    )
    response = post(base, "monitoring", alarm)
    assert response.status_code == 400, response.text
    assert error_of(response) == (
        "Sender",
        "ValidationError",
        "1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )
    data = (
        "Action=PutMetricData&Version=2010-08-01&Namespace=app&MetricData.member.1.MetricName=m"
        "&MetricData.member.1.Value=1&MetricData.member.1.Dimensions.member.1.Name=" + "d" * 256 + "&"
        "MetricData.member.1.Dimensions.member.1.Value=v"
    )
    response = post(base, "monitoring", data)
    assert response.status_code == 400, response.text
    assert error_of(response)[1] == "ValidationError"
    assert "at 'metricData.1.member.dimensions.1.member.name'" in error_of(response)[2]
    ok = data.replace("d" * 256, "host")
    assert post(base, "monitoring", ok).status_code == 200
