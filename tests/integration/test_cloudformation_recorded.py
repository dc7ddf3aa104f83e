"""CloudFormation's answers as recorded against AWS (LocalStack's `tests/aws/services/cloudformation/api`
snapshots): error codes, messages and fields of stack, change set and template calls."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.error_support import bad_request

TOPIC = {"Foo": {"Type": "AWS::SNS::Topic"}}
NULL_VALUE = "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates"
NO_TYPE = "Template format error: [/Resources/A] Every Resources object must contain a Type member."


@pytest.fixture
def cf(aws_client: Any) -> Any:
    return aws_client("cloudformation")


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ({"MyOutput": {"Value": None}}, NULL_VALUE),
        (
            {"MyOutput": {"Value": None, "AnotherValue": None}},
            NULL_VALUE,
        ),
        ({"MyOutput": {}}, "Template format error: Every Outputs member must contain a Value object"),
    ],
    ids=["none-value", "missing-def", "multiple-nones"],
)
def test_invalid_output_structure(cf: Any, unique_name: Any, outputs: dict, message: str) -> None:
    template = json.dumps({"Resources": TOPIC, "Outputs": outputs})
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody=template) == (
        "ValidationError",
        message,
    )


def test_missing_resources_block(cf: Any, unique_name: Any) -> None:
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody="{}") == (
        "ValidationError",
        "Template format error: At least one Resources member must be defined.",
    )


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ({"Properties": {}}, NO_TYPE),
        ({"Type": "AWS::SNS::Topic", "Invalid": 10}, "Invalid template resource property 'Invalid'"),
        ("AWS::SNS::Topic", "Template format error: Any Resources member must be an object."),
    ],
    ids=["missing-type", "invalid-key", "not-an-object"],
)
def test_resources_blocks(cf: Any, unique_name: Any, resource: Any, message: str) -> None:
    template = json.dumps({"Resources": {"A": resource}})
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody=template) == (
        "ValidationError",
        message,
    )


def test_stack_name_pattern(cf: Any) -> None:
    name = "*@da591fa3_$"
    assert bad_request(cf.create_stack, StackName=name, TemplateBody=json.dumps({"Resources": TOPIC})) == (
        "ValidationError",
        f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    )
