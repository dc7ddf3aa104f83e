"""Event invocations: 202 and queued; retried twice on failure; then the on-failure destination or the
dead-letter queue; on-success destinations (SQS, and Lambda through the in-process client)."""

from __future__ import annotations

import json

import pytest

from tests.integration.lambda_functions import create_function, poll, zip_of

ASYNC = {
    "python": ("python3.12", "py_async.py", "py_async.handler"),
    "nodejs": ("nodejs20.x", "node_async.js", "node_async.handler"),
}


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queue(sqs, unique_name, cleanup):
    """A queue factory: (url, arn)."""

    def make() -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
        cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    return make


def _drain(sqs, url: str, count: int, timeout: float = 15.0) -> list[dict]:
    messages: list[dict] = []

    def enough() -> bool:
        received = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=["All"]
        ).get("Messages", [])
        for message in received:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        messages.extend(received)
        return len(messages) >= count

    poll(enough, timeout=timeout, interval=0)
    return messages


def _function(awslambda, unique_name, cleanup, flavour: str, **extra) -> str:
    runtime, file, handler = ASYNC[flavour]
    name = unique_name(f"async-{flavour}")
    create_function(awslambda, name, runtime, handler, zip_of(file), cleanup, Timeout=20, **extra)
    return name


@pytest.mark.parametrize("flavour", sorted(ASYNC))
def test_event_invoke_runs_later(awslambda, sqs, queue, unique_name, cleanup, flavour):
    name = _function(awslambda, unique_name, cleanup, flavour)
    report_url, _ = queue()
    response = awslambda.invoke(
        FunctionName=name, InvocationType="Event", Payload=json.dumps({"report_queue": report_url}).encode()
    )
    assert response["StatusCode"] == 202
    assert response["Payload"].read() == b""
    request_id = response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    reports = _drain(sqs, report_url, 1)
    assert json.loads(reports[0]["Body"])["request_id"] == request_id


@pytest.mark.parametrize("flavour", sorted(ASYNC))
def test_failed_event_is_retried_twice_then_sent_to_on_failure_destination(
    awslambda, sqs, queue, unique_name, cleanup, flavour
):
    name = _function(awslambda, unique_name, cleanup, flavour)
    report_url, _ = queue()
    failure_url, failure_arn = queue()
    awslambda.put_function_event_invoke_config(
        FunctionName=name, DestinationConfig={"OnFailure": {"Destination": failure_arn}}
    )
    event = {"report_queue": report_url, "fail": True}
    response = awslambda.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(event).encode())
    request_id = response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    record = json.loads(_drain(sqs, failure_url, 1)[0]["Body"])
    attempts = _drain(sqs, report_url, 3, timeout=2)
    assert [json.loads(m["Body"])["request_id"] for m in attempts] == [request_id] * 3
    assert record["version"] == "1.0"
    assert record["requestContext"] == {
        "requestId": request_id,
        "functionArn": f"arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST",
        "condition": "RetriesExhausted",
        "approximateInvokeCount": 3,
    }
    assert record["requestPayload"] == event
    assert record["responseContext"] == {
        "statusCode": 200,
        "executedVersion": "$LATEST",
        "functionError": "Unhandled",
    }
    assert record["responsePayload"]["errorMessage"] == "asked to fail"


def test_on_success_destinations_sqs_and_lambda(awslambda, sqs, queue, unique_name, cleanup):
    success_url, success_arn = queue()
    report_url, _ = queue()
    # The second function is invoked by the first one's destination (through the in-process client).
    chained = _function(awslambda, unique_name, cleanup, "python")
    chained_arn = awslambda.get_function(FunctionName=chained)["Configuration"]["FunctionArn"]
    first = _function(awslambda, unique_name, cleanup, "nodejs")
    awslambda.put_function_event_invoke_config(
        FunctionName=first, DestinationConfig={"OnSuccess": {"Destination": success_arn}}
    )
    awslambda.invoke(FunctionName=first, InvocationType="Event", Payload=b'{"n": 1}')
    record = json.loads(_drain(sqs, success_url, 1)[0]["Body"])
    assert record["requestContext"]["condition"] == "Success"
    assert record["requestContext"]["approximateInvokeCount"] == 1
    assert record["requestPayload"] == {"n": 1}
    assert record["responsePayload"] == {"ok": True, "echo": {"n": 1}}
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    awslambda.update_function_event_invoke_config(
        FunctionName=first, DestinationConfig={"OnSuccess": {"Destination": chained_arn}}
    )
    awslambda.invoke(
        FunctionName=first, InvocationType="Event", Payload=json.dumps({"report_queue": report_url}).encode()
    )
    reports = [json.loads(message["Body"]) for message in _drain(sqs, report_url, 2)]
    # The first function reported too (it got report_queue); the chained one got the success record.
    report = next(report for report in reports if "requestContext" in report["event"])
    assert report["event"]["requestContext"]["condition"] == "Success"
    assert report["event"]["responsePayload"]["echo"] == {"report_queue": report_url}


@pytest.mark.parametrize("flavour", sorted(ASYNC))
def test_dead_letter_queue_gets_the_event(awslambda, sqs, queue, unique_name, cleanup, flavour):
    dlq_url, dlq_arn = queue()
    name = _function(awslambda, unique_name, cleanup, flavour, DeadLetterConfig={"TargetArn": dlq_arn})
    assert awslambda.get_function_configuration(FunctionName=name)["DeadLetterConfig"] == {
        "TargetArn": dlq_arn
    }
    awslambda.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    response = awslambda.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"fail": true}')
    request_id = response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]
    message = _drain(sqs, dlq_url, 1)[0]
    assert json.loads(message["Body"]) == {"fail": True}
    attributes = message["MessageAttributes"]
    assert attributes["RequestID"]["StringValue"] == request_id
    assert attributes["ErrorCode"]["StringValue"] == "200"
    assert attributes["ErrorMessage"]["StringValue"] == "asked to fail"
