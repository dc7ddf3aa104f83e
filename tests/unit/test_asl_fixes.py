"""Corrections to moto's States Language interpreter, run in-process without sockets."""

from __future__ import annotations

import json
import time

import pytest

from localstack.services.stepfunctions import patches

patches.apply()

from localstack.services.stepfunctions import asl_fixes  # noqa: E402
from localstack.services.stepfunctions.executions import ExecutingBackend  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/r"


@pytest.mark.parametrize(
    "path,indefinite",
    [
        ("$", False),
        ("$.a.b", False),
        ("$.a[0]", False),
        ("$[1].doubled", False),
        ("$['a.b'][2]", False),
        ("$['odd*name']", False),
        ("$.a[*]", True),
        ("$.a[*].id", True),
        ("$..id", True),
        ("$.a[?(@.n > 1)].id", True),
        ("$.a[1:3]", True),
        ("$.a[0,2]", True),
        ("$.*", True),
    ],
)
def test_indefinite_paths(path, indefinite):
    assert asl_fixes.is_indefinite_path(path) is indefinite


def test_extract_json_definite_and_indefinite():
    data = {"a": [{"id": 1, "n": 1}, {"id": 2, "n": 5}], "b": {"c": None}}
    assert asl_fixes.extract_json("$.a[1].id", data) == 2
    assert asl_fixes.extract_json("$.a[0]", data) == {"id": 1, "n": 1}
    assert asl_fixes.extract_json("$.b.c", data) is None
    assert asl_fixes.extract_json("$.a[*].id", data) == [1, 2]
    # A filter selecting one item still answers a list, as on AWS.
    assert asl_fixes.extract_json("$.a[?(@.n > 2)].id", data) == [2]
    assert asl_fixes.extract_json("$.a[?(@.n > 9)].id", data) == []
    assert asl_fixes.extract_json("$[1]", ["x", "y"]) == "y"
    with pytest.raises(Exception, match="could not be found"):
        asl_fixes.extract_json("$.missing", data)


def test_operation_model_finds_actions_in_any_case():
    start = asl_fixes.operation_model("stepfunctions", "start_execution")
    assert start.name == "StartExecution" and "stateMachineArn" in start.input_shape.members
    assert asl_fixes.operation_model("s3", "listObjectsV2").name == "ListObjectsV2"
    assert asl_fixes.operation_model("s3", "no_such_action") is None
    assert asl_fixes.operation_model("no-such-service", "x") is None


def test_api_errors_have_their_code():
    from moto.stepfunctions.parser.api import InvalidDefinition, InvalidToken

    error = InvalidToken()
    assert error.error_type == "InvalidToken" and error.code == 400
    assert InvalidDefinition(message="bad").error_type == "InvalidDefinition"


def _run(backend: ExecutingBackend, definition: dict, execution_input: dict) -> object:
    name = f"m{time.monotonic_ns()}"
    machine = backend.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)
    execution = backend.start_execution(machine.arn, None, json.dumps(execution_input))
    deadline = time.monotonic() + 10
    while execution.exec_status.value == "RUNNING" and time.monotonic() < deadline:
        time.sleep(0.01)
    return execution


@pytest.fixture
def backend() -> ExecutingBackend:
    backend = ExecutingBackend("us-east-1", "000000000000")
    yield backend
    backend.reset()


def test_no_choice_matched(backend):
    definition = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "D"}]},
            "D": {"Type": "Succeed"},
        },
    }
    execution = _run(backend, definition, {"x": 2})
    assert execution.exec_status.value == "FAILED"
    assert execution.error == "States.NoChoiceMatched"
    assert "no Default" in execution.cause


def test_unnamed_executions_get_a_uuid(backend):
    execution = _run(backend, {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, {})
    assert len(execution.name) == 36 and execution.exec_arn.endswith(execution.name)
    assert execution.exec_status.value == "SUCCEEDED" and execution.output == {}


def test_stop_is_final_and_reset_stops_running_executions(backend):
    definition = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 300, "End": True}}}
    machine = backend.create_state_machine(name="waits", definition=json.dumps(definition), roleArn=ROLE)
    first = backend.start_execution(machine.arn, "first", "{}")
    second = backend.start_execution(machine.arn, "second", "{}")
    deadline = time.monotonic() + 30  # interpreter threads start late on a loaded machine
    while (first.exec_worker.env is None or second.exec_worker.env is None) and time.monotonic() < deadline:
        time.sleep(0.01)
    backend.stop_execution(first.exec_arn, error="E", cause="C")
    assert first.exec_status.value == "ABORTED" and (first.error, first.cause) == ("E", "C")
    first.exec_worker.env.set_error({"error": "late", "cause": "failure while stopping"})
    assert type(first.exec_worker.env.program_state()).__name__ == "ProgramStopped"
    backend.reset()
    assert second.exec_status.value == "ABORTED"
