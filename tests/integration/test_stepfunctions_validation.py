"""ValidateStateMachineDefinition's result and diagnostics, and CreateStateMachine refusing what it fails."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.test_stepfunctions import ROLE


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


def validate(sfn, definition: object, **extra: object) -> dict:
    text = definition if isinstance(definition, str) else json.dumps(definition)
    answer = sfn.validate_state_machine_definition(definition=text, **extra)
    answer.pop("ResponseMetadata")
    return answer


def diagnostic(code: str, message: str, location: str | None = None) -> dict:
    entry = {"severity": "ERROR", "code": code, "message": message}
    if location is not None:
        entry["location"] = location
    return entry


PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def test_a_valid_definition_is_ok(sfn):
    assert validate(sfn, PASS) == {"result": "OK", "diagnostics": [], "truncated": False}
    assert validate(sfn, PASS, type="EXPRESS", severity="WARNING")["result"] == "OK"


@pytest.mark.parametrize(
    "definition, expected",
    [
        (" ", diagnostic("SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object")),
        ({}, diagnostic("SCHEMA_VALIDATION_FAILED", "These fields are required: [States, StartAt]", "/")),
        (
            {"States": PASS["States"]},
            diagnostic("SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/"),
        ),
        (
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Ghost"}, "Z": {"Type": "Succeed"}}},
            [
                diagnostic("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Ghost", "/States/A/Next"),
                diagnostic("MISSING_TRANSITION_TARGET", 'State "Z" is not reachable.', "/States/Z"),
            ],
        ),
        (
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Ghost"}}},
            [
                diagnostic("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Ghost", "/States/A/Next"),
                diagnostic("MISSING_END_STATE", "Workflow has no terminal state"),
            ],
        ),
        (
            {"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": True}}},
            [
                diagnostic("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Nope", "/StartAt"),
                diagnostic("MISSING_TRANSITION_TARGET", 'State "A" is not reachable.', "/States/A"),
            ],
        ),
        (
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "End": True}, "B": {"Type": "Pass", "End": True}},
            },
            diagnostic("MISSING_TRANSITION_TARGET", 'State "B" is not reachable.', "/States/B"),
        ),
        (
            {
                "StartAt": "A",
                "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}},
            },
            diagnostic("MISSING_END_STATE", "Workflow has no terminal state"),
        ),
        (
            {"StartAt": "X", "States": {"X": {"Type": "Pass", "TimeoutSeconds": 5, "End": True}}},
            diagnostic("SCHEMA_VALIDATION_FAILED", "Field 'TimeoutSeconds' is not supported", "/States/X"),
        ),
        (
            {
                "QueryLanguage": "JSONata",
                "StartAt": "Pass",
                "States": {"Pass": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}},
            },
            diagnostic(
                "SCHEMA_VALIDATION_FAILED",
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                "/States/Pass",
            ),
        ),
    ],
    ids=[
        "blank",
        "empty-object",
        "no-start",
        "dangling-and-unreachable",
        "dangling-then-no-end",
        "dangling-start",
        "unreachable",
        "no-end",
        "unsupported-field",
        "query-language-downgrade",
    ],
)
def test_an_invalid_definition_fails_with_its_diagnostics(sfn, definition, expected):
    expected = expected if isinstance(expected, list) else [expected]
    assert validate(sfn, definition) == {"result": "FAIL", "diagnostics": expected, "truncated": False}


def test_json_syntax_errors_are_reported_with_their_position(sfn):
    answer = validate(sfn, "not a definition")
    assert answer["result"] == "FAIL"
    [entry] = answer["diagnostics"]
    assert entry["code"] == "INVALID_JSON_DESCRIPTION"
    assert entry["message"].startswith("Unrecognized token 'not'")
    assert entry["location"] == '[Source: (String)"not a definition"; line: 1, column: 4]'


def test_nested_branches_are_checked_at_their_own_location(sfn):
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": True}, "G": {"Type": "Succeed"}}}
                ],
            }
        },
    }
    assert validate(sfn, definition)["diagnostics"] == [
        diagnostic(
            "MISSING_TRANSITION_TARGET", 'State "G" is not reachable.', "/States/P/Branches[0]/States/G"
        )
    ]


def test_express_machines_take_no_task_tokens(sfn):
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    definition = {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": resource, "End": True}}}
    assert validate(sfn, definition)["result"] == "OK"
    assert validate(sfn, definition, type="EXPRESS")["diagnostics"] == [
        diagnostic(
            "SCHEMA_VALIDATION_FAILED",
            "Express state machine does not support '.waitForTaskToken' service integration ",
            "/States/S/Resource",
        )
    ]


def test_max_results_truncates(sfn):
    states = {name: {"Type": "Pass", "End": True} for name in ("A", "B", "C", "D")}
    answer = validate(sfn, {"StartAt": "A", "States": states}, maxResults=2)
    assert answer["result"] == "FAIL"
    assert len(answer["diagnostics"]) == 2
    assert answer["truncated"] is True


def test_create_state_machine_refuses_what_validation_fails(sfn, unique_name):
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}},
    }
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name=unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE)
    assert error.value.response["Error"]["Code"] == "InvalidDefinition"
    assert error.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'"
    )


def test_update_state_machine_checks_against_the_machine_type(sfn, unique_name, cleanup):
    arn = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, type="EXPRESS"
    )["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=arn))
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    waiting = {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": resource, "End": True}}}
    with pytest.raises(ClientError) as error:
        sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(waiting))
    assert error.value.response["Error"]["Code"] == "InvalidDefinition"
    message = error.value.response["Error"]["Message"]
    assert "Express state machine does not support '.waitForTaskToken'" in message
