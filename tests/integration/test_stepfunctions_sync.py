"""StartSyncExecution of Express state machines: the call answers with the execution's end."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/sfn-role"
PASSING = {
    "StartAt": "Add",
    "States": {
        "Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}
FAILING = {
    "StartAt": "Boom",
    "States": {"Boom": {"Type": "Fail", "Error": "Custom.Error", "Cause": "on purpose"}},
}


@pytest.fixture
def sfn(aws_client):
    # AWS serves StartSyncExecution on a `sync-` host prefix; a local endpoint takes it without one.
    return aws_client("stepfunctions", config={"inject_host_prefix": False})


@pytest.fixture
def machine(sfn, unique_name):
    made = []

    def make(definition: dict, kind: str = "EXPRESS") -> str:
        arn = sfn.create_state_machine(
            name=unique_name("sync"), definition=json.dumps(definition), roleArn=ROLE, type=kind
        )["stateMachineArn"]
        made.append(arn)
        return arn

    yield make
    for arn in made:
        sfn.delete_state_machine(stateMachineArn=arn)


def test_sync_execution_answers_with_the_output(sfn, machine):
    arn = machine(PASSING)
    result = sfn.start_sync_execution(stateMachineArn=arn, name="first", input=json.dumps({"a": 2, "b": 3}))
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"]) == {"sum": 5}
    assert json.loads(result["input"]) == {"a": 2, "b": 3}
    assert result["name"] == "first"
    assert result["stateMachineArn"] == arn
    assert result["stopDate"] >= result["startDate"]
    assert result["billingDetails"]["billedDurationInMilliseconds"] >= 100


def test_sync_execution_reports_failures(sfn, machine):
    result = sfn.start_sync_execution(stateMachineArn=machine(FAILING))
    assert result["status"] == "FAILED"
    assert result["error"] == "Custom.Error"
    assert result["cause"] == "on purpose"
    assert "output" not in result


def test_standard_machines_refuse_sync_execution(sfn, machine):
    with pytest.raises(ClientError) as error:
        sfn.start_sync_execution(stateMachineArn=machine(PASSING, kind="STANDARD"))
    assert error.value.response["Error"]["Code"] == "StateMachineTypeNotSupported"


def test_unknown_machine_is_not_found(sfn):
    with pytest.raises(ClientError) as error:
        sfn.start_sync_execution(stateMachineArn="arn:aws:states:us-east-1:000000000000:stateMachine:nope")
    assert error.value.response["Error"]["Code"] == "StateMachineDoesNotExist"
