"""The query-form reader (flattened parameters back into the member tree), the whole-tree checks of
coral-based query services, and the Java model patterns rewritten for Python; no sockets."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from botocore.serialize import create_serializer

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.request_checks import check_request, service_model
from localstack.utils.aws.request_checks.constraints import _compile_pattern
from localstack.utils.aws.request_checks.java_regex import translate
from localstack.utils.aws.request_checks.query_form import (
    MalformedValue,
    compile_reader,
    parse_tree,
    read_params,
)
from localstack.utils.http import Request


def serialized(service: str, operation: str, params: dict) -> dict[str, str]:
    """The form botocore's own serializer sends for these parameters."""
    model = service_model(service)
    serializer = create_serializer("ec2" if service == "ec2" else "query", include_validation=False)
    body = serializer.serialize_to_request(params, model.operation_model(operation))["body"]
    return {key: str(value) for key, value in body.items()}


def read(service: str, operation: str, params: dict[str, str]) -> dict:
    model = service_model(service)
    shape = model.operation_model(operation).input_shape
    return read_params(compile_reader(shape, model.protocol == "ec2"), params)


ROUND_TRIPS = [
    # (service, operation, parameters as a boto3 user passes them): read back as sent
    (
        "iam",
        "CreateRole",
        {"RoleName": "r", "AssumeRolePolicyDocument": "{}", "Tags": [{"Key": "a", "Value": "1"}]},
    ),
    (
        "sns",
        "Publish",
        {
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:t",
            "Message": "m",
            "MessageAttributes": {
                "n": {"DataType": "Number", "StringValue": "3"},
                "s": {"DataType": "String", "StringValue": "x"},
            },
        },
    ),
    ("sns", "CreateTopic", {"Name": "t", "Attributes": {"DisplayName": "d", "FifoTopic": "false"}}),
    (
        "cloudformation",
        "CreateStack",
        {
            "StackName": "s",
            "Parameters": [{"ParameterKey": "k", "ParameterValue": "v", "UsePreviousValue": False}],
            "Capabilities": ["CAPABILITY_IAM"],
            "TimeoutInMinutes": 5,
        },
    ),
    ("cloudwatch", "PutMetricData", {"Namespace": "n", "MetricData": [{"MetricName": "m", "Value": 1.5}]}),
    (
        "ec2",
        "DescribeInstances",
        {"Filters": [{"Name": "tag:a", "Values": ["1", "2"]}], "MaxResults": 5, "DryRun": False},
    ),
]


@pytest.mark.parametrize("service, operation, params", ROUND_TRIPS)
def test_the_reader_reverses_botocores_serializer(service, operation, params):
    tree = read(service, operation, serialized(service, operation, params))
    if service == "ec2":
        # EC2's tree is keyed by locationName, as its JSON check tree is.
        assert tree == {
            "Filter": [{"Name": "tag:a", "Value": ["1", "2"]}],
            "maxResults": 5,
            "dryRun": False,
        }
    else:
        assert tree == params


def test_numbered_members_are_read_in_their_numbers_order():
    tree = read(
        "iam",
        "TagRole",
        {"RoleName": "r", "Tags.member.10.Key": "j", "Tags.member.2.Key": "b", "Tags.member.1.Key": "a"},
    )
    assert [tag["Key"] for tag in tree["Tags"]] == ["a", "b", "j"]


def test_an_empty_list_and_unknown_parameters():
    assert read("iam", "TagRole", {"RoleName": "r", "Tags": "", "Action": "TagRole", "Version": "x"}) == {
        "RoleName": "r",
        "Tags": [],
    }


def test_parse_tree_nests_by_dots():
    assert parse_tree({"A.member.1.K": "k", "B": "b"}) == {
        "A": {"member": {"1": {"K": {None: "k"}}}},
        "B": {None: "b"},
    }


@pytest.mark.parametrize(
    "params, key",
    [
        ({"StackName": "s", "TimeoutInMinutes": "x"}, "TimeoutInMinutes"),
        (
            {"StackName": "s", "Parameters.member.2.UsePreviousValue": "maybe"},
            "Parameters.member.2.UsePreviousValue",
        ),
        ({"StackName": "s", "TimeoutInMinutes": "2147483648"}, "TimeoutInMinutes"),
    ],
)
def test_a_malformed_number_or_boolean_names_its_flattened_key(params, key):
    with pytest.raises(MalformedValue) as info:
        read("cloudformation", "CreateStack", params)
    assert info.value.key == key


