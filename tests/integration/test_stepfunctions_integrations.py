"""Step Functions tasks that call other services: optimized integrations, aws-sdk, .sync, task tokens."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from tests.integration.test_sns_delivery_support import allow_sns
from tests.integration.test_stepfunctions import ROLE, history, types_of, wait_until_done

OTHER_ACCOUNT = "111111111111"


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


@pytest.fixture
def machines(sfn, unique_name) -> Any:
    created: list[tuple[Any, str]] = []

    def create(definition: dict, client: Any = None) -> str:
        client = client or sfn
        arn = client.create_state_machine(
            name=unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        created.append((client, arn))
        return arn

    yield create
    for client, arn in created:
        client.delete_state_machine(stateMachineArn=arn)


@pytest.fixture
def run(sfn, machines) -> Callable[..., dict]:
    def execute(definition: dict, execution_input: Any = None, client: Any = None) -> dict:
        client = client or sfn
        arn = machines(definition, client)
        started = client.start_execution(stateMachineArn=arn, input=json.dumps(execution_input or {}))
        return wait_until_done(client, started["executionArn"])

    return execute


@pytest.fixture
def queue(aws_client, unique_name) -> Any:
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("sfn-q"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def table(aws_client, unique_name) -> Any:
    dynamodb = aws_client("dynamodb")
    name = unique_name("sfn-t")
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    dynamodb.delete_table(TableName=name)


def receive_one(sqs: Any, url: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1, MessageAttributeNames=["All"])
        if messages.get("Messages"):
            return messages["Messages"][0]
    raise AssertionError(f"no message on {url}")


def output_of(description: dict) -> Any:
    assert description["status"] == "SUCCEEDED", description
    return json.loads(description["output"])


def test_sqs_send_message(aws_client, run, queue):
    definition = {
        "StartAt": "Send",
        "States": {
            "Send": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {
                    "QueueUrl": queue,
                    "MessageBody.$": "$.order",
                    "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "order"}},
                },
                "ResultSelector": {"id.$": "$.MessageId"},
                "End": True,
            }
        },
    }
    result = output_of(run(definition, {"order": {"id": 7, "items": ["a"]}}))
    message = receive_one(aws_client("sqs"), queue)
    # A JSON object given as MessageBody is sent as its JSON text.
    assert json.loads(message["Body"]) == {"id": 7, "items": ["a"]}
    assert message["MessageAttributes"]["kind"]["StringValue"] == "order"
    assert result == {"id": message["MessageId"]}


def test_sns_publish_reaches_a_subscribed_queue(aws_client, run, queue, unique_name):
    sns, sqs = aws_client("sns"), aws_client("sqs")
    topic = sns.create_topic(Name=unique_name("sfn-topic"))["TopicArn"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    allow_sns(sqs, queue, queue_arn)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    try:
        definition = {
            "StartAt": "Publish",
            "States": {
                "Publish": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sns:publish",
                    "Parameters": {"TopicArn": topic, "Message.$": "$.text", "Subject": "from sfn"},
                    "End": True,
                }
            },
        }
        result = output_of(run(definition, {"text": "hello subscribers"}))
        envelope = json.loads(receive_one(sqs, queue)["Body"])
        assert envelope["Message"] == "hello subscribers" and envelope["Subject"] == "from sfn"
        assert result["MessageId"] == envelope["MessageId"]
    finally:
        sns.delete_topic(TopicArn=topic)


def test_dynamodb_put_get_update_delete(aws_client, run, table):
    def task(action: str, parameters: dict, result_path: str, next_state: str | None) -> dict:
        state = {
            "Type": "Task",
            "Resource": f"arn:aws:states:::dynamodb:{action}",
            "Parameters": {"TableName": table, **parameters},
            "ResultPath": result_path,
        }
        return state | ({"Next": next_state} if next_state else {"End": True})

    key = {"id": {"S.$": "$.id"}}
    definition = {
        "StartAt": "Put",
        "States": {
            "Put": task("putItem", {"Item": {"id": {"S.$": "$.id"}, "count": {"N": "1"}}}, "$.put", "Update"),
            "Update": task(
                "updateItem",
                {
                    "Key": key,
                    "UpdateExpression": "SET #c = #c + :one",
                    "ExpressionAttributeNames": {"#c": "count"},
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                    "ReturnValues": "ALL_NEW",
                },
                "$.updated",
                "Get",
            ),
            "Get": task("getItem", {"Key": key}, "$.got", "Delete"),
            "Delete": task("deleteItem", {"Key": key, "ReturnValues": "ALL_OLD"}, "$.deleted", None),
        },
    }
    result = output_of(run(definition, {"id": "item-1"}))
    assert result["updated"]["Attributes"]["count"] == {"N": "2"}
    assert result["got"]["Item"] == {"id": {"S": "item-1"}, "count": {"N": "2"}}
    assert result["deleted"]["Attributes"]["id"] == {"S": "item-1"}
    assert "Item" not in aws_client("dynamodb").get_item(TableName=table, Key={"id": {"S": "item-1"}})


def test_aws_sdk_integration_with_pascal_case_parameters(aws_client, run, unique_name):
    bucket = unique_name("sfn-sdk")
    definition = {
        "StartAt": "CreateBucket",
        "States": {
            "CreateBucket": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:createBucket",
                "Parameters": {"Bucket.$": "$.bucket"},
                "ResultPath": None,
                "Next": "Put",
            },
            "Put": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket.$": "$.bucket", "Key": "greeting.txt", "Body": "hi from sfn"},
                "ResultPath": None,
                "Next": "List",
            },
            "List": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                "Parameters": {"Bucket.$": "$.bucket"},
                "ResultSelector": {"keys.$": "$.Contents[*].Key"},
                "End": True,
            },
        },
    }
    s3 = aws_client("s3")
    try:
        assert output_of(run(definition, {"bucket": bucket})) == {"keys": ["greeting.txt"]}
        assert s3.get_object(Bucket=bucket, Key="greeting.txt")["Body"].read() == b"hi from sfn"
    finally:
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)


def test_aws_sdk_error_names_service_and_code(run, unique_name):
    definition = {
        "StartAt": "Describe",
        "States": {
            "Describe": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:dynamodb:describeTable",
                "Parameters": {"TableName": unique_name("missing")},
                "Catch": [{"ErrorEquals": ["DynamoDb.ResourceNotFoundException"], "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Pass", "End": True},
        },
    }
    assert output_of(run(definition))["Error"] == "DynamoDb.ResourceNotFoundException"


def test_start_execution_sync_runs_the_child_to_its_end(sfn, machines, run):
    child = machines(
        {
            "StartAt": "Work",
            "States": {
                "Work": {"Type": "Wait", "Seconds": 1, "Next": "Answer"},
                "Answer": {
                    "Type": "Pass",
                    "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"},
                    "End": True,
                },
            },
        }
    )
    definition = {
        "StartAt": "Child",
        "States": {
            "Child": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": child, "Input": {"n.$": "$.n"}},
                "ResultSelector": {"output.$": "$.Output", "status.$": "$.Status"},
                "Next": "ChildLegacy",
                "ResultPath": "$.v2",
            },
            "ChildLegacy": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync",
                "Parameters": {"StateMachineArn": child, "Input": {"n": 5}},
                "ResultSelector": {"output.$": "$.Output"},
                "ResultPath": "$.v1",
                "End": True,
            },
        },
    }
    description = run(definition, {"n": 21})
    result = output_of(description)
    assert result["v2"] == {"output": {"doubled": 42}, "status": "SUCCEEDED"}
    # Without ":2" the child's output comes as a JSON string.
    assert json.loads(result["v1"]["output"]) == {"doubled": 10}
    children = sfn.list_executions(stateMachineArn=child)["executions"]
    assert len(children) == 2 and {item["status"] for item in children} == {"SUCCEEDED"}
    events = types_of(history(sfn, description["executionArn"]))
    assert events.count("TaskSubmitted") == 2 and events.count("TaskSucceeded") == 2


def test_start_execution_sync_fails_with_the_child(machines, run):
    child = machines(
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "ChildError", "Cause": "no"}}}
    )
    definition = {
        "StartAt": "Child",
        "States": {
            "Child": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": child},
                "End": True,
            }
        },
    }
    description = run(definition)
    assert description["status"] == "FAILED"
    assert description["error"] == "States.TaskFailed"


def _token_machine(queue: str) -> dict:
    return {
        "StartAt": "Ask",
        "States": {
            "Ask": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {
                    "QueueUrl": queue,
                    "MessageBody": {"token.$": "$$.Task.Token", "question.$": "$.question"},
                },
                "HeartbeatSeconds": 60,
                "ResultPath": "$.answer",
                "End": True,
            }
        },
    }


def test_wait_for_task_token_success(aws_client, sfn, machines, queue):
    arn = machines(_token_machine(queue))
    execution_arn = sfn.start_execution(stateMachineArn=arn, input='{"question": "approve?"}')["executionArn"]
    body = json.loads(receive_one(aws_client("sqs"), queue)["Body"])
    assert body["question"] == "approve?"
    assert sfn.describe_execution(executionArn=execution_arn)["status"] == "RUNNING"

    sfn.send_task_heartbeat(taskToken=body["token"])
    sfn.send_task_success(taskToken=body["token"], output='{"approved": true}')
    description = wait_until_done(sfn, execution_arn)
    assert output_of(description) == {"question": "approve?", "answer": {"approved": True}}
    assert "TaskSubmitted" in types_of(history(sfn, execution_arn))
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        # The token was used: AWS answers TaskTimedOut for a token of a finished task.
        sfn.send_task_success(taskToken=body["token"], output="{}")


def test_wait_for_task_token_failure(aws_client, sfn, machines, queue):
    arn = machines(_token_machine(queue))
    execution_arn = sfn.start_execution(stateMachineArn=arn, input='{"question": "approve?"}')["executionArn"]
    token = json.loads(receive_one(aws_client("sqs"), queue)["Body"])["token"]
    sfn.send_task_failure(taskToken=token, error="Rejected", cause="the reviewer said no")
    description = wait_until_done(sfn, execution_arn)
    assert description["status"] == "FAILED"
    assert description["error"] == "Rejected" and description["cause"] == "the reviewer said no"
    events = history(sfn, execution_arn)
    failed = [event for event in events if event["type"] == "TaskFailed"]
    assert failed[0]["taskFailedEventDetails"]["error"] == "Rejected"


def test_unknown_task_token(sfn):
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.send_task_success(taskToken="not-a-token", output="{}")


def test_tasks_act_in_the_account_of_the_execution(aws_client, run, unique_name):
    credentials = {"aws_access_key_id": OTHER_ACCOUNT}
    sqs = aws_client("sqs", credentials=credentials)
    sfn = aws_client("stepfunctions", credentials=credentials)
    url = sqs.create_queue(QueueName=unique_name("acct-q"))["QueueUrl"]
    try:
        definition = {
            "StartAt": "Send",
            "States": {
                "Send": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": url, "MessageBody": "in my account"},
                    "End": True,
                }
            },
        }
        description = run(definition, client=sfn)
        assert f":{OTHER_ACCOUNT}:" in description["executionArn"]
        assert description["status"] == "SUCCEEDED", description
        assert receive_one(sqs, url)["Body"] == "in my account"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_task_timeout_while_waiting_for_a_token(sfn, run, queue):
    definition = _token_machine(queue)
    ask = definition["States"]["Ask"]
    del ask["HeartbeatSeconds"]
    ask["TimeoutSeconds"] = 1
    ask["Catch"] = [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.timeout", "Next": "TimedOut"}]
    del ask["End"]
    ask["Next"] = "Done"
    definition["States"]["TimedOut"] = {"Type": "Pass", "End": True}
    definition["States"]["Done"] = {"Type": "Succeed"}
    description = run(definition, {"question": "anyone?"})
    assert output_of(description)["timeout"]["Error"] == "States.Timeout"
    assert "TaskTimedOut" in types_of(history(sfn, description["executionArn"]))


def test_stop_an_execution_waiting_for_a_token(aws_client, sfn, machines, queue):
    arn = machines(_token_machine(queue))
    execution_arn = sfn.start_execution(stateMachineArn=arn, input='{"question": "q"}')["executionArn"]
    token = json.loads(receive_one(aws_client("sqs"), queue)["Body"])["token"]
    sfn.stop_execution(executionArn=execution_arn)
    assert sfn.describe_execution(executionArn=execution_arn)["status"] == "ABORTED"
    deadline = time.monotonic() + 10
    while "ExecutionAborted" not in types_of(history(sfn, execution_arn)):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=token, output="{}")
