"""Step Functions executions that run: every state type, data flow, errors, history, stop (over HTTP)."""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from typing import Any, Callable

import pytest

ROLE = "arn:aws:iam::000000000000:role/sfn-role"
DONE = ("SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT")


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


@pytest.fixture
def machines(sfn, unique_name) -> Any:
    """`machines(definition)` creates a state machine (deleted after the test) and returns its ARN."""
    created: list[str] = []

    def create(definition: dict, name: str | None = None) -> str:
        arn = sfn.create_state_machine(
            name=name or unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        created.append(arn)
        return arn

    yield create
    for arn in created:
        sfn.delete_state_machine(stateMachineArn=arn)


def wait_until_done(sfn, execution_arn: str, timeout: float = 20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        description = sfn.describe_execution(executionArn=execution_arn)
        if description["status"] in DONE or time.monotonic() > deadline:
            return description
        time.sleep(0.05)


def history(sfn, execution_arn: str) -> list[dict]:
    return sfn.get_execution_history(executionArn=execution_arn, maxResults=1000)["events"]


def types_of(events: list[dict]) -> list[str]:
    return [event["type"] for event in events]


@pytest.fixture
def run(sfn, machines) -> Callable[..., dict]:
    """`run(definition, input)` executes a new machine to its end; returns DescribeExecution."""

    def execute(definition: dict, execution_input: Any = None) -> dict:
        arn = machines(definition)
        started = sfn.start_execution(stateMachineArn=arn, input=json.dumps(execution_input or {}))
        return wait_until_done(sfn, started["executionArn"])

    return execute


def output_of(description: dict) -> Any:
    assert description["status"] == "SUCCEEDED", description
    return json.loads(description["output"])


def test_pass_state_and_data_flow(run):
    definition = {
        "StartAt": "Select",
        "States": {
            "Select": {
                "Type": "Pass",
                "InputPath": "$.order",
                "Parameters": {"id.$": "$.id", "items.$": "$.items", "fixed": "yes"},
                "ResultPath": "$.selected",
                "Next": "Shape",
            },
            "Shape": {
                "Type": "Pass",
                "Result": {"total": 42},
                "ResultPath": "$.selected.price",
                "OutputPath": "$.selected",
                "End": True,
            },
        },
    }
    description = run(definition, {"order": {"id": "o-1", "items": [1, 2]}, "noise": True})
    assert json.loads(description["input"]) == {"order": {"id": "o-1", "items": [1, 2]}, "noise": True}
    # AWS writes outputs as compact JSON.
    assert description["output"] == '{"id":"o-1","items":[1,2],"fixed":"yes","price":{"total":42}}'
    result = output_of(description)
    # InputPath narrowed what Parameters saw; OutputPath kept only the selected part.
    assert result == {"id": "o-1", "items": [1, 2], "fixed": "yes", "price": {"total": 42}}


def test_intrinsic_functions(run):
    definition = {
        "StartAt": "Intrinsics",
        "States": {
            "Intrinsics": {
                "Type": "Pass",
                "Parameters": {
                    "greeting.$": "States.Format('Hello {}, you are {}', $.name, $.age)",
                    "parsed.$": "States.StringToJson($.raw)",
                    "encoded.$": "States.JsonToString($.obj)",
                    "array.$": "States.Array($.name, $.age, 'x')",
                    "uuid.$": "States.UUID()",
                    "sum.$": "States.MathAdd($.age, 8)",
                    "length.$": "States.ArrayLength($.list)",
                    "contains.$": "States.ArrayContains($.list, 2)",
                    "item.$": "States.ArrayGetItem($.list, 1)",
                    "range.$": "States.ArrayRange(1, 9, 4)",
                    "unique.$": "States.ArrayUnique($.dupes)",
                    "parts.$": "States.ArrayPartition($.list, 2)",
                    "b64.$": "States.Base64Encode($.name)",
                    "decoded.$": "States.Base64Decode('aGk=')",
                    "split.$": "States.StringSplit('a,b,c', ',')",
                    "hash.$": "States.Hash($.name, 'SHA-256')",
                    "merged.$": "States.JsonMerge($.obj, $.more, false)",
                    "context.$": "$$.Execution.Name",
                },
                "End": True,
            }
        },
    }
    execution_input = {
        "name": "Ann",
        "age": 34,
        "raw": '{"k": [1, 2]}',
        "obj": {"a": 1},
        "more": {"b": 2},
        "list": [1, 2, 3],
        "dupes": [1, 1, 2],
    }
    description = run(definition, execution_input)
    result = output_of(description)
    assert result["greeting"] == "Hello Ann, you are 34"
    assert result["parsed"] == {"k": [1, 2]}
    assert json.loads(result["encoded"]) == {"a": 1}
    assert result["array"] == ["Ann", 34, "x"]
    assert len(result["uuid"]) == 36 and result["uuid"].count("-") == 4
    assert result["sum"] == 42
    assert result["length"] == 3
    assert result["contains"] is True
    assert result["item"] == 2
    assert result["range"] == [1, 5, 9]
    assert result["unique"] == [1, 2]
    assert result["parts"] == [[1, 2], [3]]
    assert result["b64"] == "QW5u"
    assert result["decoded"] == "hi"
    assert result["split"] == ["a", "b", "c"]
    assert result["hash"] == hashlib.sha256(b"Ann").hexdigest()
    assert result["merged"] == {"a": 1, "b": 2}
    assert result["context"] == description["name"]


CHOICE_RULES = [
    {"Variable": "$.s", "StringEquals": "abc", "Next": "StringEquals"},
    {"Variable": "$.s", "StringEqualsPath": "$.other", "Next": "StringEqualsPath"},
    {"Variable": "$.s", "StringLessThan": "abc", "Next": "StringLessThan"},
    {"Variable": "$.s", "StringGreaterThanEquals": "zzz", "Next": "StringGreaterThanEquals"},
    {"Variable": "$.s", "StringMatches": "log-*.txt", "Next": "StringMatches"},
    {"Variable": "$.n", "NumericEquals": 7, "Next": "NumericEquals"},
    {"Variable": "$.n", "NumericLessThanPath": "$.limit", "Next": "NumericLessThanPath"},
    {"Variable": "$.n", "NumericGreaterThan": 100, "Next": "NumericGreaterThan"},
    {"Variable": "$.b", "BooleanEquals": True, "Next": "BooleanEquals"},
    {"Variable": "$.t", "TimestampLessThan": "2000-01-01T00:00:00Z", "Next": "TimestampLessThan"},
    {
        "Variable": "$.t",
        "TimestampGreaterThanEqualsPath": "$.since",
        "Next": "TimestampGreaterThanEqualsPath",
    },
    {"Variable": "$.missing", "IsPresent": True, "Next": "IsPresent"},
    {"Variable": "$.nothing", "IsNull": True, "Next": "IsNull"},
    {"Variable": "$.s", "IsNumeric": True, "Next": "IsNumeric"},
    {
        "And": [
            {"Variable": "$.n", "NumericGreaterThanEquals": 10},
            {"Variable": "$.n", "NumericLessThanEquals": 20},
        ],
        "Next": "And",
    },
    {
        "Or": [{"Variable": "$.s", "StringEquals": "x"}, {"Variable": "$.s", "StringEquals": "y"}],
        "Next": "Or",
    },
    {"Not": {"Variable": "$.s", "StringEquals": "keep"}, "Next": "Not"},
]


def _choice_definition() -> dict:
    branch_names = {rule["Next"] for rule in CHOICE_RULES} | {"Default"}
    states: dict[str, dict] = {
        "Decide": {"Type": "Choice", "Choices": CHOICE_RULES, "Default": "Default"},
    }
    for name in branch_names:
        states[name] = {"Type": "Pass", "Result": name, "End": True}
    return {"StartAt": "Decide", "States": states}


# Every rule's variable exists in each input: on AWS a missing path in a rule fails the execution.
CHOICE_BASE = {
    "s": "keep",
    "other": "nope",
    "n": 50,
    "limit": 5,
    "b": False,
    "t": "2010-01-01T00:00:00Z",
    "since": "2020-01-01T00:00:00Z",
    "nothing": 1,
}


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"s": "abc"}, "StringEquals"),
        ({"s": "qqq", "other": "qqq"}, "StringEqualsPath"),
        ({"s": "abb"}, "StringLessThan"),
        ({"s": "zzzz"}, "StringGreaterThanEquals"),
        ({"s": "log-2024.txt"}, "StringMatches"),
        ({"n": 7}, "NumericEquals"),
        ({"n": 3}, "NumericLessThanPath"),
        ({"n": 101}, "NumericGreaterThan"),
        ({"b": True}, "BooleanEquals"),
        ({"t": "1999-12-31T23:59:59Z"}, "TimestampLessThan"),
        ({"t": "2024-06-01T00:00:00Z"}, "TimestampGreaterThanEqualsPath"),
        ({"missing": 1}, "IsPresent"),
        ({"nothing": None}, "IsNull"),
        ({"n": 15}, "And"),
        ({"s": "y"}, "Or"),
        ({"s": "other"}, "Not"),
        ({}, "Default"),
    ],
)
def test_choice_state(run, changes, expected):
    assert output_of(run(_choice_definition(), CHOICE_BASE | changes)) == expected


