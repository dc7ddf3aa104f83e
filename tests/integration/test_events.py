"""EventBridge end to end: buses, rules and patterns, PutEvents reaching each target type, input
transformation, TestEventPattern, and the validation AWS does at PutRule and PutTargets."""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from tests.integration.queue_policy_support import EVENTS, allow_service
from tests.integration.test_sns_delivery_support import allow_sns

DEADLINE = 10.0


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


@pytest.fixture
def sqs(aws_client: Callable[..., Any]) -> Any:
    return aws_client("sqs")


@pytest.fixture
def queue(sqs: Any, unique_name: Callable[[str], str], cleanup: list) -> tuple[str, str]:
    """(url, arn) of a fresh queue."""
    url = sqs.create_queue(QueueName=unique_name("eb"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    return url, allow_service(sqs, url, EVENTS)


def receive(sqs: Any, url: str, count: int = 1, deadline: float = DEADLINE) -> list[dict[str, Any]]:
    """Up to `count` messages, polling until they are there or the deadline passes."""
    messages: list[dict[str, Any]] = []
    end = time.monotonic() + deadline
    while len(messages) < count and time.monotonic() < end:
        answer = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=["All"]
        )
        for message in answer.get("Messages", []):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            messages.append(message)
    return messages


def make_rule(
    events: Any, cleanup: list, name: str, pattern: dict, targets: list[dict], bus: str = "default"
) -> str:
    arn = events.put_rule(Name=name, EventPattern=json.dumps(pattern), EventBusName=bus)["RuleArn"]
    cleanup.append(lambda: events.delete_rule(Name=name, EventBusName=bus))
    events.put_targets(Rule=name, EventBusName=bus, Targets=targets)
    cleanup.append(lambda: events.remove_targets(Rule=name, EventBusName=bus, Ids=[t["Id"] for t in targets]))
    return arn


def put(events: Any, source: str, detail: dict, bus: str = "default", **extra: Any) -> str:
    entry = {"Source": source, "DetailType": "order", "Detail": json.dumps(detail), "EventBusName": bus}
    answer = events.put_events(Entries=[{**entry, **extra}])
    assert answer["FailedEntryCount"] == 0, answer
    return answer["Entries"][0]["EventId"]


def test_custom_bus_lifecycle(events: Any, unique_name: Callable[[str], str]) -> None:
    name = unique_name("bus")
    arn = events.create_event_bus(Name=name)["EventBusArn"]
    assert arn.endswith(f":event-bus/{name}")
    assert events.describe_event_bus(Name=name)["Arn"] == arn
    assert name in [bus["Name"] for bus in events.list_event_buses()["EventBuses"]]
    events.delete_event_bus(Name=name)
    assert name not in [bus["Name"] for bus in events.list_event_buses()["EventBuses"]]


def test_sqs_target_gets_aws_envelope_on_custom_bus(
    events: Any, sqs: Any, queue: tuple[str, str], unique_name: Callable[[str], str], cleanup: list
) -> None:
    bus = unique_name("bus")
    events.create_event_bus(Name=bus)
    cleanup.append(lambda: events.delete_event_bus(Name=bus))
    url, queue_arn = queue
    pattern = {"source": [{"prefix": "shop."}], "detail": {"price": [{"numeric": [">", 10]}]}}
    make_rule(events, cleanup, unique_name("r"), pattern, [{"Id": "q", "Arn": queue_arn}], bus=bus)

    put(events, "shop.orders", {"price": 5}, bus=bus)  # no match: price too low
    put(events, "other.orders", {"price": 50}, bus=bus)  # no match: source
    put(events, "shop.orders", {"price": 50}, bus="default")  # no match: other bus
    event_id = put(events, "shop.orders", {"price": 50, "item": "book"}, bus=bus, Resources=["arn:x"])

    messages = receive(sqs, url)
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert list(body) == [
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    ]
    assert body["id"] == event_id
    assert body["version"] == "0"
    assert body["detail-type"] == "order"
    assert body["source"] == "shop.orders"
    assert body["account"] == "000000000000"
    assert body["region"] == "us-east-1"
    assert body["resources"] == ["arn:x"]
    assert body["detail"] == {"price": 50, "item": "book"}
    assert time.strptime(body["time"], "%Y-%m-%dT%H:%M:%SZ")
    assert receive(sqs, url, deadline=1.5) == []  # nothing else arrives


def test_disabled_rule_and_removed_target_deliver_nothing(
    events: Any, sqs: Any, queue: tuple[str, str], unique_name: Callable[[str], str], cleanup: list
) -> None:
    url, queue_arn = queue
    source = unique_name("src")
    name = unique_name("r")
    make_rule(events, cleanup, name, {"source": [source]}, [{"Id": "q", "Arn": queue_arn}])
    events.disable_rule(Name=name)
    put(events, source, {"n": 1})
    events.enable_rule(Name=name)
    put(events, source, {"n": 2})
    messages = receive(sqs, url, count=2, deadline=4)
    assert [json.loads(m["Body"])["detail"]["n"] for m in messages] == [2]


def test_fifo_queue_target_uses_message_group(
    events: Any, sqs: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    url = sqs.create_queue(QueueName=unique_name("eb") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    arn = allow_service(sqs, url, EVENTS)
    source = unique_name("src")
    with pytest.raises(ClientError, match="SqsParameters"):
        make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "q", "Arn": arn}])
    target = {"Id": "q", "Arn": arn, "SqsParameters": {"MessageGroupId": "group-1"}}
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    for n in range(3):
        put(events, source, {"n": n})
    messages = []
    end = time.monotonic() + DEADLINE
    while len(messages) < 3 and time.monotonic() < end:
        answer = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, AttributeNames=["MessageGroupId"]
        )
        for message in answer.get("Messages", []):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            messages.append(message)
    assert sorted(json.loads(m["Body"])["detail"]["n"] for m in messages) == [0, 1, 2]
    assert {m["Attributes"]["MessageGroupId"] for m in messages} == {"group-1"}


