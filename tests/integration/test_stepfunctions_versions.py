"""State machine versions: PublishStateMachineVersion (idempotent for an unchanged revision),
ListStateMachineVersions (newest first) and DeleteStateMachineVersion (refused while an alias routes to
the version), alongside the versions CreateStateMachine/UpdateStateMachine publish."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/sfn-role"


def _definition(result: str) -> str:
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})


@pytest.fixture
def machine(aws_client: Any, unique_name: Any) -> Any:
    sfn = aws_client("stepfunctions")
    arn = sfn.create_state_machine(name=unique_name("ver"), definition=_definition("one"), roleArn=ROLE)[
        "stateMachineArn"
    ]
    yield sfn, arn
    sfn.delete_state_machine(stateMachineArn=arn)


def test_publish_list_and_delete(machine: Any) -> None:
    sfn, arn = machine
    first = sfn.publish_state_machine_version(stateMachineArn=arn, description="first")[
        "stateMachineVersionArn"
    ]
    assert first == f"{arn}:1"
    again = sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
    assert again == first  # the revision did not change
    sfn.update_state_machine(stateMachineArn=arn, definition=_definition("two"))
    second = sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
    assert second == f"{arn}:2"
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [second, first]
    assert (
        json.loads(sfn.describe_state_machine(stateMachineArn=first)["definition"])["States"]["P"]["Result"]
        == "one"
    )
    sfn.delete_state_machine_version(stateMachineVersionArn=first)
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [second]
    sfn.delete_state_machine_version(stateMachineVersionArn=first)  # gone already: no error


def test_a_version_an_alias_routes_to_is_not_deleted(machine: Any) -> None:
    sfn, arn = machine
    version = sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}]
    )["stateMachineAliasArn"]
    with pytest.raises(ClientError) as info:
        sfn.delete_state_machine_version(stateMachineVersionArn=version)
    assert info.value.response["Error"]["Code"] == "ConflictException"
    assert info.value.response["Error"]["Message"].endswith("referencing this version: [live]")
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    sfn.delete_state_machine_version(stateMachineVersionArn=version)


def test_a_missing_state_machine(aws_client: Any) -> None:
    sfn = aws_client("stepfunctions")
    missing = "arn:aws:states:us-east-1:000000000000:stateMachine:absent-machine"
    for call in (sfn.publish_state_machine_version, sfn.list_state_machine_versions):
        with pytest.raises(ClientError) as info:
            call(stateMachineArn=missing)
        assert info.value.response["Error"]["Code"] == "StateMachineDoesNotExist"
        assert info.value.response["Error"]["Message"] == f"State Machine Does Not Exist: '{missing}'"
