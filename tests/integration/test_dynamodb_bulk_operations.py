"""Bulk operations (they answered 501): StartBulkPutItems writes the DYNAMODB_JSON items of the S3
objects under a prefix (plain or GZIP) to an existing table through PutItem, answers IN_PROGRESS and
settles at the next call with its counts; Describe, Cancel and List read it; unknown ARNs and tables
are ResourceNotFoundException; a missing bucket ends the operation FAILED."""

from __future__ import annotations

import gzip
import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table

OUTPUT = {"OutputType": ["ERROR"]}


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    return pay_per_request_table(aws_client("dynamodb"), unique_name("bulk"), cleanup)


@pytest.fixture
def bucket(aws_client, unique_name):
    s3 = aws_client("s3")
    name = unique_name("bulkin")
    s3.create_bucket(Bucket=name)
    return name


def _lines(*items):
    return "\n".join(json.dumps({"Item": item}) for item in items).encode()


def test_bulk_put_items(aws_client, table, bucket):
    ddb, s3 = aws_client("dynamodb"), aws_client("s3")
    s3.put_object(
        Bucket=bucket,
        Key="in/a.json",
        Body=_lines({"pk": {"S": "a"}}, {"pk": {"S": "b"}}, {"no": {"S": "key"}}),
    )
    s3.put_object(Bucket=bucket, Key="in/b.json.gz", Body=gzip.compress(_lines({"pk": {"S": "c"}})))
    s3.put_object(Bucket=bucket, Key="other/c.json", Body=_lines({"pk": {"S": "d"}}))
    plain = {"S3Bucket": bucket, "S3KeyPrefix": "in/a", "InputFormat": "DYNAMODB_JSON"}
    started = ddb.start_bulk_put_items(
        TableName=table, InputS3Configuration=plain, OutputS3Configuration=OUTPUT
    )
    described = started["BulkOperationDescription"]
    assert described["BulkOperationStatus"] == "IN_PROGRESS"
    arn = described["BulkOperationArn"]
    assert arn.startswith(described["TableDetails"][0]["TableName"] + "/bulk-operation/")
    settled = ddb.describe_bulk_operation(BulkOperationArn=arn)["BulkOperationDescription"]
    assert settled["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
    assert (settled["ProcessedItemCount"], settled["FailedItemCount"]) == (3, 1)
    assert "EndTime" in settled
    assert ddb.cancel_bulk_operation(BulkOperationArn=arn)["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
    zipped = {
        "S3Bucket": bucket,
        "S3KeyPrefix": "in/b",
        "InputFormat": "DYNAMODB_JSON",
        "InputCompressionType": "GZIP",
    }
    second = ddb.start_bulk_put_items(
        TableName=table, InputS3Configuration=zipped, OutputS3Configuration=OUTPUT
    )
    second_arn = second["BulkOperationDescription"]["BulkOperationArn"]
    assert (
        ddb.describe_bulk_operation(BulkOperationArn=second_arn)["BulkOperationDescription"][
            "BulkOperationStatus"
        ]
        == "COMPLETED"
    )
    keys = sorted(item["pk"]["S"] for item in ddb.scan(TableName=table)["Items"])
    assert keys == ["a", "b", "c"]
    listed = [entry["BulkOperationArn"] for entry in ddb.list_bulk_operations()["BulkOperationsSummaryList"]]
    assert listed.index(second_arn) < listed.index(arn)  # newest first


def test_bulk_operation_refusals(aws_client, table, bucket):
    ddb = aws_client("dynamodb")
    source = {"S3Bucket": bucket + "-missing", "InputFormat": "DYNAMODB_JSON"}
    with pytest.raises(ClientError) as caught:
        ddb.start_bulk_put_items(
            TableName=table + "-missing", InputS3Configuration=source, OutputS3Configuration=OUTPUT
        )
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    started = ddb.start_bulk_put_items(
        TableName=table, InputS3Configuration=source, OutputS3Configuration=OUTPUT
    )
    arn = started["BulkOperationDescription"]["BulkOperationArn"]
    failed = ddb.describe_bulk_operation(BulkOperationArn=arn)["BulkOperationDescription"]
    assert (failed["BulkOperationStatus"], failed["FailureCode"]) == ("FAILED", "S3NoSuchBucket")
    for call in (ddb.describe_bulk_operation, ddb.cancel_bulk_operation):
        with pytest.raises(ClientError) as caught:
            call(BulkOperationArn=arn + "0")
        assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