def test_choice_rule_on_a_missing_path_fails(run):
    description = run(_choice_definition(), {"s": "abb"})
    assert description["status"] == "FAILED"
    assert description["error"] == "States.Runtime"


def test_choice_without_match_or_default_fails(run):
    definition = {
        "StartAt": "Decide",
        "States": {
            "Decide": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "Done"}],
            },
            "Done": {"Type": "Succeed"},
        },
    }
    description = run(definition, {"x": 2})
    assert description["status"] == "FAILED"
    assert description["error"] == "States.NoChoiceMatched"


def test_wait_state_variants(sfn, run):
    past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    definition = {
        "StartAt": "Seconds",
        "States": {
            "Seconds": {"Type": "Wait", "Seconds": 1, "Next": "SecondsPath"},
            "SecondsPath": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Timestamp"},
            "Timestamp": {"Type": "Wait", "Timestamp": past, "Next": "TimestampPath"},
            "TimestampPath": {"Type": "Wait", "TimestampPath": "$.until", "End": True},
        },
    }
    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    description = run(definition, {"delay": 1, "until": soon})
    assert output_of(description) == {"delay": 1, "until": soon}
    assert description["stopDate"] - description["startDate"] >= datetime.timedelta(seconds=2)
    events = types_of(history(sfn, description["executionArn"]))
    assert events.count("WaitStateEntered") == 4 and events.count("WaitStateExited") == 4


