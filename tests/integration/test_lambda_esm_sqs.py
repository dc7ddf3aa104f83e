"""SQS event source mappings: batches, batching window, deletes what succeeded, partial batch failures,
redrive to the queue's DLQ, disable and delete stop delivery."""

from __future__ import annotations

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
def make_recorder(lam, sqs, unique_name):
    made = []

    def make(mode: str = "ok", require_invoke: bool = True, runtime: str = "python3.12") -> Recorder:
        function = Recorder(lam, sqs, unique_name("esm-sqs"), mode, runtime)
        made.append(function)
        if require_invoke:
            function.require_invoke()
        return function

    yield make
    for function in made:
        delete_mappings(lam, function.name)
        function.delete()


@pytest.fixture
def make_queue(sqs, unique_name):
    urls = []

    def make(**attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name("esm-q"), Attributes=attributes)["QueueUrl"]
        urls.append(url)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def _count(sqs, url) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(attributes[name]) for name in names)


def _send(sqs, url, bodies) -> None:
    for start in range(0, len(bodies), 10):
        entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[start : start + 10])]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)


# The handlers users write: the mappings are proven with both runtimes where it matters.
RUNTIMES = pytest.mark.parametrize("runtime", ["python3.12", "nodejs20.x"], ids=["python", "nodejs"])


@RUNTIMES
def test_batches_honour_batch_size_and_succeeded_messages_are_deleted(
    lam, sqs, make_recorder, make_queue, runtime
):
    function = make_recorder(runtime=runtime)
    url, arn = make_queue()
    bodies = [f"message-{i}" for i in range(7)]
    _send(sqs, url, bodies)
    sqs.send_message(
        QueueUrl=url,
        MessageBody="with-attributes",
        MessageAttributes={"color": {"DataType": "String", "StringValue": "blue"}},
    )
    lam.create_event_source_mapping(FunctionName=function.name, EventSourceArn=arn, BatchSize=3)
    events = function.events(lambda found: len(records(found)) >= 8)
    assert all(1 <= len(event["Records"]) <= 3 for event in events)
    received = {record["body"]: record for record in records(events)}
    assert set(received) == {*bodies, "with-attributes"}
    record = received["with-attributes"]
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == arn
    assert record["awsRegion"] == "us-east-1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(record["attributes"])
    assert record["messageAttributes"]["color"]["stringValue"] == "blue"
    assert record["messageAttributes"]["color"]["dataType"] == "String"
    assert record["md5OfBody"] and record["receiptHandle"] and record["messageId"]
    wait_for(lambda: _count(sqs, url) == 0)


def test_batching_window_gathers_more_than_one_receive(lam, sqs, make_recorder, make_queue):
    function = make_recorder()
    url, arn = make_queue()
    _send(sqs, url, [f"m{i}" for i in range(15)])
    lam.create_event_source_mapping(
        FunctionName=function.name, EventSourceArn=arn, BatchSize=20, MaximumBatchingWindowInSeconds=2
    )
    events = function.events(lambda found: len(records(found)) >= 15)
    assert len(records(events)) == 15
    assert max(len(event["Records"]) for event in events) > 10  # one receive answers at most 10


@RUNTIMES
def test_failed_messages_go_to_the_queues_dlq_after_max_receive_count(
    lam, sqs, make_recorder, make_queue, runtime
):
    function = make_recorder("fail", require_invoke=False, runtime=runtime)
    dlq_url, dlq_arn = make_queue()
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    url, arn = make_queue(VisibilityTimeout="3", RedrivePolicy=policy)
    sqs.send_message(QueueUrl=url, MessageBody="doomed")
    lam.create_event_source_mapping(FunctionName=function.name, EventSourceArn=arn, BatchSize=1)

    def in_dlq():
        return sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=1).get("Messages")

    moved = wait_for(in_dlq, timeout=30)
    assert moved[0]["Body"] == "doomed"
    assert _count(sqs, url) == 0


@RUNTIMES
def test_report_batch_item_failures_deletes_only_successes(lam, sqs, make_recorder, make_queue, runtime):
    function = make_recorder("partial", runtime=runtime)
    url, arn = make_queue(VisibilityTimeout="3")
    _send(sqs, url, ["ok-1", "fail-2", "ok-3"])
    lam.create_event_source_mapping(
        FunctionName=function.name,
        EventSourceArn=arn,
        BatchSize=10,
        MaximumBatchingWindowInSeconds=1,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    events = function.events(
        lambda found: [r["body"] for r in records(found)].count("fail-2") >= 2, timeout=30
    )
    bodies = [record["body"] for record in records(events)]
    assert bodies.count("ok-1") == 1 and bodies.count("ok-3") == 1
    assert bodies.count("fail-2") >= 2
    retried = [r for r in records(events) if r["body"] == "fail-2"][-1]
    assert int(retried["attributes"]["ApproximateReceiveCount"]) >= 2
    assert _count(sqs, url) == 1


def test_disable_stops_delivery_and_delete_removes_the_mapping(lam, sqs, make_recorder, make_queue):
    function = make_recorder()
    url, arn = make_queue()
    uuid = lam.create_event_source_mapping(FunctionName=function.name, EventSourceArn=arn)["UUID"]
    sqs.send_message(QueueUrl=url, MessageBody="first")
    assert [r["body"] for r in records(function.events(lambda found: bool(found)))] == ["first"]

    lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled")
    sqs.send_message(QueueUrl=url, MessageBody="while-disabled")
    assert function.events(lambda found: bool(found), timeout=3) == []
    assert _count(sqs, url) == 1

    lam.update_event_source_mapping(UUID=uuid, Enabled=True)
    delivered = function.events(lambda found: bool(found))
    assert [r["body"] for r in records(delivered)] == ["while-disabled"]

    lam.delete_event_source_mapping(UUID=uuid)
    sqs.send_message(QueueUrl=url, MessageBody="after-delete")
    assert function.events(lambda found: bool(found), timeout=3) == []
    assert _count(sqs, url) == 1


def test_filter_criteria_deliver_matching_messages_and_delete_the_rest(lam, sqs, make_recorder, make_queue):
    function = make_recorder()
    url, arn = make_queue()
    _send(sqs, url, [json.dumps({"kind": "order", "n": 1}), json.dumps({"kind": "noise"}), "plain text"])
    lam.create_event_source_mapping(
        FunctionName=function.name,
        EventSourceArn=arn,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]},
    )
    events = function.events(lambda found: bool(found))
    assert [json.loads(r["body"]) for r in records(events)] == [{"kind": "order", "n": 1}]
    wait_for(lambda: _count(sqs, url) == 0)
