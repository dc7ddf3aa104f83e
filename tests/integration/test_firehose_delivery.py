"""Firehose delivery streams buffering into S3: size and interval hints, prefixes, compression, a
Kinesis stream as source, and the flush when the emulator stops."""

from __future__ import annotations

import gzip
import re
import time
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localstack import constants
from tests.server_process import start_server

ROLE = "arn:aws:iam::000000000000:role/firehose"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def firehose(aws_client):
    return aws_client("firehose")


@pytest.fixture
def bucket(s3, unique_name):
    name = unique_name("hose")
    s3.create_bucket(Bucket=name)
    yield name
    for item in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=item["Key"])
    s3.delete_bucket(Bucket=name)


@pytest.fixture
def delivery_stream(firehose, unique_name):
    created = []

    def make(bucket: str, size_mb: int = 1, interval: int = 900, **destination) -> str:
        name = unique_name("ds")
        config = {
            "RoleARN": ROLE,
            "BucketARN": f"arn:aws:s3:::{bucket}",
            "BufferingHints": {"SizeInMBs": size_mb, "IntervalInSeconds": interval},
            **destination,
        }
        extra = {}
        source = config.pop("source", None)
        if source:
            extra = {
                "DeliveryStreamType": "KinesisStreamAsSource",
                "KinesisStreamSourceConfiguration": {"KinesisStreamARN": source, "RoleARN": ROLE},
            }
        firehose.create_delivery_stream(
            DeliveryStreamName=name, ExtendedS3DestinationConfiguration=config, **extra
        )
        created.append(name)
        return name

    yield make
    for name in created:
        firehose.delete_delivery_stream(DeliveryStreamName=name)


def _objects(s3, bucket: str, deadline: float = 10.0, count: int = 1) -> list[dict]:
    end = time.monotonic() + deadline
    while True:
        contents = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
        if len(contents) >= count or time.monotonic() > end:
            return sorted(contents, key=lambda item: item["LastModified"])
        time.sleep(0.1)


def _body(s3, bucket: str, key: str) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_records_are_held_until_the_size_hint_then_written_as_one_object(
    s3, firehose, bucket, delivery_stream
):
    name = delivery_stream(bucket, size_mb=1, interval=900, Prefix="logs/")
    for i in range(3):
        firehose.put_record(DeliveryStreamName=name, Record={"Data": f"small-{i}\n".encode()})
    assert s3.list_objects_v2(Bucket=bucket).get("Contents", []) == []
    big = [b"x" * (600 * 1024), b"y" * (600 * 1024)]
    result = firehose.put_record_batch(DeliveryStreamName=name, Records=[{"Data": d} for d in big])
    assert result["FailedPutCount"] == 0 and len(result["RequestResponses"]) == 2
    objects = _objects(s3, bucket)
    assert len(objects) == 1
    key = objects[0]["Key"]
    now = datetime.now(timezone.utc)
    pattern = (
        rf"logs/{now:%Y}/\d\d/\d\d/\d\d/{re.escape(name)}-1-{now:%Y}-\d\d-\d\d-\d\d-\d\d-\d\d-"
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    )
    assert re.fullmatch(pattern, key), key
    assert _body(s3, bucket, key) == b"small-0\nsmall-1\nsmall-2\n" + big[0] + big[1]


def test_interval_hint_writes_gzip_under_an_evaluated_prefix(s3, firehose, bucket, delivery_stream):
    name = delivery_stream(
        bucket,
        size_mb=64,
        interval=1,
        Prefix="data/year=!{timestamp:yyyy}/",
        ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
        CompressionFormat="GZIP",
    )
    firehose.put_record(DeliveryStreamName=name, Record={"Data": b'{"n": 1}\n'})
    firehose.put_record_batch(
        DeliveryStreamName=name, Records=[{"Data": b'{"n": 2}\n'}, {"Data": b'{"n": 3}\n'}]
    )
    objects = _objects(s3, bucket)
    assert len(objects) == 1
    key = objects[0]["Key"]
    assert key.startswith(f"data/year={datetime.now(timezone.utc):%Y}/{name}-1-") and key.endswith(".gz")
    assert gzip.decompress(_body(s3, bucket, key)) == b'{"n": 1}\n{"n": 2}\n{"n": 3}\n'


def test_kinesis_stream_as_source(s3, firehose, aws_client, bucket, delivery_stream, unique_name):
    kinesis = aws_client("kinesis")
    stream_name = unique_name("src")
    kinesis.create_stream(StreamName=stream_name, ShardCount=2)
    try:
        arn = kinesis.describe_stream_summary(StreamName=stream_name)["StreamDescriptionSummary"]["StreamARN"]
        kinesis.put_record(StreamName=stream_name, Data=b"before\n", PartitionKey="a")
        name = delivery_stream(bucket, size_mb=64, interval=1, source=arn)
        description = firehose.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
        assert description["DeliveryStreamType"] == "KinesisStreamAsSource"
        for i in range(4):
            kinesis.put_record(StreamName=stream_name, Data=f"after-{i}\n".encode(), PartitionKey="a")
        objects = _objects(s3, bucket)
        assert len(objects) == 1
        # One partition key: one shard, so the records keep their order; the earlier record is not read.
        assert _body(s3, bucket, objects[0]["Key"]) == b"after-0\nafter-1\nafter-2\nafter-3\n"
        with pytest.raises(ClientError) as error:
            firehose.put_record(DeliveryStreamName=name, Record={"Data": b"direct"})
        assert error.value.response["Error"]["Code"] == "InvalidArgumentException"
    finally:
        kinesis.delete_stream(StreamName=stream_name)