def test_parallel_state(run):
    definition = {
        "StartAt": "Fork",
        "States": {
            "Fork": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a", "End": True}}},
                    {
                        "StartAt": "B",
                        "States": {
                            "B": {
                                "Type": "Pass",
                                "Parameters": {"doubled.$": "States.MathAdd($.b, $.b)"},
                                "End": True,
                            }
                        },
                    },
                ],
                "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].doubled"},
                "ResultPath": "$.joined",
                "End": True,
            }
        },
    }
    assert output_of(run(definition, {"a": "left", "b": 21})) == {
        "a": "left",
        "b": 21,
        "joined": {"first": "left", "second": 42},
    }


def test_map_state_with_item_processor_and_selector(sfn, run):
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.orders",
                "MaxConcurrency": 2,
                "ItemSelector": {
                    "order.$": "$$.Map.Item.Value",
                    "index.$": "$$.Map.Item.Index",
                    "tax.$": "$.tax",
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "Price",
                    "States": {
                        "Price": {
                            "Type": "Pass",
                            "Parameters": {
                                "id.$": "$.order.id",
                                "index.$": "$.index",
                                "total.$": "States.MathAdd($.order.net, $.tax)",
                            },
                            "End": True,
                        }
                    },
                },
                "ResultPath": "$.priced",
                "End": True,
            }
        },
    }
    execution_input = {
        "tax": 1,
        "orders": [{"id": "a", "net": 10}, {"id": "b", "net": 20}, {"id": "c", "net": 30}],
    }
    description = run(definition, execution_input)
    assert output_of(description)["priced"] == [
        {"id": "a", "index": 0, "total": 11},
        {"id": "b", "index": 1, "total": 21},
        {"id": "c", "index": 2, "total": 31},
    ]
    events = types_of(history(sfn, description["executionArn"]))
    assert events.count("MapIterationStarted") == 3 and events.count("MapIterationSucceeded") == 3
    assert "MapStateStarted" in events and "MapStateSucceeded" in events


def test_map_state_with_legacy_iterator_and_parameters(run):
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemsPath": "$.values",
                "Parameters": {"v.$": "$$.Map.Item.Value"},
                "Iterator": {
                    "StartAt": "Square",
                    "States": {"Square": {"Type": "Pass", "OutputPath": "$.v", "End": True}},
                },
                "End": True,
            }
        },
    }
    assert output_of(run(definition, {"values": [3, 4]})) == [3, 4]


def test_succeed_and_fail_states(sfn, run):
    succeeded = run(
        {"StartAt": "Ok", "States": {"Ok": {"Type": "Succeed", "OutputPath": "$.keep"}}}, {"keep": 1}
    )
    assert output_of(succeeded) == 1

    definition = {
        "StartAt": "Boom",
        "States": {"Boom": {"Type": "Fail", "Error": "OrderRejected", "Cause": "credit limit exceeded"}},
    }
    failed = run(definition, {})
    assert failed["status"] == "FAILED"
    assert failed["error"] == "OrderRejected" and failed["cause"] == "credit limit exceeded"
    assert "output" not in failed and failed["stopDate"] >= failed["startDate"]
    events = history(sfn, failed["executionArn"])
    assert types_of(events) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    assert events[-1]["executionFailedEventDetails"] == {
        "error": "OrderRejected",
        "cause": "credit limit exceeded",
    }


