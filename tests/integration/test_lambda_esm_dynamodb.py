"""DynamoDB stream records for PutItem, UpdateItem and DeleteItem in each StreamViewType, read through
DynamoDB Streams and delivered to functions by event source mappings."""

from __future__ import annotations

import pytest

from tests.integration.esm_functions.harness import Recorder, delete_mappings, records

REGION = "eu-west-1"  # records carry the table's region


@pytest.fixture(scope="module", autouse=True)
def mapping_patches(aws_client):
    # Until dynamodb's patches apply the stream record corrections, the first mapping request does.
    aws_client("lambda", region=REGION).list_event_source_mappings()


@pytest.fixture
def ddb(aws_client):
    return aws_client("dynamodb", region=REGION)


@pytest.fixture
def make_table(ddb, unique_name):
    names = []

    def make(view_type: str) -> str:
        name = unique_name("esm-t")
        ddb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
        )
        names.append(name)
        return ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]

    yield make
    for name in names:
        ddb.delete_table(TableName=name)


def _writes(ddb, table: str) -> None:
    """INSERT a, INSERT b (UpdateItem of a missing item), MODIFY a, nothing (identical put), REMOVE a,
    nothing (delete of a missing item)."""
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}, "bin": {"B": b"\x00\x01"}})
    ddb.update_item(
        TableName=table,
        Key={"pk": {"S": "b"}},
        UpdateExpression="SET n = :n",
        ExpressionAttributeValues={":n": {"N": "5"}},
    )
    ddb.update_item(
        TableName=table,
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET n = :n",
        ExpressionAttributeValues={":n": {"N": "2"}},
    )
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "2"}, "bin": {"B": b"\x00\x01"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "missing"}})


EXPECTED = [  # (event, key, new image n, old image n)
    ("INSERT", "a", "1", None),
    ("INSERT", "b", "5", None),
    ("MODIFY", "a", "2", "1"),
    ("REMOVE", "a", None, "2"),
]


def _check(found: list[dict], view_type: str, binary) -> None:
    assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in found] == [e[:2] for e in EXPECTED]
    for record, (_, _, new, old) in zip(found, EXPECTED, strict=True):
        change = record["dynamodb"]
        assert record["awsRegion"] == REGION
        assert record["eventSource"] == "aws:dynamodb"
        assert change["StreamViewType"] == view_type
        has_new = view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES") and new is not None
        has_old = view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES") and old is not None
        assert ("NewImage" in change) == has_new
        assert ("OldImage" in change) == has_old
        if has_new:
            assert change["NewImage"]["n"] == {"N": new}
        if has_old:
            assert change["OldImage"]["n"] == {"N": old}
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in found]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    if view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
        assert found[0]["dynamodb"]["NewImage"]["bin"] == {"B": binary}


@pytest.mark.parametrize("view_type", ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"])
def test_stream_records_per_view_type(aws_client, ddb, make_table, view_type):
    streams = aws_client("dynamodbstreams", region=REGION)
    stream_arn = make_table(view_type)
    table = stream_arn.split(":table/")[1].split("/")[0]
    _writes(ddb, table)
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )
    found = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    _check(found, view_type, b"\x00\x01")


@pytest.mark.parametrize(
    "view_type, runtime", [("NEW_AND_OLD_IMAGES", "python3.12"), ("KEYS_ONLY", "nodejs20.x")]
)
def test_mapping_delivers_stream_records(aws_client, ddb, make_table, unique_name, view_type, runtime):
    lam, sqs = aws_client("lambda", region=REGION), aws_client("sqs", region=REGION)
    function = Recorder(lam, sqs, unique_name("esm-ddb"), runtime=runtime)
    try:
        function.require_invoke()
        stream_arn = make_table(view_type)
        table = stream_arn.split(":table/")[1].split("/")[0]
        lam.create_event_source_mapping(
            FunctionName=function.name,
            EventSourceArn=stream_arn,
            StartingPosition="TRIM_HORIZON",
            BatchSize=2,
        )
        _writes(ddb, table)
        events = function.events(lambda found: len(records(found)) >= len(EXPECTED))
        assert all(len(event["Records"]) <= 2 for event in events)
        found = records(events)
        assert all(record["eventSourceARN"] == stream_arn for record in found)
        assert all(isinstance(r["dynamodb"]["ApproximateCreationDateTime"], (int, float)) for r in found)
        _check(found, view_type, "AAE=")  # binary values arrive in base64, as in AWS's events
    finally:
        delete_mappings(lam, function.name)
        function.delete()