def query(service: str, params: dict[str, str]) -> None:
    request = Request(
        "POST", "/", urlencode(params).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    check_request(service, request)


def refused(service: str, params: dict[str, str]) -> AWSError:
    with pytest.raises(AWSError) as info:
        query(service, params)
    assert info.value.status == 400
    return info.value


ROLE = {"Action": "CreateRole", "RoleName": "r", "AssumeRolePolicyDocument": "{}"}

REFUSALS = [
    # (service, parameters, AWS's message)
    (
        # Recorded by an IAM user (SWO-GS/auto-tag#90): the path and the pattern as AWS prints them.
        "iam",
        {**ROLE, "Tags.member.1.Key": "k", "Tags.member.1.Value": "UserAgent: aws-cli (x)"},
        "1 validation error detected: Value 'UserAgent: aws-cli (x)' at 'tags.1.member.value' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
    ),
    (
        "iam",
        {**ROLE, "Tags.member.1.Value": "v"},
        "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must not be null",
    ),
    (
        # Recorded against SNS (sns/validation.py): a map value's member is `<map>.<key>.member.<name>`.
        "sns",
        {
            "Action": "Publish",
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:t",
            "Message": "m",
            "MessageAttributes.entry.1.Name": "attr1",
            "MessageAttributes.entry.1.Value.StringValue": "x",
        },
        "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to "
        "satisfy constraint: Member must not be null",
    ),
    (
        "sts",
        {
            "Action": "AssumeRole",
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "RoleSessionName": "session",
            "PolicyArns.member.1.arn": "short",
        },
        "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy "
        "constraint: Member must have length greater than or equal to 20",
    ),
    (
        "cloudformation",
        {
            "Action": "CreateStack",
            "StackName": "s",
            "Tags.member.1.Key": "k" * 129,
            "Tags.member.1.Value": "v",
        },
        f"1 validation error detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128",
    ),
    (
        "sns",
        {
            "Action": "PublishBatch",
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:t",
            "PublishBatchRequestEntries.member.1.Message": "m",
        },
        "1 validation error detected: Value null at 'publishBatchRequestEntries.1.member.id' failed to "
        "satisfy constraint: Member must not be null",
    ),
]


def test_cloudwatch_checks_constraints_and_leaves_missing_members_to_itself():
    # Recorded against CloudWatch's query protocol (aws-sdk-js-v3's query-compatibility E2E test).
    alarm = {
        "Action": "PutMetricAlarm",
        "AlarmName": "",
        "ComparisonOperator": "GreaterThanThreshold",
        "EvaluationPeriods": "5",
        "MetricName": "CPUUtilization",
        "Namespace": "AWS/EC2",
        "Period": "60",
        "Statistic": "Average",
        "Threshold": "50.0",
    }
    error = refused("cloudwatch", alarm)
    assert (error.code, error.message) == (
        "ValidationError",
        "1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )
    # A nested missing member is not coral's `Value null` sentence; a top-level one is MissingParameter.
    query("cloudwatch", {"Action": "PutMetricData", "Namespace": "n", "MetricData.member.1.Value": "1"})
    assert refused("cloudwatch", {"Action": "GetInsightRuleReport"}).code == "MissingParameter"
    error = refused(
        "cloudwatch",
        {
            "Action": "PutMetricData",
            "Namespace": "n",
            "MetricData.member.1.MetricName": "m",
            "MetricData.member.1.Dimensions.member.1.Name": "d" * 256,
            "MetricData.member.1.Dimensions.member.1.Value": "v",
        },
    )
    assert "at 'metricData.1.member.dimensions.1.member.name' failed to satisfy constraint" in error.message


@pytest.mark.parametrize("service, params, message", REFUSALS)
def test_coral_query_services_check_the_whole_tree(service, params, message):
    error = refused(service, params)
    assert (error.code, error.message) == ("ValidationError", message)


def test_valid_unicode_tags_pass():
    query("iam", {**ROLE, "Tags.member.1.Key": "clé", "Tags.member.1.Value": "日本 ok_.:/=+-@"})


def test_a_malformed_nested_number_is_a_validation_error_naming_the_key():
    error = refused(
        "cloudformation",
        {"Action": "CreateStack", "StackName": "s", "Parameters.member.1.UsePreviousValue": "x"},
    )
    assert error.code == "ValidationError"
    assert error.message == (
        "Value (x) for parameter Parameters.member.1.UsePreviousValue is invalid. Expected true or false."
    )


def test_calls_between_our_services_are_checked_at_the_top_level_only():
    params = {**ROLE, "Tags.member.1.Key": "k", "Tags.member.1.Value": "(x)"}
    request = Request(
        "POST",
        "/",
        urlencode(params).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "x-localstack-internal": "1"},
    )
    from localstack.utils.aws.internal_client import HEADER_INTERNAL

    request.headers[HEADER_INTERNAL] = "1"
    check_request("iam", request)
    params["RoleName"] = ""
    request.data = urlencode(params).encode()
    with pytest.raises(AWSError):
        check_request("iam", request)


JAVA_PATTERNS = [
    # (botocore pattern, accepted, refused)
    (r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", ["Größe 1", "日本語", "a\u00a0b", "٣"], ["a(b)", "€", "😀"]),
    (r"[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]+", ["née", "a\u0301", "€ 1!", "😀"], ["a\tb", "\x00"]),
    (r"^[\P{C}]*$", ["any text é 😀"], ["a\x07", "a\u200bb"]),
    (
        r"[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF]*",
        ["text\n😀 𝄞"],
        ["a\x00", "\x1f"],
    ),
    (r"\p{Alnum}+\z", ["abc123"], ["é", "abc\n"]),
    (r"[a-z[0-9]]+", ["a1"], ["A"]),
    (r"[\w-_]*", ["a-b_c"], ["a b"]),
    (r"^(?i)(true|false)$", ["TRUE", "false"], ["yes"]),
    (r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}", ["tag value"], ["(x)"]),
    (r"\p{XDigit}{4}\p{Punct}", ["0aF9!"], ["0aG9!"]),
]


@pytest.mark.parametrize("pattern, accepted, refused_values", JAVA_PATTERNS)
def test_java_patterns_keep_their_meaning(pattern, accepted, refused_values):
    compiled = _compile_pattern(pattern)
    assert compiled is not None, translate(pattern)
    for value in accepted:
        assert compiled.fullmatch(value), value
    for value in refused_values:
        assert not compiled.fullmatch(value), value


@pytest.mark.parametrize("pattern", [r"[\p{Print}&&[^|:/]]+", r"\p{IsLatin}+"])
def test_a_pattern_whose_meaning_cannot_be_kept_is_not_checked(pattern):
    assert _compile_pattern(pattern) is None


@pytest.mark.parametrize(
    "service, params, message",
    [
        (
            "ec2",
            {
                "Action": "RunInstances",
                "ImageId": "ami-1",
                "MinCount": "1",
                "MaxCount": "1",
                "BlockDeviceMapping.1.Ebs.VolumeSize": "abc",
            },
            "Value (abc) for parameter BlockDeviceMapping.1.Ebs.VolumeSize is invalid. Expected an integer.",
        ),
        (
            "cloudwatch",
            {
                "Action": "PutMetricData",
                "Namespace": "n",
                "MetricData.member.1.MetricName": "m",
                "MetricData.member.1.Value": "x",
            },
            "Value (x) for parameter MetricData.member.1.Value is invalid. Expected a double.",
        ),
    ],
)
def test_other_query_services_refuse_a_nested_value_of_the_wrong_type(service, params, message):
    error = refused(service, params)
    assert (error.code, error.message) == ("InvalidParameterValue", message)


def test_other_query_services_take_well_typed_nested_values():
    query(
        "ec2",
        {
            "Action": "RunInstances",
            "ImageId": "ami-1",
            "MinCount": "1",
            "MaxCount": "1",
            "BlockDeviceMapping.1.DeviceName": "/dev/sda1",
            "BlockDeviceMapping.1.Ebs.VolumeSize": "8",
            "BlockDeviceMapping.1.Ebs.DeleteOnTermination": "true",
        },
    )


_SEGMENTS = ["member", "entry", "1", "2", "0", "-1", "99999999999999999999", "key", "value", "Key", "Value"]
_VALUES = [
    "",
    "x",
    "1",
    "true",
    "maybe",
    "1e999",
    "nan",
    "2147483648",
    "日本",
    "\x00",
    "a" * 3000,
    "notadate",
]


@pytest.mark.parametrize(
    "service", ["sns", "iam", "sts", "cloudformation", "ses", "cloudwatch", "ec2", "rds"]
)
def test_random_flattened_forms_are_refused_as_4xx_or_passed_never_crash(service):
    import random

    rng = random.Random(service)
    model = service_model(service)
    operations = sorted(model.operation_names)
    for _ in range(60):
        operation = rng.choice(operations)
        shape = model.operation_model(operation).input_shape
        names = list(shape.members) if shape is not None else []
        params = {"Action": operation}
        for _ in range(rng.randint(0, 8)):
            parts = [rng.choice(names) if names and rng.random() < 0.8 else rng.choice(_SEGMENTS)]
            parts += [rng.choice(_SEGMENTS + names) for _ in range(rng.randint(0, 5))]
            params[".".join(parts)] = rng.choice(_VALUES)
        try:
            query(service, params)
        except AWSError as error:
            assert error.status == 400, (params, error.code)