def test_sns_target(
    events: Any,
    sqs: Any,
    aws_client: Callable[..., Any],
    queue: tuple[str, str],
    unique_name: Callable[[str], str],
    cleanup: list,
) -> None:
    sns = aws_client("sns")
    topic = sns.create_topic(Name=unique_name("t"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    url, queue_arn = queue
    allow_sns(sqs, url, queue_arn)
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    source = unique_name("src")
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "t", "Arn": topic}])
    event_id = put(events, source, {"via": "sns"})
    messages = receive(sqs, url)
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["id"] == event_id and body["detail"] == {"via": "sns"}


def test_kinesis_target_with_partition_key_path(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    kinesis = aws_client("kinesis")
    stream = unique_name("s")
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=stream))
    kinesis.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 0.2})
    description = kinesis.describe_stream(StreamName=stream)["StreamDescription"]
    source = unique_name("src")
    targets = [
        {
            "Id": "keyed",
            "Arn": description["StreamARN"],
            "KinesisParameters": {"PartitionKeyPath": "$.detail.user"},
        },
    ]
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, targets)
    event_id = put(events, source, {"user": "alice"})
    shard = description["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    records: list = []
    end = time.monotonic() + DEADLINE
    while not records and time.monotonic() < end:
        answer = kinesis.get_records(ShardIterator=iterator)
        records, iterator = answer["Records"], answer["NextShardIterator"]
        if not records:
            time.sleep(0.2)
    assert len(records) == 1
    assert records[0]["PartitionKey"] == "alice"
    assert json.loads(records[0]["Data"])["id"] == event_id


def test_step_functions_target(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    sfn = aws_client("stepfunctions")
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}
    machine = sfn.create_state_machine(
        name=unique_name("m"),
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::000000000000:role/sfn-role",
    )["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=machine))
    source = unique_name("src")
    target = {"Id": "m", "Arn": machine, "RoleArn": "arn:aws:iam::000000000000:role/eb"}
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    event_id = put(events, source, {"run": 1})
    executions: list = []
    end = time.monotonic() + DEADLINE
    while not executions and time.monotonic() < end:
        executions = sfn.list_executions(stateMachineArn=machine)["executions"]
        if not executions:
            time.sleep(0.2)
    assert len(executions) == 1
    execution = sfn.describe_execution(executionArn=executions[0]["executionArn"])
    assert json.loads(execution["input"])["id"] == event_id
    assert json.loads(execution["input"])["detail"] == {"run": 1}


def test_cloudwatch_logs_target(
    events: Any, aws_client: Callable[..., Any], unique_name: Callable[[str], str], cleanup: list
) -> None:
    logs = aws_client("logs")
    group = "/aws/events/" + unique_name("g")
    logs.create_log_group(logGroupName=group)
    cleanup.append(lambda: logs.delete_log_group(logGroupName=group))
    group_arn = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["arn"]
    source = unique_name("src")
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "l", "Arn": group_arn}])
    event_id = put(events, source, {"logged": True})
    found: list = []
    end = time.monotonic() + DEADLINE
    while not found and time.monotonic() < end:
        found = logs.filter_log_events(logGroupName=group)["events"]
        if not found:
            time.sleep(0.2)
    assert len(found) == 1
    assert found[0]["logStreamName"] == event_id
    assert json.loads(found[0]["message"])["detail"] == {"logged": True}


