"""Kinesis through its shards: puts, iterators of every type, ordering, resharding, fault injection."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localstack import constants
from tests.server_process import start_server

MAX_HASH = 2**128 - 1


@pytest.fixture
def kinesis(aws_client):
    return aws_client("kinesis")


@pytest.fixture
def stream(kinesis, unique_name):
    created = []

    def make(shards: int = 1) -> str:
        name = unique_name("stream")
        kinesis.create_stream(StreamName=name, ShardCount=shards)
        created.append(name)
        return name

    yield make
    for name in created:
        kinesis.delete_stream(StreamName=name)


def _shard_ids(kinesis, name: str) -> list[str]:
    return [shard["ShardId"] for shard in kinesis.list_shards(StreamName=name)["Shards"]]


def _read(kinesis, name: str, shard_id: str, kind: str = "TRIM_HORIZON", **extra) -> list[dict]:
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType=kind, **extra)[
        "ShardIterator"
    ]
    return kinesis.get_records(ShardIterator=iterator)["Records"]


def test_put_record_then_read_it_back_in_order(kinesis, stream):
    name = stream()
    shard_id = _shard_ids(kinesis, name)[0]
    sequences = [
        kinesis.put_record(StreamName=name, Data=f"event-{i}".encode(), PartitionKey="key")["SequenceNumber"]
        for i in range(5)
    ]
    assert all(len(sequence) == 56 and sequence.startswith("49") for sequence in sequences)
    assert [int(s) for s in sequences] == sorted({int(s) for s in sequences})
    records = _read(kinesis, name, shard_id)
    assert [r["Data"] for r in records] == [f"event-{i}".encode() for i in range(5)]
    assert [r["SequenceNumber"] for r in records] == sequences
    assert all(r["PartitionKey"] == "key" for r in records)
    assert all(isinstance(r["ApproximateArrivalTimestamp"], datetime) for r in records)


def test_put_records_routes_by_hash_and_keeps_per_shard_order(kinesis, stream):
    name = stream(shards=2)
    low, high = _shard_ids(kinesis, name)
    entries = [
        {"Data": f"r{i}".encode(), "PartitionKey": "p", "ExplicitHashKey": "0" if i % 2 else str(MAX_HASH)}
        for i in range(10)
    ]
    result = kinesis.put_records(StreamName=name, Records=entries)
    assert result["FailedRecordCount"] == 0
    assert [r["ShardId"] for r in result["Records"]] == [low if i % 2 else high for i in range(10)]
    assert [r["Data"] for r in _read(kinesis, name, low)] == [f"r{i}".encode() for i in range(1, 10, 2)]
    assert [r["Data"] for r in _read(kinesis, name, high)] == [f"r{i}".encode() for i in range(0, 10, 2)]
    # The top of the hash space belongs to the last shard (ranges include their ending key).
    put = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="p", ExplicitHashKey=str(MAX_HASH))
    assert put["ShardId"] == high


def test_bad_explicit_hash_key_is_refused(kinesis, stream):
    name = stream()
    with pytest.raises(ClientError) as error:
        kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="p", ExplicitHashKey=str(2**128))
    assert error.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_iterator_types(kinesis, stream):
    name = stream()
    shard_id = _shard_ids(kinesis, name)[0]
    first = [kinesis.put_record(StreamName=name, Data=f"a{i}".encode(), PartitionKey="k") for i in range(3)]
    latest = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType="LATEST")
    time.sleep(0.01)  # AT_TIMESTAMP needs a moment between the two batches
    moment = datetime.now(timezone.utc)
    time.sleep(0.01)
    for i in range(2):
        kinesis.put_record(StreamName=name, Data=f"b{i}".encode(), PartitionKey="k")

    after_latest = kinesis.get_records(ShardIterator=latest["ShardIterator"])["Records"]
    assert [r["Data"] for r in after_latest] == [b"b0", b"b1"]
    middle = first[1]["SequenceNumber"]
    at = _read(kinesis, name, shard_id, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=middle)
    assert [r["Data"] for r in at] == [b"a1", b"a2", b"b0", b"b1"]
    after = _read(kinesis, name, shard_id, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=middle)
    assert [r["Data"] for r in after] == [b"a2", b"b0", b"b1"]
    at_time = _read(kinesis, name, shard_id, "AT_TIMESTAMP", Timestamp=moment)
    assert [r["Data"] for r in at_time] == [b"b0", b"b1"]
    with pytest.raises(ClientError) as error:
        kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType="AT_SEQUENCE_NUMBER")
    assert error.value.response["Error"]["Code"] == "InvalidArgumentException"


def test_get_records_pages_with_limit_and_next_iterator(kinesis, stream):
    name = stream()
    shard_id = _shard_ids(kinesis, name)[0]
    kinesis.put_records(
        StreamName=name, Records=[{"Data": str(i).encode(), "PartitionKey": "k"} for i in range(7)]
    )
    iterator = kinesis.get_shard_iterator(
        StreamName=name, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    seen = []
    for _ in range(4):
        page = kinesis.get_records(ShardIterator=iterator, Limit=3)
        seen += [r["Data"] for r in page["Records"]]
        iterator = page["NextShardIterator"]
    assert seen == [str(i).encode() for i in range(7)]
    kinesis.put_record(StreamName=name, Data=b"later", PartitionKey="k")
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=iterator)["Records"]] == [b"later"]


def test_iterator_by_stream_arn(kinesis, stream):
    name = stream()
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    kinesis.put_record(StreamARN=arn, Data=b"by-arn", PartitionKey="k")
    shard_id = kinesis.list_shards(StreamARN=arn)["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamARN=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")
    records = kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert [r["Data"] for r in records] == [b"by-arn"]


def test_split_keeps_parent_records_and_routes_new_ones_to_children(kinesis, stream):
    name = stream()
    parent = _shard_ids(kinesis, name)[0]
    kinesis.put_record(StreamName=name, Data=b"before", PartitionKey="k", ExplicitHashKey="5")
    kinesis.split_shard(StreamName=name, ShardToSplit=parent, NewStartingHashKey=str(2**127))
    shards = {s["ShardId"]: s for s in kinesis.list_shards(StreamName=name)["Shards"]}
    assert len(shards) == 3
    assert "EndingSequenceNumber" in shards[parent]["SequenceNumberRange"]
    children = sorted(s for s in shards if s != parent)
    assert all(shards[c]["ParentShardId"] == parent for c in children)

    low = kinesis.put_record(StreamName=name, Data=b"low", PartitionKey="k", ExplicitHashKey="5")
    high = kinesis.put_record(StreamName=name, Data=b"high", PartitionKey="k", ExplicitHashKey=str(MAX_HASH))
    assert {low["ShardId"], high["ShardId"]} == set(children)

    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId=parent, ShardIteratorType="TRIM_HORIZON")
    page = kinesis.get_records(ShardIterator=iterator["ShardIterator"])
    assert [r["Data"] for r in page["Records"]] == [b"before"]
    # The closed parent, read to its end, has no next iterator and names its children.
    assert page.get("NextShardIterator") is None
    assert sorted(c["ShardId"] for c in page["ChildShards"]) == children
    assert [r["Data"] for r in _read(kinesis, name, low["ShardId"])] == [b"low"]


def test_merge_and_update_shard_count(kinesis, stream):
    name = stream(shards=2)
    first, second = _shard_ids(kinesis, name)
    kinesis.put_record(StreamName=name, Data=b"old", PartitionKey="k", ExplicitHashKey="1")
    kinesis.merge_shards(StreamName=name, ShardToMerge=first, AdjacentShardToMerge=second)
    open_shards = [
        s
        for s in kinesis.list_shards(StreamName=name)["Shards"]
        if "EndingSequenceNumber" not in s["SequenceNumberRange"]
    ]
    assert len(open_shards) == 1
    assert {open_shards[0]["ParentShardId"], open_shards[0]["AdjacentParentShardId"]} == {first, second}
    put = kinesis.put_record(StreamName=name, Data=b"new", PartitionKey="k")
    assert put["ShardId"] == open_shards[0]["ShardId"]
    assert [r["Data"] for r in _read(kinesis, name, put["ShardId"])] == [b"new"]
    assert [r["Data"] for r in _read(kinesis, name, first)] == [b"old"]

    kinesis.update_shard_count(StreamName=name, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["OpenShardCount"] == 2


def test_fault_injection(tmp_path, unique_name):
    server = start_server(tmp_path, services=["kinesis"], extra_env={"KINESIS_ERROR_PROBABILITY": "0.5"})
    try:
        kinesis = boto3.client(
            "kinesis",
            endpoint_url=server.edge_url,
            region_name=constants.DEFAULT_REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=BotoConfig(retries={"max_attempts": 1}),
        )
        name = unique_name("faulty")
        kinesis.create_stream(StreamName=name, ShardCount=1)
        entries = [{"Data": str(i).encode(), "PartitionKey": "k"} for i in range(200)]
        result = kinesis.put_records(StreamName=name, Records=entries)
        failed = [i for i, r in enumerate(result["Records"]) if "ErrorCode" in r]
        assert 0 < result["FailedRecordCount"] == len(failed) < 200
        assert all(
            result["Records"][i]["ErrorCode"] == "ProvisionedThroughputExceededException" for i in failed
        )
        shard_id = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
        iterator = kinesis.get_shard_iterator(
            StreamName=name, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        stored = kinesis.get_records(ShardIterator=iterator)["Records"]
        # Exactly the records answered with a sequence number were written, in order.
        assert [r["Data"] for r in stored] == [str(i).encode() for i in range(200) if i not in failed]
        assert [r["SequenceNumber"] for r in stored] == [
            r["SequenceNumber"] for r in result["Records"] if "SequenceNumber" in r
        ]
        codes = set()
        for _ in range(40):
            try:
                kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="k")
                codes.add("ok")
            except ClientError as error:
                codes.add(error.response["Error"]["Code"])
        assert codes == {"ok", "ProvisionedThroughputExceededException"}
    finally:
        server.stop()


def test_creating_an_existing_stream_is_refused(kinesis, stream):
    name = stream()
    with pytest.raises(ClientError) as info:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    error = info.value.response["Error"]
    assert error["Code"] == "ResourceInUseException"
    assert error["Message"] == f"Stream {name} under account {constants.DEFAULT_ACCOUNT_ID} already exists."