def test_retry_then_catch_with_result_path(sfn, run, unique_name):
    missing_table = unique_name("missing")
    definition = {
        "StartAt": "Read",
        "States": {
            "Read": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": missing_table, "Key": {"id": {"S": "1"}}},
                "Retry": [
                    {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5},
                    {
                        "ErrorEquals": ["States.ALL"],
                        "IntervalSeconds": 1,
                        "MaxAttempts": 2,
                        "BackoffRate": 1.0,
                    },
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Recovered"}],
                "End": True,
            },
            "Recovered": {"Type": "Pass", "End": True},
        },
    }
    description = run(definition, {"request": 1})
    result = output_of(description)
    assert result["request"] == 1
    assert result["failure"]["Error"] == "DynamoDB.ResourceNotFoundException"
    assert "Cause" in result["failure"]
    events = types_of(history(sfn, description["executionArn"]))
    # The first try and two retries, then the catcher's state.
    assert events.count("TaskFailed") == 3
    assert events[-3:] == ["PassStateEntered", "PassStateExited", "ExecutionSucceeded"]


def test_catch_fail_in_parallel_by_error_name(run):
    definition = {
        "StartAt": "Fork",
        "States": {
            "Fork": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "F",
                        "States": {"F": {"Type": "Fail", "Error": "Custom.Bad", "Cause": "why"}},
                    },
                ],
                "Catch": [
                    {"ErrorEquals": ["Other.Error"], "Next": "Wrong"},
                    {"ErrorEquals": ["Custom.Bad"], "Next": "Handled"},
                ],
                "End": True,
            },
            "Wrong": {"Type": "Fail", "Error": "Wrong"},
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    assert output_of(run(definition, {"x": 1})) == {"Error": "Custom.Bad", "Cause": "why"}


def test_history_shape_of_a_pass_choice_machine(sfn, run):
    definition = {
        "StartAt": "Start",
        "States": {
            "Start": {"Type": "Pass", "Next": "Decide"},
            "Decide": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.go", "BooleanEquals": True, "Next": "Done"}],
            },
            "Done": {"Type": "Succeed"},
        },
    }
    description = run(definition, {"go": True})
    events = history(sfn, description["executionArn"])
    assert types_of(events) == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ChoiceStateEntered",
        "ChoiceStateExited",
        "SucceedStateEntered",
        "SucceedStateExited",
        "ExecutionSucceeded",
    ]
    assert [event["id"] for event in events] == list(range(1, 9))
    assert all(isinstance(event["timestamp"], datetime.datetime) for event in events)
    started = events[0]["executionStartedEventDetails"]
    assert json.loads(started["input"]) == {"go": True} and started["roleArn"] == ROLE
    assert events[1]["stateEnteredEventDetails"]["name"] == "Start"
    assert events[2]["previousEventId"] == 2
    assert json.loads(events[-1]["executionSucceededEventDetails"]["output"]) == {"go": True}
    # Newest first on request.
    reverse = sfn.get_execution_history(executionArn=description["executionArn"], reverseOrder=True)
    assert reverse["events"][0]["type"] == "ExecutionSucceeded"


def test_describe_and_stop_a_running_execution(sfn, machines, unique_name):
    arn = machines({"StartAt": "Sleep", "States": {"Sleep": {"Type": "Wait", "Seconds": 300, "End": True}}})
    name = unique_name("run")
    started = sfn.start_execution(stateMachineArn=arn, name=name, input='{"a": 1}')
    execution_arn = started["executionArn"]
    assert execution_arn.endswith(f":{name}")

    running = sfn.describe_execution(executionArn=execution_arn)
    assert running["status"] == "RUNNING" and running["name"] == name
    assert json.loads(running["input"]) == {"a": 1}
    assert "stopDate" not in running and "output" not in running
    listed = sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
    assert [item["executionArn"] for item in listed] == [execution_arn]

    stopped = sfn.stop_execution(executionArn=execution_arn, error="Manual", cause="operator stopped it")
    assert isinstance(stopped["stopDate"], datetime.datetime)
    description = sfn.describe_execution(executionArn=execution_arn)
    assert description["status"] == "ABORTED"
    assert description["error"] == "Manual" and description["cause"] == "operator stopped it"

    deadline = time.monotonic() + 10
    while "ExecutionAborted" not in types_of(events := history(sfn, execution_arn)):
        assert time.monotonic() < deadline, types_of(events)
        time.sleep(0.05)
    assert events[-1]["executionAbortedEventDetails"] == {"error": "Manual", "cause": "operator stopped it"}