def test_unsupported_configurations_are_refused(firehose, bucket, unique_name):
    base = {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{bucket}"}
    for config in (
        {**base, "CompressionFormat": "Snappy"},
        {**base, "Prefix": "p/!{timestamp:yyyy}/"},
    ):
        with pytest.raises(ClientError) as error:
            firehose.create_delivery_stream(
                DeliveryStreamName=unique_name("bad"), ExtendedS3DestinationConfiguration=config
            )
        assert error.value.response["Error"]["Code"] == "InvalidArgumentException"
    with pytest.raises(ClientError) as error:
        firehose.put_record(DeliveryStreamName=unique_name("missing"), Record={"Data": b"x"})
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_buffers_are_flushed_when_the_emulator_stops(tmp_path, unique_name):
    # LS_LOG=debug: the flush's own S3 call is logged at debug level, as every call between services.
    server = start_server(tmp_path, services=["firehose", "s3"], extra_env={"LS_LOG": "debug"})
    try:
        clients = {
            name: boto3.client(
                name,
                endpoint_url=server.edge_url,
                region_name=constants.DEFAULT_REGION,
                aws_access_key_id="test",
                aws_secret_access_key="test",
                config=BotoConfig(retries={"max_attempts": 1}),
            )
            for name in ("s3", "firehose")
        }
        bucket = unique_name("stop")
        clients["s3"].create_bucket(Bucket=bucket)
        name = unique_name("held")
        clients["firehose"].create_delivery_stream(
            DeliveryStreamName=name,
            ExtendedS3DestinationConfiguration={
                "RoleARN": ROLE,
                "BucketARN": f"arn:aws:s3:::{bucket}",
                "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 900},
            },
        )
        clients["firehose"].put_record(DeliveryStreamName=name, Record={"Data": b"held"})
        assert clients["s3"].list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    finally:
        server.stop()
    # The flush on stop writes through S3's own API, which the request log shows.
    assert re.search(rf"firehose {re.escape(name)}: flushed 1 buffered records on stop", server.log())
    assert "s3 PutObject 200" in server.log()


TRANSFORMER = """
import base64

def handler(event, context):
    out = []
    for record in event["records"]:
        data = base64.b64decode(record["data"])
        if b"bad" in data:
            out.append({"recordId": record["recordId"], "result": "ProcessingFailed", "data": record["data"]})
        elif b"drop" in data:
            out.append({"recordId": record["recordId"], "result": "Dropped", "data": record["data"]})
        else:
            upper = base64.b64encode(data.upper()).decode()
            out.append({"recordId": record["recordId"], "result": "Ok", "data": upper})
    return {"records": out}
"""


def test_lambda_transformation_and_error_output(
    s3, firehose, aws_client, bucket, delivery_stream, unique_name
):
    import base64
    import io
    import json
    import zipfile

    awslambda = aws_client("lambda")
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w") as archive:
        archive.writestr("transform.py", TRANSFORMER)
    function = unique_name("transform")
    function_arn = awslambda.create_function(
        FunctionName=function,
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="transform.handler",
        Code={"ZipFile": archive_bytes.getvalue()},
    )["FunctionArn"]
    try:
        awslambda.get_waiter("function_active_v2").wait(FunctionName=function, WaiterConfig={"Delay": 0.5})
        processor = {
            "Type": "Lambda",
            "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": function_arn}],
        }
        name = delivery_stream(
            bucket,
            size_mb=64,
            interval=1,
            Prefix="ok/",
            ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
            ProcessingConfiguration={"Enabled": True, "Processors": [processor]},
        )
        records = [b"good one\n", b"bad two\n", b"drop three\n", b"good four\n"]
        firehose.put_record_batch(DeliveryStreamName=name, Records=[{"Data": d} for d in records])
        objects = {item["Key"]: item for item in _objects(s3, bucket, deadline=30, count=2)}
        delivered = [key for key in objects if key.startswith("ok/")]
        failed = [key for key in objects if key.startswith(f"errors/processing-failed/{name}-1-")]
        assert len(delivered) == 1 and len(failed) == 1, list(objects)
        assert _body(s3, bucket, delivered[0]) == b"GOOD ONE\nGOOD FOUR\n"
        errors = [json.loads(line) for line in _body(s3, bucket, failed[0]).splitlines()]
        assert len(errors) == 1
        assert base64.b64decode(errors[0]["rawData"]) == b"bad two\n"
        assert errors[0]["errorCode"] == "Lambda.ProcessingFailedStatus"
        assert errors[0]["lambdaArn"] == function_arn
        assert {"attemptsMade", "arrivalTimestamp", "attemptEndingTimestamp", "errorMessage"} <= set(
            errors[0]
        )
    finally:
        awslambda.delete_function(FunctionName=function)
