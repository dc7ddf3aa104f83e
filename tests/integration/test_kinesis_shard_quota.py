"""Kinesis's per-account shard quota: a stream or resharding past it is AWS's LimitExceededException
(and never builds the shards); a CreateStream without a shard count makes an on-demand stream."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.exceptions import ClientError


@pytest.fixture
def kinesis(aws_client):
    return aws_client("kinesis", region="eu-central-1")


def _quota_message(current: int, added: int) -> str:
    return (
        "This request would exceed the shard limit for the account 000000000000 in eu-central-1. Current "
        f"shard count for the account: {current}. Limit: 1000. Number of additional shards that would have "
        f"resulted from this request: {added}. Refer to the AWS Service Limits page "
        "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how "
        "to request higher limits."
    )


def _open_shards(kinesis) -> int:
    total = 0
    for name in kinesis.list_streams()["StreamNames"]:
        summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        total += summary["OpenShardCount"]
    return total


def test_a_stream_past_the_shard_quota_is_refused(kinesis, unique_name):
    current = _open_shards(kinesis)
    name = unique_name("huge")
    with pytest.raises(ClientError) as info:
        kinesis.create_stream(StreamName=name, ShardCount=10**12)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (error["Error"]["Code"], error["Error"]["Message"]) == (
        "LimitExceededException",
        _quota_message(current, 10**12),
    )
    assert name not in kinesis.list_streams()["StreamNames"]


def test_resharding_past_the_quota_is_refused(kinesis, unique_name, cleanup):
    name = unique_name("reshard")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    current = _open_shards(kinesis)
    with pytest.raises(ClientError) as info:
        kinesis.update_shard_count(StreamName=name, TargetShardCount=5000, ScalingType="UNIFORM_SCALING")
    assert info.value.response["Error"]["Message"] == _quota_message(current, 4999)


def test_no_shard_count_makes_an_on_demand_stream(kinesis, unique_name, cleanup):
    name = unique_name("ondemand")
    kinesis.create_stream(StreamName=name)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    assert summary["StreamModeDetails"] == {"StreamMode": "ON_DEMAND"}
    assert summary["OpenShardCount"] == 4
    with pytest.raises(ClientError) as info:
        kinesis.create_stream(StreamName=unique_name("prov"), StreamModeDetails={"StreamMode": "PROVISIONED"})
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_a_shard_count_written_as_a_decimal(kinesis, unique_name, cleanup, server):
    name = unique_name("decimal")
    response = requests.post(
        server.edge_url,
        data=json.dumps({"StreamName": name, "ShardCount": 2.0}),
        headers={
            "X-Amz-Target": "Kinesis_20131202.CreateStream",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/eu-central-1/kinesis/aws4_request, "
            "SignedHeaders=host, Signature=0",
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    assert kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["OpenShardCount"] == 2
