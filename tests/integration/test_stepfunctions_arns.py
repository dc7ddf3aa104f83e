"""Step Functions answers for malformed and unknown ARNs (describe, delete, tags), as AWS words them."""

from __future__ import annotations

import json

import pytest

from tests.integration.error_support import code_and_message as error_of
from tests.integration.test_stepfunctions import ROLE

PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


@pytest.fixture
def machine(sfn, unique_name, cleanup) -> str:
    arn = sfn.create_state_machine(name=unique_name("sm"), definition=PASS, roleArn=ROLE)["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=arn))
    return arn


@pytest.mark.parametrize(
    "operation, parameter",
    [
        ("describe_execution", "executionArn"),
        ("describe_state_machine", "stateMachineArn"),
        ("list_executions", "stateMachineArn"),
        ("stop_execution", "executionArn"),
        ("get_execution_history", "executionArn"),
        ("describe_activity", "activityArn"),
    ],
)
def test_a_malformed_arn_is_an_invalid_prefix(sfn, operation, parameter):
    assert error_of(lambda: getattr(sfn, operation)(**{parameter: "bad"})) == (
        "InvalidArn",
        "Invalid Arn: 'Invalid ARN prefix: bad'",
    )


def test_an_arn_of_another_resource_type_is_invalid_in_that_context(sfn, machine):
    assert error_of(lambda: sfn.describe_execution(executionArn=machine)) == (
        "InvalidArn",
        "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    )


def test_an_arn_of_the_right_type_but_malformed_is_invalid(sfn):
    malformed = "arn:aws:states:us-east-1:not-an-account:execution:m:e"
    assert error_of(lambda: sfn.describe_execution(executionArn=malformed)) == (
        "InvalidArn",
        f"Invalid Arn: '{malformed}'",
    )


def test_an_execution_that_does_not_exist(sfn, machine):
    missing = machine.replace(":stateMachine:", ":execution:") + ":nope"
    assert error_of(lambda: sfn.describe_execution(executionArn=missing)) == (
        "ExecutionDoesNotExist",
        f"Execution Does Not Exist: '{missing}'",
    )


def test_deleting_a_missing_state_machine_succeeds(sfn, machine):
    missing = machine + "-gone"
    assert sfn.delete_state_machine(stateMachineArn=missing)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_tags_of_a_missing_resource_are_not_found(sfn, machine):
    missing = machine + "-gone"
    expected = ("ResourceNotFound", f"Resource not found: '{missing}'")
    assert (
        error_of(lambda: sfn.tag_resource(resourceArn=missing, tags=[{"key": "k", "value": "v"}])) == expected
    )
    assert error_of(lambda: sfn.untag_resource(resourceArn=missing, tagKeys=["k"])) == expected
    assert error_of(lambda: sfn.list_tags_for_resource(resourceArn=missing)) == expected


def test_tags_of_state_machines_and_activities(sfn, machine, unique_name, cleanup):
    activity = sfn.create_activity(name=unique_name("act"))["activityArn"]
    cleanup.append(lambda: sfn.delete_activity(activityArn=activity))
    for arn in (machine, activity):
        sfn.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "a"}])
        assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "a"}]
        sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
        assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == []
