"""Kinesis and DynamoDB Streams event source mappings: starting positions, batches in order per shard,
retries, bisection, partial batch failures, on-failure destinations, and the stream records themselves."""

from __future__ import annotations

import base64
import json

import pytest

from tests.integration.esm_functions.harness import Recorder, delete_mappings, records, wait_for


@pytest.fixture
def lam(aws_client):
    return aws_client("lambda")


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def kinesis(aws_client):
    return aws_client("kinesis")


@pytest.fixture
def make_recorder(lam, sqs, unique_name):
    made = []

    def make(mode: str = "ok", runtime: str = "python3.12") -> Recorder:
        function = Recorder(lam, sqs, unique_name("esm-st"), mode, runtime)
        made.append(function)
        function.require_invoke()
        return function

    yield make
    for function in made:
        delete_mappings(lam, function.name)
        function.delete()


@pytest.fixture
def make_stream(kinesis, unique_name):
    names = []

    def make(shards: int = 1) -> tuple[str, str]:
        name = unique_name("esm-ks")
        kinesis.create_stream(StreamName=name, ShardCount=shards)
        names.append(name)
        return name, kinesis.describe_stream(StreamName=name)["StreamDescription"]["StreamARN"]

    yield make
    for name in names:
        kinesis.delete_stream(StreamName=name)


def _put(kinesis, stream, items) -> None:
    for key, data in items:
        kinesis.put_record(StreamName=stream, PartitionKey=key, Data=data.encode())


def _data(record) -> str:
    return base64.b64decode(record["kinesis"]["data"]).decode()


def _settled(lam, uuid) -> None:
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled")


def test_kinesis_trim_horizon_and_latest(lam, kinesis, make_recorder, make_stream):
    stream, arn = make_stream()
    _put(kinesis, stream, [("k", "before-1"), ("k", "before-2")])
    from_start, from_now = make_recorder(), make_recorder()
    first = lam.create_event_source_mapping(
        FunctionName=from_start.name, EventSourceArn=arn, StartingPosition="TRIM_HORIZON"
    )
    latest = lam.create_event_source_mapping(
        FunctionName=from_now.name, EventSourceArn=arn, StartingPosition="LATEST"
    )
    _settled(lam, first["UUID"])
    _settled(lam, latest["UUID"])
    _put(kinesis, stream, [("k", "after-1")])
    seen = from_start.events(lambda found: len(records(found)) >= 3)
    assert [_data(r) for r in records(seen)] == ["before-1", "before-2", "after-1"]
    seen = from_now.events(lambda found: len(records(found)) >= 1)
    assert [_data(r) for r in records(seen)] == ["after-1"]
    record = records(seen)[0]
    assert record["eventSource"] == "aws:kinesis"
    assert record["eventName"] == "aws:kinesis:record"
    assert record["eventSourceARN"] == arn
    assert record["kinesis"]["partitionKey"] == "k"
    assert record["eventID"].endswith(":" + record["kinesis"]["sequenceNumber"])
    assert record["invokeIdentityArn"].startswith("arn:aws:iam::")
    assert isinstance(record["kinesis"]["approximateArrivalTimestamp"], (int, float))


@pytest.mark.parametrize("runtime", ["python3.12", "nodejs20.x"], ids=["python", "nodejs"])
def test_kinesis_batches_in_order_per_shard(lam, kinesis, make_recorder, make_stream, runtime):
    stream, arn = make_stream(shards=2)
    items = [(f"key-{i % 4}", f"{i % 4}:{i}") for i in range(24)]
    _put(kinesis, stream, items)
    function = make_recorder(runtime=runtime)
    lam.create_event_source_mapping(
        FunctionName=function.name, EventSourceArn=arn, StartingPosition="TRIM_HORIZON", BatchSize=5
    )
    events = function.events(lambda found: len(records(found)) >= 24)
    assert len(records(events)) == 24
    by_shard: dict[str, list[int]] = {}
    for event in events:
        assert 1 <= len(event["Records"]) <= 5
        shards = {record["eventID"].split(":")[0] for record in event["Records"]}
        assert len(shards) == 1  # a batch comes from one shard
        for record in event["Records"]:
            by_shard.setdefault(record["eventID"].split(":")[0], []).append(
                int(record["kinesis"]["sequenceNumber"])
            )
    for sequences in by_shard.values():
        assert sequences == sorted(sequences)
    per_key: dict[str, list[int]] = {}
    for record in records(events):
        key, index = _data(record).split(":")
        per_key.setdefault(key, []).append(int(index))
    assert all(indexes == sorted(indexes) for indexes in per_key.values())


def test_kinesis_retries_then_on_failure_destination(
    lam, sqs, kinesis, make_recorder, make_stream, unique_name
):
    stream, arn = make_stream()
    destination_url = sqs.create_queue(QueueName=unique_name("esm-onfail"))["QueueUrl"]
    destination_arn = sqs.get_queue_attributes(QueueUrl=destination_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    try:
        function = make_recorder("fail-marked")
        _put(kinesis, stream, [("k", "fail-a"), ("k", "ok-b")])
        lam.create_event_source_mapping(
            FunctionName=function.name,
            EventSourceArn=arn,
            StartingPosition="TRIM_HORIZON",
            BatchSize=1,
            MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": destination_arn}},
        )
        events = function.events(lambda found: "ok-b" in [_data(r) for r in records(found)])
        assert [_data(r) for r in records(events)] == ["fail-a", "fail-a", "ok-b"]
        message = wait_for(
            lambda: sqs.receive_message(QueueUrl=destination_url, WaitTimeSeconds=1).get("Messages")
        )
        failure = json.loads(message[0]["Body"])
        assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
        assert failure["requestContext"]["approximateInvokeCount"] == 2
        info = failure["KinesisBatchInfo"]
        assert info["streamArn"] == arn and info["batchSize"] == 1
        assert info["startSequenceNumber"] == records(events)[0]["kinesis"]["sequenceNumber"]
    finally:
        sqs.delete_queue(QueueUrl=destination_url)


def test_kinesis_bisect_on_function_error(lam, kinesis, make_recorder, make_stream):
    stream, arn = make_stream()
    _put(kinesis, stream, [("k", "ok-1"), ("k", "fail-2"), ("k", "ok-3"), ("k", "ok-4")])
    function = make_recorder("fail-marked")
    lam.create_event_source_mapping(
        FunctionName=function.name,
        EventSourceArn=arn,
        StartingPosition="TRIM_HORIZON",
        BatchSize=4,
        MaximumBatchingWindowInSeconds=1,
        BisectBatchOnFunctionError=True,
        MaximumRetryAttempts=0,
    )
    events = function.events(
        lambda found: ["ok-3", "ok-4"] in [[_data(r) for r in e["Records"]] for e in found]
    )
    batches = [[_data(r) for r in event["Records"]] for event in events]
    assert batches == [
        ["ok-1", "fail-2", "ok-3", "ok-4"],
        ["ok-1", "fail-2"],
        ["ok-1"],
        ["fail-2"],
        ["ok-3", "ok-4"],
    ]


def test_kinesis_report_batch_item_failures_retries_from_the_first_failure(
    lam, kinesis, make_recorder, make_stream
):
    stream, arn = make_stream()
    _put(kinesis, stream, [("k", "ok-1"), ("k", "fail-2"), ("k", "ok-3")])
    function = make_recorder("partial")
    uuid = lam.create_event_source_mapping(
        FunctionName=function.name,
        EventSourceArn=arn,
        StartingPosition="TRIM_HORIZON",
        BatchSize=10,
        MaximumBatchingWindowInSeconds=1,
        MaximumRetryAttempts=1,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )["UUID"]
    events = function.events(lambda found: len(found) >= 2)
    batches = [[_data(r) for r in event["Records"]] for event in events]
    # ok-1 is checkpointed; the retry starts at fail-2 and is the last (MaximumRetryAttempts=1).
    assert batches == [["ok-1", "fail-2", "ok-3"], ["fail-2", "ok-3"]]
    _put(kinesis, stream, [("k", "ok-4")])
    later = function.events(lambda found: bool(found))
    assert [[_data(r) for r in event["Records"]] for event in later] == [["ok-4"]]
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK")


def test_disabled_stream_mapping_resumes_where_it_stopped(lam, kinesis, make_recorder, make_stream):
    stream, arn = make_stream()
    function = make_recorder()
    uuid = lam.create_event_source_mapping(
        FunctionName=function.name, EventSourceArn=arn, StartingPosition="LATEST"
    )["UUID"]
    _settled(lam, uuid)
    _put(kinesis, stream, [("k", "one")])
    assert [_data(r) for r in records(function.events(lambda found: bool(found)))] == ["one"]
    lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled")
    _put(kinesis, stream, [("k", "two")])
    assert function.events(lambda found: bool(found), timeout=2) == []
    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
    assert [_data(r) for r in records(function.events(lambda found: bool(found)))] == ["two"]
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK")


def test_kinesis_resharding_keeps_order_per_key(lam, kinesis, make_recorder, make_stream):
    stream, arn = make_stream()
    function = make_recorder()
    _put(kinesis, stream, [("k", f"k:{i}") for i in range(3)])
    lam.create_event_source_mapping(
        FunctionName=function.name, EventSourceArn=arn, StartingPosition="TRIM_HORIZON", BatchSize=2
    )
    kinesis.update_shard_count(StreamName=stream, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
    wait_for(
        lambda: (
            kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamStatus"]
            == "ACTIVE"
        )
    )
    _put(kinesis, stream, [("k", f"k:{i}") for i in range(3, 6)])
    events = function.events(lambda found: len(records(found)) >= 6, timeout=30)
    assert [_data(r) for r in records(events)] == [f"k:{i}" for i in range(6)]


def test_kinesis_filter_criteria_on_data(lam, kinesis, make_recorder, make_stream):
    stream, arn = make_stream()
    _put(kinesis, stream, [("k", json.dumps({"t": 5})), ("k", json.dumps({"t": -1})), ("k", "not json")])
    function = make_recorder()
    lam.create_event_source_mapping(
        FunctionName=function.name,
        EventSourceArn=arn,
        StartingPosition="TRIM_HORIZON",
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"data": {"t": [{"numeric": [">", 0]}]}})}]},
    )
    _put(kinesis, stream, [("k", json.dumps({"t": 7}))])
    events = function.events(lambda found: len(records(found)) >= 2)
    assert [json.loads(_data(r)) for r in records(events)] == [{"t": 5}, {"t": 7}]