def test_event_bus_target_forwards_to_other_bus(
    events: Any, sqs: Any, queue: tuple[str, str], unique_name: Callable[[str], str], cleanup: list
) -> None:
    second = unique_name("bus")
    second_arn = events.create_event_bus(Name=second)["EventBusArn"]
    cleanup.append(lambda: events.delete_event_bus(Name=second))
    url, queue_arn = queue
    source = unique_name("src")
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "b", "Arn": second_arn}])
    make_rule(
        events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "q", "Arn": queue_arn}], bus=second
    )
    when = datetime(2021, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    put(events, source, {"hop": 2}, Resources=["arn:aws:s3:::b"], Time=when)
    messages = receive(sqs, url)
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["time"] == "2021-05-06T07:08:09Z"  # the entry's Time, kept across buses
    assert body["source"] == source
    assert body["detail"] == {"hop": 2}
    assert body["resources"] == ["arn:aws:s3:::b"]


def test_s3_events_on_default_bus_reach_rules(
    events: Any,
    sqs: Any,
    queue: tuple[str, str],
    unique_name: Callable[[str], str],
    cleanup: list,
    aws_client: Callable[..., Any],
) -> None:
    url, queue_arn = queue
    bucket = unique_name("bucket")
    pattern = {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [bucket]}},
    }
    make_rule(events, cleanup, unique_name("r"), pattern, [{"Id": "q", "Arn": queue_arn}])
    # A client may not put events in the aws. namespace; S3 itself does.
    detail = {"version": "0", "bucket": {"name": bucket}, "object": {"key": "k", "size": 3}}
    answer = events.put_events(
        Entries=[{"Source": "aws.s3", "DetailType": "Object Created", "Detail": json.dumps(detail)}]
    )
    assert answer["Entries"] == [
        {"ErrorCode": "NotAuthorizedForSourceException", "ErrorMessage": "Not authorized for the source."}
    ]
    s3 = aws_client("s3")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    s3.put_object(Bucket=bucket, Key="k", Body=b"abc")
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="k"))
    messages = receive(sqs, url)
    assert [json.loads(m["Body"])["detail"]["object"]["key"] for m in messages] == ["k"]