def test_execution_errors(sfn, machines, unique_name):
    arn = machines({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    with pytest.raises(sfn.exceptions.InvalidExecutionInput):
        sfn.start_execution(stateMachineArn=arn, input="{not json")
    with pytest.raises(sfn.exceptions.InvalidName):
        sfn.start_execution(stateMachineArn=arn, name="bad name?")
    name = unique_name("once")
    first = sfn.start_execution(stateMachineArn=arn, name=name)
    wait_until_done(sfn, first["executionArn"])
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists):
        sfn.start_execution(stateMachineArn=arn, name=name, input='{"other": 1}')
    missing = first["executionArn"][: -len(name)] + unique_name("missing")
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.describe_execution(executionArn=missing)
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.create_state_machine(
            name=unique_name("bad"), definition='{"StartAt": "X", "States": {}}', roleArn=ROLE
        )


def test_history_pages_and_execution_data(sfn, run):
    states = {f"P{i}": {"Type": "Pass", "Result": {"i": i}, "Next": f"P{i + 1}"} for i in range(5)}
    states["P5"] = {"Type": "Pass", "End": True}
    description = run({"StartAt": "P0", "States": states}, {"secret": "data"})
    arn = description["executionArn"]
    everything = history(sfn, arn)
    assert len(everything) == 14

    pages, token = [], None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = sfn.get_execution_history(executionArn=arn, maxResults=5, **kwargs)
        pages.append(page["events"])
        token = page.get("nextToken")
        if not token:
            break
    assert [len(page) for page in pages] == [5, 5, 4]
    assert [event["id"] for page in pages for event in page] == list(range(1, 15))
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.get_execution_history(executionArn=arn, nextToken="bogus")

    lean = sfn.get_execution_history(executionArn=arn, includeExecutionData=False)["events"]
    assert types_of(lean) == types_of(everything)
    assert "input" not in lean[0]["executionStartedEventDetails"]
    assert "output" not in lean[-1]["executionSucceededEventDetails"]
    assert lean[0]["executionStartedEventDetails"]["roleArn"] == ROLE


def test_executions_of_one_definition_at_once_keep_their_own_data(sfn, machines):
    """The parsed definition is shared between executions: each one's data, retries and branches
    stay its own."""
    arn = machines(
        {
            "StartAt": "Both",
            "States": {
                "Both": {
                    "Type": "Parallel",
                    "Branches": [
                        {
                            "StartAt": "Twice",
                            "States": {
                                "Twice": {
                                    "Type": "Pass",
                                    "Parameters": {"v.$": "States.MathAdd($.n, $.n)"},
                                    "End": True,
                                }
                            },
                        },
                        {
                            "StartAt": "Wait",
                            "States": {
                                "Wait": {"Type": "Wait", "Seconds": 1, "OutputPath": "$.n", "End": True}
                            },
                        },
                    ],
                    "ResultPath": "$.both",
                    "Next": "Check",
                },
                "Check": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.n", "NumericGreaterThanEquals": 5, "Next": "Big"}],
                    "Default": "Small",
                },
                "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": True},
                "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": True},
            },
        }
    )
    started = {
        n: sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": n}))["executionArn"]
        for n in range(10)
    }
    for n, execution_arn in started.items():
        description = wait_until_done(sfn, execution_arn)
        assert description["status"] == "SUCCEEDED"
        size = "big" if n >= 5 else "small"
        assert output_of(description) == {"n": n, "both": [{"v": 2 * n}, n], "size": size}


def test_create_state_machine_is_idempotent_only_for_the_same_definition(sfn, machines, unique_name):
    """CreateStateMachine's idempotency (API reference): the same name and definition answer the
    existing machine (a different role is ignored); another definition under the name is refused."""
    from botocore.exceptions import ClientError

    name = unique_name("idem")
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    arn = machines(definition, name=name)
    again = sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE + "-other")
    assert again["stateMachineArn"] == arn
    assert sfn.describe_state_machine(stateMachineArn=arn)["roleArn"] == ROLE
    other = {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": True}}}
    with pytest.raises(ClientError) as info:
        sfn.create_state_machine(name=name, definition=json.dumps(other), roleArn=ROLE)
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == (
        "StateMachineAlreadyExists",
        f"State Machine Already Exists: '{arn}'",
    )
    assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == definition
