"""Event source mapping API: states as AWS shows them, validation, listing, update and delete."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.error_support import code_and_message as _error
from tests.integration.esm_functions.harness import Recorder, wait_for


@pytest.fixture
def lam(aws_client):
    return aws_client("lambda")


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def recorder(lam, sqs, unique_name):
    function = Recorder(lam, sqs, unique_name("esm-api"))
    yield function
    for mapping in lam.list_event_source_mappings(FunctionName=function.name)["EventSourceMappings"]:
        lam.delete_event_source_mapping(UUID=mapping["UUID"])
    function.delete()


@pytest.fixture
def queue_arn(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("esm-src"))["QueueUrl"]
    yield sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def stream_arn(aws_client, unique_name):
    kinesis = aws_client("kinesis")
    name = unique_name("esm-stream")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    yield kinesis.describe_stream(StreamName=name)["StreamDescription"]["StreamARN"]
    kinesis.delete_stream(StreamName=name)


def _state(lam, uuid):
    return lam.get_event_source_mapping(UUID=uuid)["State"]


def test_states_through_create_disable_enable_delete(lam, recorder, queue_arn):
    created = lam.create_event_source_mapping(
        FunctionName=recorder.name, EventSourceArn=queue_arn, BatchSize=3
    )
    uuid = created["UUID"]
    assert created["State"] == "Creating"
    assert created["BatchSize"] == 3
    assert created["FunctionArn"] == recorder.arn
    assert created["EventSourceArn"] == queue_arn
    assert created["StateTransitionReason"] == "USER_INITIATED"
    wait_for(lambda: _state(lam, uuid) == "Enabled")

    updated = lam.update_event_source_mapping(UUID=uuid, Enabled=False)
    assert updated["State"] == "Disabling"
    wait_for(lambda: _state(lam, uuid) == "Disabled")
    listed = lam.list_event_source_mappings(FunctionName=recorder.name)["EventSourceMappings"]
    assert [(m["UUID"], m["State"]) for m in listed] == [(uuid, "Disabled")]

    assert lam.update_event_source_mapping(UUID=uuid, Enabled=True)["State"] == "Enabling"
    wait_for(lambda: _state(lam, uuid) == "Enabled")
    changed = lam.update_event_source_mapping(UUID=uuid, BatchSize=7)
    assert changed["State"] == "Updating"
    assert changed["BatchSize"] == 7
    wait_for(lambda: _state(lam, uuid) == "Enabled")

    assert lam.delete_event_source_mapping(UUID=uuid)["State"] == "Deleting"
    with pytest.raises(ClientError) as error:
        lam.get_event_source_mapping(UUID=uuid)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings(FunctionName=recorder.name)["EventSourceMappings"] == []


def test_created_disabled_settles_disabled(lam, recorder, queue_arn):
    created = lam.create_event_source_mapping(
        FunctionName=recorder.name, EventSourceArn=queue_arn, Enabled=False
    )
    assert created["State"] == "Creating"
    wait_for(lambda: _state(lam, created["UUID"]) == "Disabled")


def test_list_filters_by_function_name_arn_and_source(lam, recorder, queue_arn, stream_arn):
    by_queue = lam.create_event_source_mapping(FunctionName=recorder.arn, EventSourceArn=queue_arn)["UUID"]
    by_stream = lam.create_event_source_mapping(
        FunctionName=recorder.name, EventSourceArn=stream_arn, StartingPosition="LATEST"
    )["UUID"]
    for name in (recorder.name, recorder.arn):
        found = lam.list_event_source_mappings(FunctionName=name)["EventSourceMappings"]
        assert {m["UUID"] for m in found} == {by_queue, by_stream}
    found = lam.list_event_source_mappings(EventSourceArn=stream_arn)["EventSourceMappings"]
    assert [m["UUID"] for m in found] == [by_stream]
    assert found[0]["StartingPosition"] == "LATEST"
    assert found[0]["MaximumRetryAttempts"] == -1
    assert found[0]["LastProcessingResult"] == "No records processed"
    first = lam.list_event_source_mappings(FunctionName=recorder.name, MaxItems=1)
    second = lam.list_event_source_mappings(
        FunctionName=recorder.name, MaxItems=1, Marker=first["NextMarker"]
    )
    assert {first["EventSourceMappings"][0]["UUID"], second["EventSourceMappings"][0]["UUID"]} == {
        by_queue,
        by_stream,
    }
    assert "NextMarker" not in second


def test_create_refusals(lam, recorder, queue_arn, stream_arn):
    create = lam.create_event_source_mapping
    code, message = _error(create, FunctionName=recorder.name, EventSourceArn=stream_arn)
    assert code == "InvalidParameterValueException" and "startingPosition" in message
    code, message = _error(
        create, FunctionName=recorder.name, EventSourceArn=queue_arn, StartingPosition="LATEST"
    )
    assert code == "InvalidParameterValueException"
    code, message = _error(create, FunctionName=recorder.name, EventSourceArn=queue_arn, BatchSize=20)
    assert code == "InvalidParameterValueException" and "batch window" in message
    # Beyond the model's bound, AWS's request validation answers before the service's own rules.
    code, message = _error(create, FunctionName=recorder.name, EventSourceArn=queue_arn, BatchSize=20000)
    assert code == "ValidationException" and message == (
        "1 validation error detected: Value '20000' at 'batchSize' failed to satisfy constraint: "
        "Member must have value less than or equal to 10000"
    )
    code, _ = _error(
        create, FunctionName=recorder.name, EventSourceArn="arn:aws:sns:us-east-1:000000000000:topic"
    )
    assert code == "InvalidParameterValueException"
    bad_filter = {"Filters": [{"Pattern": "{not json"}]}
    code, _ = _error(create, FunctionName=recorder.name, EventSourceArn=queue_arn, FilterCriteria=bad_filter)
    assert code == "InvalidParameterValueException"
    uuid = create(FunctionName=recorder.name, EventSourceArn=queue_arn)["UUID"]
    code, message = _error(create, FunctionName=recorder.name, EventSourceArn=queue_arn)
    assert code == "ResourceConflictException" and uuid in message


def test_queue_visibility_shorter_than_function_timeout_is_refused(lam, sqs, recorder, unique_name):
    url = sqs.create_queue(QueueName=unique_name("esm-vis"), Attributes={"VisibilityTimeout": "1"})[
        "QueueUrl"
    ]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    try:
        code, message = _error(
            lam.create_event_source_mapping, FunctionName=recorder.name, EventSourceArn=arn
        )
        assert code == "InvalidParameterValueException"
        assert "visibility timeout" in message
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_unknown_mapping(lam):
    uuid = "a1b2c3d4-0000-0000-0000-000000000000"
    for call in (lam.get_event_source_mapping, lam.delete_event_source_mapping):
        assert _error(call, UUID=uuid)[0] == "ResourceNotFoundException"
    assert _error(lam.update_event_source_mapping, UUID=uuid, Enabled=False)[0] == "ResourceNotFoundException"