def test_input_input_path_and_transformers(
    events: Any, sqs: Any, queue: tuple[str, str], unique_name: Callable[[str], str], cleanup: list
) -> None:
    url, queue_arn = queue
    source = unique_name("src")
    paths = {"instance": "$.detail.instance", "state": "$.detail.state", "n": "$.detail.n"}
    targets = [
        {"Id": "constant", "Arn": queue_arn, "Input": '{"fixed": "value"}'},
        {"Id": "path", "Arn": queue_arn, "InputPath": "$.detail.nested"},
        {
            "Id": "string",
            "Arn": queue_arn,
            "InputTransformer": {"InputPathsMap": paths, "InputTemplate": '"<instance> is in state <state>"'},
        },
        {
            "Id": "json",
            "Arn": queue_arn,
            "InputTransformer": {
                "InputPathsMap": paths,
                "InputTemplate": '{"id": <instance>, "n": <n>, "text": "<instance>: <state>", "rule": '
                "<aws.events.rule-name>}",
            },
        },
    ]
    rule = unique_name("r")
    make_rule(events, cleanup, rule, {"source": [source]}, targets)
    put(events, source, {"instance": "i-1", "state": "running", "n": 7, "nested": {"a": [1, 2]}})
    bodies = sorted(m["Body"] for m in receive(sqs, url, count=4))
    assert bodies == sorted(
        [
            '{"fixed": "value"}',
            '{"a":[1,2]}',
            '"i-1 is in state running"',
            json.dumps({"id": "i-1", "n": 7, "text": "i-1: running", "rule": rule}),
        ]
    )


def test_test_event_pattern(events: Any) -> None:
    event = {
        "id": "1",
        "account": "000000000000",
        "source": "shop.orders",
        "time": "2024-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail-type": "order",
        "detail": {"price": 12, "country": "DE"},
    }
    cases = [
        ({"source": ["shop.orders"]}, True),
        ({"source": [{"prefix": "shop."}], "detail": {"price": [{"numeric": [">=", 12]}]}}, True),
        ({"detail": {"country": [{"anything-but": ["DE", "FR"]}]}}, False),
        ({"detail": {"missing": [{"exists": False}]}}, True),
        ({"source": [{"wildcard": "shop.*"}]}, True),
        ({"detail": {"price": [{"numeric": ["<", 12]}]}}, False),
    ]
    for pattern, expected in cases:
        answer = events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(event))
        assert answer["Result"] is expected, pattern
    with pytest.raises(ClientError) as error:
        events.test_event_pattern(EventPattern='{"source": "x"}', Event=json.dumps(event))
    assert error.value.response["Error"]["Code"] == "InvalidEventPatternException"
    with pytest.raises(ClientError) as error:
        events.test_event_pattern(EventPattern='{"source": ["x"]}', Event='{"source": "x"}')
    assert error.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Parameter Event is not valid.",
    }
    without_resources = {k: v for k, v in event.items() if k != "resources"}
    answer = events.test_event_pattern(EventPattern='{"source": ["x"]}', Event=json.dumps(without_resources))
    assert answer["Result"] is (without_resources["source"] == "x")


@pytest.mark.parametrize(
    "pattern",
    [
        '{"source": "not-a-list"}',
        '{"source": []}',
        '{"a": [{"numeric": [">", "x"]}]}',
        '{"a": [{"nope": 1}]}',
        "{",
    ],
)
def test_put_rule_rejects_invalid_patterns(
    events: Any, unique_name: Callable[[str], str], pattern: str
) -> None:
    with pytest.raises(ClientError) as error:
        events.put_rule(Name=unique_name("r"), EventPattern=pattern)
    assert error.value.response["Error"]["Code"] == "InvalidEventPatternException"


