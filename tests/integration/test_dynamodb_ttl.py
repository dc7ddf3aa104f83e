"""DynamoDB Time to Live: UpdateTimeToLive's rules with AWS's messages, DescribeTimeToLive's shapes, and
the deletion of expired items (with the stream record AWS writes for it)."""

from __future__ import annotations

import time

import pytest
import requests
from botocore.exceptions import ClientError

INTERNAL = {"x-localstack-internal": "1"}
DISABLED = {"TimeToLiveStatus": "DISABLED"}


@pytest.fixture
def ddb(aws_client):
    return aws_client("dynamodb")


def _table(ddb, name: str, stream: bool = False) -> str:
    extra = {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}}
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        **(extra if stream else {}),
    )
    return name


@pytest.fixture
def table(ddb, unique_name, cleanup):
    name = _table(ddb, unique_name("ttl"))
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


def _error(call, **kwargs) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )


def _spec(enabled: bool, name: str) -> dict:
    return {"Enabled": enabled, "AttributeName": name}


def test_update_time_to_live_rules(ddb, table):
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"
    }
    assert _error(ddb.update_time_to_live, TableName=table, TimeToLiveSpecification=_spec(False, "exp")) == (
        400,
        "ValidationException",
        "TimeToLive is already disabled",
    )
    answer = ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=_spec(True, "exp"))
    assert answer["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "exp"}
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "exp",
    }
    # The content rules come before the cooldown, so these are answered right after the change too.
    assert _error(ddb.update_time_to_live, TableName=table, TimeToLiveSpecification=_spec(True, "exp")) == (
        400,
        "ValidationException",
        "TimeToLive is already enabled",
    )
    other = "TimeToLive is active on a different AttributeName: current AttributeName is exp"
    for enabled in (True, False):
        assert _error(
            ddb.update_time_to_live, TableName=table, TimeToLiveSpecification=_spec(enabled, "other")
        ) == (400, "ValidationException", other)
    # One change per table in about half an hour.
    assert _error(ddb.update_time_to_live, TableName=table, TimeToLiveSpecification=_spec(False, "exp")) == (
        400,
        "ValidationException",
        "Time to live has been modified multiple times within a fixed interval",
    )


def test_update_time_to_live_checks_the_request_first(ddb):
    assert _error(
        ddb.update_time_to_live, TableName="no-such-ttl-table", TimeToLiveSpecification=_spec(True, "x" * 256)
    ) == (
        400,
        "ValidationException",
        "1 validation error detected: Value '" + "x" * 256 + "' at 'timeToLiveSpecification.attributeName' "
        "failed to satisfy constraint: Member must have length less than or equal to 255",
    )
    status, code, _ = _error(
        ddb.update_time_to_live, TableName="no-such-ttl-table", TimeToLiveSpecification=_spec(True, "exp")
    )
    assert (status, code) == (400, "ResourceNotFoundException")


def test_a_disabled_time_to_live_forgets_its_attribute(server, ddb, table):
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=_spec(True, "exp"))
    # The CloudFormation deployer's calls skip the cooldown (a stack update may turn TTL off).
    internal = requests.post(
        server.edge_url,
        json={"TableName": table, "TimeToLiveSpecification": _spec(False, "exp")},
        headers={
            **INTERNAL,
            "X-Amz-Target": "DynamoDB_20120810.UpdateTimeToLive",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": "AWS4-HMAC-SHA256 Credential=000000000000/20240101/us-east-1/dynamodb/"
            "aws4_request, SignedHeaders=host, Signature=0",
        },
        timeout=10,
    )
    assert internal.status_code == 200, internal.text
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"
    }


def _expire(server) -> int:
    response = requests.delete(f"{server.edge_url}/_aws/dynamodb/expired", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["ExpiredItems"]


def test_expired_items_are_deleted(server, aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb", region="eu-west-1")
    streams = aws_client("dynamodbstreams", region="eu-west-1")
    name = _table(ddb, unique_name("expiry"), stream=True)
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=_spec(True, "expires"))
    now = int(time.time())
    items = {
        "expired": {"N": str(now - 60)},
        "expired-fraction": {"N": f"{now - 1}.5"},
        "future": {"N": str(now + 3600)},
        "six-years-ago": {"N": str(now - 6 * 365 * 24 * 3600)},
        "a-string": {"S": str(now - 60)},
        "milliseconds": {"N": str(now * 1000)},
    }
    for key, expires in items.items():
        ddb.put_item(TableName=name, Item={"pk": {"S": key}, "expires": expires, "v": {"S": key}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "no-ttl"}})

    assert _expire(server) == 2
    left = sorted(item["pk"]["S"] for item in ddb.scan(TableName=name)["Items"])
    assert left == ["a-string", "future", "milliseconds", "no-ttl", "six-years-ago"]
    assert _expire(server) == 0

    stream_arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    removed = [record for record in records if record["eventName"] == "REMOVE"]
    assert sorted(record["dynamodb"]["Keys"]["pk"]["S"] for record in removed) == [
        "expired",
        "expired-fraction",
    ]
    for record in removed:
        assert record["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
        assert record["dynamodb"]["OldImage"]["v"] == record["dynamodb"]["Keys"]["pk"]
    assert all("userIdentity" not in record for record in records if record["eventName"] == "INSERT")


def test_an_item_renewed_before_the_sweep_is_kept(server, ddb, table):
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=_spec(True, "expires"))
    ddb.put_item(
        TableName=table, Item={"pk": {"S": "renewed"}, "expires": {"N": str(int(time.time()) + 3600)}}
    )
    ddb.put_item(TableName=table, Item={"pk": {"S": "gone"}, "expires": {"N": "1700000000"}})
    assert _expire(server) >= 1
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "renewed"}})
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "gone"}})


def test_items_of_a_table_without_time_to_live_stay(server, ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "old"}, "expires": {"N": "1700000000"}})
    _expire(server)
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "old"}})


def test_the_expiry_endpoint_takes_delete_only(server):
    response = requests.get(f"{server.edge_url}/_aws/dynamodb/expired", timeout=10)
    assert response.status_code == 405


def test_the_worker_deletes_expired_items_on_its_own(tmp_path):
    import boto3

    from tests.server_process import start_server

    own = start_server(tmp_path, services=["dynamodb"], extra_env={"DYNAMODB_TTL_INTERVAL": "0.5"})
    try:
        ddb = boto3.client(
            "dynamodb",
            endpoint_url=own.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        name = _table(ddb, "swept")
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=_spec(True, "expires"))
        ddb.put_item(TableName=name, Item={"pk": {"S": "old"}, "expires": {"N": str(int(time.time()) - 1)}})
        deadline = time.monotonic() + 20
        while "Item" in ddb.get_item(TableName=name, Key={"pk": {"S": "old"}}):
            assert time.monotonic() < deadline, "the expired item was never deleted"
            time.sleep(0.2)
    finally:
        own.stop()
