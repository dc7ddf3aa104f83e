"""The DynamoDB list calls moto lacked (they answered 501): ListImports lists the imports started here,
by table; ListGlobalTables of a region no global table names lists none (test_dynamodb_global_tables.py
lists those made)."""

from __future__ import annotations


def test_list_imports_by_table(aws_client, unique_name):
    ddb = aws_client("dynamodb")
    name = unique_name("imported")
    started = ddb.import_table(
        S3BucketSource={"S3Bucket": unique_name("no-such-bucket")},
        InputFormat="CSV",
        TableCreationParameters={
            "TableName": name,
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )["ImportTableDescription"]
    listed = ddb.list_imports(TableArn=started["TableArn"])["ImportSummaryList"]
    assert [(entry["ImportArn"], entry["TableArn"]) for entry in listed] == [
        (started["ImportArn"], started["TableArn"])
    ]
    assert listed[0]["ImportStatus"] in ("IN_PROGRESS", "FAILED", "COMPLETED")
    other = started["TableArn"] + "-other"
    assert ddb.list_imports(TableArn=other)["ImportSummaryList"] == []


def test_empty_lists(aws_client):
    ddb = aws_client("dynamodb")
    assert ddb.list_global_tables(RegionName="ap-southeast-2")["GlobalTables"] == []