def test_put_rule_and_targets_validation(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    with pytest.raises(ClientError) as error:
        events.put_rule(Name=unique_name("r"), ScheduleExpression="rate(1 minutes)")
    assert error.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as error:
        events.put_rule(Name=unique_name("r"), ScheduleExpression="cron(0 12 * * * *)")
    assert error.value.response["Error"]["Code"] == "ValidationException"
    name = unique_name("r")
    events.put_rule(Name=name, EventPattern='{"source": ["x"]}')
    cleanup.append(lambda: events.delete_rule(Name=name))
    arn = "arn:aws:sqs:us-east-1:000000000000:q"
    for bad in (
        {"Id": "t", "Arn": arn, "Input": "{}", "InputPath": "$.detail"},
        {"Id": "t", "Arn": arn, "InputPath": "detail"},
        {
            "Id": "t",
            "Arn": arn,
            "InputTransformer": {"InputPathsMap": {"aws.events.x": "$.a"}, "InputTemplate": "<a>"},
        },
    ):
        with pytest.raises(ClientError) as error:
            events.put_targets(Rule=name, Targets=[bad])
        assert error.value.response["Error"]["Code"] == "ValidationException"


FORWARDER = """
import json, os
import boto3

def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["RESULT_QUEUE_URL"], MessageBody=json.dumps(event))
    return {"ok": True}
"""


def test_lambda_target(
    events: Any,
    sqs: Any,
    aws_client: Callable[..., Any],
    queue: tuple[str, str],
    unique_name: Callable[[str], str],
    cleanup: list,
) -> None:
    import io
    import zipfile

    awslambda = aws_client("lambda")
    url, _ = queue
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("forwarder.py", FORWARDER)
    name = unique_name("fn")
    function_arn = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="forwarder.handler",
        Code={"ZipFile": buffer.getvalue()},
        Environment={"Variables": {"RESULT_QUEUE_URL": url}},
    )["FunctionArn"]
    cleanup.append(lambda: awslambda.delete_function(FunctionName=name))
    awslambda.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.5})
    probe = awslambda.invoke(FunctionName=name, Payload=b'{"probe": 1}')
    if probe.get("FunctionError") or json.loads(probe["Payload"].read() or b"null") != {"ok": True}:
        pytest.skip("this build cannot run Lambda functions yet")
    receive(sqs, url)  # the probe's own message
    source = unique_name("src")
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [{"Id": "f", "Arn": function_arn}])
    event_id = put(events, source, {"to": "lambda"})
    messages = receive(sqs, url, deadline=30)
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["id"] == event_id and body["detail"] == {"to": "lambda"}
    assert body["detail-type"] == "order" and body["source"] == source


def test_put_events_entry_errors(events: Any) -> None:
    answer = events.put_events(
        Entries=[
            {"Source": "ok.source", "DetailType": "t", "Detail": "{}"},
            {"Source": "bad.source", "DetailType": "t", "Detail": "[1, 2]"},
            {"Source": "bad.source", "DetailType": "t", "Detail": "{not json"},
            {"DetailType": "t", "Detail": "{}"},
        ]
    )
    assert answer["FailedEntryCount"] == 3
    codes = [entry.get("ErrorCode") for entry in answer["Entries"]]
    assert codes == [None, "MalformedDetail", "MalformedDetail", "InvalidArgument"]
    assert answer["Entries"][0]["EventId"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, str, Any, bytes]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.append((self.command, self.path, self.headers, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_api_destination_target(events: Any, unique_name: Callable[[str], str], cleanup: list) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cleanup.append(server.server_close)
    cleanup.append(server.shutdown)
    connection = unique_name("c")
    connection_arn = events.create_connection(
        Name=connection,
        AuthorizationType="API_KEY",
        AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "secret"},
            "InvocationHttpParameters": {"HeaderParameters": [{"Key": "x-from", "Value": "connection"}]},
        },
    )["ConnectionArn"]
    cleanup.append(lambda: events.delete_connection(Name=connection))
    destination = unique_name("d")
    destination_arn = events.create_api_destination(
        Name=destination,
        ConnectionArn=connection_arn,
        InvocationEndpoint=f"http://127.0.0.1:{server.server_port}/orders/*",
        HttpMethod="PUT",
    )["ApiDestinationArn"]
    cleanup.append(lambda: events.delete_api_destination(Name=destination))
    source = unique_name("src")
    target = {
        "Id": "api",
        "Arn": destination_arn,
        "RoleArn": "arn:aws:iam::000000000000:role/eb",
        "InputPath": "$.detail",
        "HttpParameters": {"PathParameterValues": ["o-1"], "QueryStringParameters": {"v": "2"}},
    }
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    put(events, source, {"order": "o-1"})
    end = time.monotonic() + DEADLINE
    while not _Recorder.received and time.monotonic() < end:
        time.sleep(0.1)
    assert len(_Recorder.received) == 1
    method, path, headers, body = _Recorder.received[0]
    assert (method, path) == ("PUT", "/orders/o-1?v=2")
    assert headers["x-api-key"] == "secret" and headers["x-from"] == "connection"
    assert json.loads(body) == {"order": "o-1"}
