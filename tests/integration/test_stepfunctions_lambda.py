"""Step Functions Lambda tasks: function ARNs as Resource and lambda:invoke, errors, retry and catch."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from tests.integration.lambda_functions import zip_files
from tests.integration.test_stepfunctions import ROLE, history, types_of, wait_until_done

LAMBDA_ROLE = "arn:aws:iam::000000000000:role/lambda-role"

HANDLER = """
import json


class OrderRejected(Exception):
    pass


def handler(event, context):
    mode = event.get("mode", "ok")
    if mode == "raise":
        raise OrderRejected("order " + str(event.get("id")) + " rejected")
    return {"seen": event, "doubled": event.get("n", 0) * 2, "function": context.function_name}
"""


@pytest.fixture(scope="module")
def function(aws_client) -> Any:
    lam = aws_client("lambda")
    name = "sfn-task-fn"
    arn = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=LAMBDA_ROLE,
        Handler="handler.handler",
        Code={"ZipFile": zip_files({"handler.py": HANDLER})},
        Timeout=10,
    )["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName=name)
    probe = lam.invoke(FunctionName=name, Payload=b'{"n": 1}')
    if probe.get("FunctionError"):
        lam.delete_function(FunctionName=name)
        pytest.skip(f"the Lambda engine cannot run Python functions here: {probe['Payload'].read()!r}")
    yield arn
    lam.delete_function(FunctionName=name)


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


@pytest.fixture
def run(sfn, unique_name) -> Callable[..., dict]:
    created: list[str] = []

    def execute(definition: dict, execution_input: Any = None) -> dict:
        arn = sfn.create_state_machine(
            name=unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        created.append(arn)
        started = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input or {}))
        return wait_until_done(sfn, started["executionArn"], timeout=30)

    yield execute
    for arn in created:
        sfn.delete_state_machine(stateMachineArn=arn)


def output_of(description: dict) -> Any:
    assert description["status"] == "SUCCEEDED", description
    return json.loads(description["output"])


def test_function_arn_as_resource(sfn, run, function):
    definition = {
        "StartAt": "Call",
        "States": {"Call": {"Type": "Task", "Resource": function, "ResultPath": "$.result", "End": True}},
    }
    description = run(definition, {"n": 21})
    result = output_of(description)
    assert result["result"] == {"seen": {"n": 21}, "doubled": 42, "function": "sfn-task-fn"}
    events = types_of(history(sfn, description["executionArn"]))
    assert events == [
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]


def test_lambda_invoke_integration(sfn, run, function):
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": function, "Payload": {"n.$": "$.n", "tag": "x"}},
                "ResultSelector": {"body.$": "$.Payload", "status.$": "$.StatusCode"},
                "End": True,
            }
        },
    }
    description = run(definition, {"n": 5})
    assert output_of(description) == {
        "body": {"seen": {"n": 5, "tag": "x"}, "doubled": 10, "function": "sfn-task-fn"},
        "status": 200,
    }
    events = history(sfn, description["executionArn"])
    scheduled = next(event for event in events if event["type"] == "TaskScheduled")
    assert scheduled["taskScheduledEventDetails"]["resourceType"] == "lambda"
    assert scheduled["taskScheduledEventDetails"]["resource"] == "invoke"


def test_function_error_retried_then_caught(sfn, run, function):
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": function,
                "Retry": [{"ErrorEquals": ["OrderRejected"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handled"}],
                "End": True,
            },
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    description = run(definition, {"mode": "raise", "id": 9})
    result = output_of(description)
    # The function's own error type names the error; the Catch on States.TaskFailed still matches it.
    assert result["error"]["Error"] == "OrderRejected"
    cause = json.loads(result["error"]["Cause"])
    assert cause["errorMessage"] == "order 9 rejected" and cause["errorType"] == "OrderRejected"
    events = types_of(history(sfn, description["executionArn"]))
    assert events.count("LambdaFunctionFailed") == 2


def test_function_error_fails_the_execution(run, function):
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": function, "Payload.$": "$"},
                "End": True,
            }
        },
    }
    description = run(definition, {"mode": "raise", "id": 3})
    assert description["status"] == "FAILED"
    assert description["error"] == "OrderRejected"
    assert json.loads(description["cause"])["errorMessage"] == "order 3 rejected"


def test_map_over_a_function(run, function):
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.numbers",
                "MaxConcurrency": 2,
                "ItemSelector": {"n.$": "$$.Map.Item.Value"},
                "ItemProcessor": {
                    "StartAt": "Double",
                    "States": {
                        "Double": {
                            "Type": "Task",
                            "Resource": function,
                            "OutputPath": "$.doubled",
                            "End": True,
                        }
                    },
                },
                "End": True,
            }
        },
    }
    assert output_of(run(definition, {"numbers": [1, 2, 3]})) == [2, 4, 6]
