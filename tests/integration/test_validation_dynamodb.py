"""DynamoDB refuses malformed requests as AWS does, before any table is looked up: the raw `__type`
with its namespace, the one message key, and AWS's exact sentence, through the edge and the legacy
port. Rows are raw JSON bodies (boto3 would refuse most of them client-side)."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

VALIDATE = "com.amazon.coral.validate#ValidationException"
SERIALIZE = "com.amazon.coral.service#SerializationException"


def post(
    base_url: str, operation: str, body: bytes, service: str = "dynamodb", prefix: str = "DynamoDB_20120810"
):
    headers = {"X-Amz-Target": f"{prefix}.{operation}", "Content-Type": "application/x-amz-json-1.0"}
    request = AWSRequest(method="POST", url=base_url + "/", data=body, headers=headers)
    SigV4Auth(Credentials("test", "test"), service, "us-east-1").add_auth(request)
    return requests.post(base_url + "/", data=body, headers=dict(request.headers), timeout=30)


ROWS = [
    # (case id, operation, body, __type, message key, message)
    ("missing-table-name", "DescribeTable", {}, VALIDATE, "message",
     "The parameter 'TableName' is required but was not present in the request"),
    ("missing-table-name-of-an-item", "GetItem", {"Key": {"a": {"S": "b"}}}, VALIDATE, "message",
     "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
     "Member must not be null"),
    ("limit-zero-on-a-missing-table", "Scan", {"TableName": "no-such-table", "Limit": 0},
     VALIDATE, "message",
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    ("select-not-in-enum", "Query", {"TableName": "no-such-table", "Select": "EVERYTHING"},
     VALIDATE, "message",
     "1 validation error detected: Value 'EVERYTHING' at 'select' failed to satisfy constraint: Member must "
     "satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"),
    ("nested-required-member", "CreateTable",
     {"TableName": "tb1", "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a"}], "BillingMode": "PAY_PER_REQUEST"}, VALIDATE, "message",
     "1 validation error detected: Value null at 'keySchema.1.member.keyType' failed to satisfy constraint: "
     "Member must not be null"),
    ("two-errors", "Scan", {"TableName": "tbl", "Limit": 0, "ReturnConsumedCapacity": "ALL"},
     VALIDATE, "message",
     "2 validation errors detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy "
     "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value '0' at 'limit' "
     "failed to satisfy constraint: Member must have value greater than or equal to 1"),
    # Recorded in most regions (nubo-db/dynamodb-conformance captures, 2026-08-12).
    ("empty-request-items", "BatchGetItem", {"RequestItems": {}}, VALIDATE, "message",
     "The requestItems parameter is required for BatchGetItem"),
    ("list-given-a-string", "CreateTable", {"TableName": "t", "KeySchema": "a"}, SERIALIZE, "Message",
     "Unexpected field type"),
    ("attribute-value-not-a-struct", "PutItem", {"TableName": "t", "Item": {"a": "b"}}, SERIALIZE, "Message",
     "Unexpected value type in payload"),
    ("number-as-json-number", "PutItem", {"TableName": "t", "Item": {"a": {"N": 5}}}, SERIALIZE, "Message",
     "NUMBER_VALUE cannot be converted to String"),
    ("string-given-an-object", "DescribeTable", {"TableName": {"S": "t"}}, SERIALIZE, "Message",
     "Start of structure or map found where not expected"),
    ("integer-given-a-string", "Scan", {"TableName": "t", "Limit": "10"}, SERIALIZE, "Message",
     "STRING_VALUE cannot be converted to Integer"),
    ("boolean-given-a-string", "Scan", {"TableName": "t", "ConsistentRead": "true"}, SERIALIZE, "Message",
     "Unexpected token received from parser"),
    ("binary-not-base64", "PutItem", {"TableName": "t", "Item": {"a": {"B": "abcde"}}}, SERIALIZE, "Message",
     "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
]  # fmt: skip


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
@pytest.mark.parametrize(
    "operation,body,error_type,key,message", [pytest.param(*r[1:], id=r[0]) for r in ROWS]
)
def test_dynamodb_refuses_as_aws(server, legacy, operation, body, error_type, key, message):
    base = server.legacy_url("dynamodb") if legacy else server.edge_url
    response = post(base, operation, json.dumps(body).encode())
    assert response.status_code == 400, response.text
    assert response.json() == {"__type": error_type, key: message}


def test_boto3_sees_the_code_without_namespace(aws_client):

    dynamodb = aws_client("dynamodb", config={"parameter_validation": False})
    with pytest.raises(ClientError) as info:
        dynamodb.scan(TableName="no-such-table-anywhere", Limit=0)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("1 validation error detected: Value '0' at 'limit'")


def test_a_valid_request_still_reaches_the_table(aws_client, unique_name, cleanup):
    dynamodb = aws_client("dynamodb")
    name = unique_name("valid")
    dynamodb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: dynamodb.delete_table(TableName=name))
    item = {"pk": {"S": "1"}, "data": {"M": {"list": {"L": [{"N": "1"}, {"B": b"bytes"}]}}}}
    dynamodb.put_item(TableName=name, Item=item)
    assert dynamodb.get_item(TableName=name, Key={"pk": {"S": "1"}})["Item"] == item
