"""Per-call cost of the model validator (`request_checks.check_request`) on requests serialized by
botocore exactly as boto3 sends them: CPU time per call, in process, after the operation's checks are
compiled. Target: it adds at most 0.1 ms per call."""

from __future__ import annotations

import json
import time
import timeit
from urllib.parse import parse_qsl, urlencode

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.serialize import create_serializer
from werkzeug.datastructures import Headers

from localstack.utils.aws.request_checks import check_request, service_model
from localstack.utils.http import Request

TARGET_MS = 0.1

_ITEM = {
    "pk": {"S": "user#1"},
    "sk": {"N": "42"},
    "name": {"S": "Ada"},
    "tags": {"SS": ["a", "b"]},
    "profile": {"M": {"age": {"N": "36"}, "active": {"BOOL": True}}},
}
CASES = [
    ("dynamodb", "PutItem", {"TableName": "bench", "Item": _ITEM}),
    (
        "dynamodb",
        "Query",
        {
            "TableName": "bench",
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "user#1"}},
            "Limit": 30,
        },
    ),
    (
        "dynamodb",
        "BatchWriteItem",
        {
            "RequestItems": {
                "bench": [{"PutRequest": {"Item": {**_ITEM, "sk": {"N": str(i)}}}} for i in range(25)]
            }
        },
    ),
    ("sqs", "SendMessage", {"QueueUrl": "http://localhost:4566/000000000000/q", "MessageBody": "hello"}),
    ("kinesis", "PutRecord", {"StreamName": "s", "Data": b"x" * 512, "PartitionKey": "p"}),
    ("events", "PutEvents", {"Entries": [{"Source": "bench", "DetailType": "t", "Detail": "{}"}]}),
    ("lambda", "Invoke", {"FunctionName": "bench", "Payload": b'{"n": 1}'}),
    ("lambda", "GetFunction", {"FunctionName": "bench"}),
    # Query protocol: the flattened form read back into the member tree, then the same checks.
    (
        "sns",
        "Publish",
        {
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:bench",
            "Message": "m" * 100,
            "MessageAttributes": {
                "kind": {"DataType": "String", "StringValue": "order"},
                "size": {"DataType": "Number", "StringValue": "3"},
            },
        },
    ),
    (
        "iam",
        "CreateRole",
        {
            "RoleName": "bench",
            "AssumeRolePolicyDocument": "{}",
            "Tags": [{"Key": f"k{i}", "Value": "välue 1"} for i in range(5)],
        },
    ),
    (
        "ec2",
        "RunInstances",
        {
            "ImageId": "ami-12345678",
            "MinCount": 1,
            "MaxCount": 1,
            "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8}}],
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}],
        },
    ),
]


def _request(service: str, operation: str, params: dict) -> Request:
    model = service_model(service)
    operation_model = model.operation_model(operation)
    serialized = create_serializer(model.protocol).serialize_to_request(params, operation_model)
    body = serialized["body"]
    if isinstance(body, dict):
        body = urlencode(body)  # a query form, as botocore's HTTP layer encodes it
    body = body if isinstance(body, bytes) else body.encode()
    query = serialized["query_string"]
    path = serialized["url_path"] + (f"?{urlencode(query)}" if query else "")
    # Signed as boto3 signs, so the signature's shape check is part of the cost.
    signed = AWSRequest(serialized["method"], f"http://localhost:4566{path}", serialized["headers"], body)
    SigV4Auth(Credentials("test", "test"), model.signing_name, "us-east-1").add_auth(signed)
    return Request(serialized["method"], path, body, Headers(dict(signed.headers)))


def measure(iterations: int) -> list[dict]:
    """Per case: the whole check per call, and what it adds over parsing the JSON body (which the
    gateway paid before the validator existed). The best of 5 runs: the machine is shared."""
    # DynamoDB's own table-name sentences join the model's checks in a server: measured with them.
    from localstack.services.dynamodb import dynamodb_starter

    dynamodb_starter.service()
    rows = []
    for service, operation, params in CASES:
        request = _request(service, operation, params)
        check_request(service, request)  # compile once, as the first call of a server does

        def check(service: str = service, request: Request = request) -> None:
            check_request(service, request)

        def parse(data: bytes = request.data) -> None:
            if data[:1] == b"{":
                json.loads(data)
            elif data:
                parse_qsl(data.decode(), keep_blank_values=True)  # a query body: the gateway's form parse

        whole = min(timeit.repeat(check, number=iterations, repeat=5, timer=time.process_time))
        baseline = min(timeit.repeat(parse, number=iterations, repeat=5, timer=time.process_time))
        rows.append(
            {
                "operation": f"{service} {operation}",
                "bytes": len(request.data),
                "ms": round(whole * 1000 / iterations, 4),
                "added_ms": round((whole - baseline) * 1000 / iterations, 4),
            }
        )
    return rows


def run(quick: bool = False) -> dict:
    rows = measure(200 if quick else 2000)
    print(f"{'validator: operation':<32}| {'body bytes':>10} | {'ms per call':>11} | {'added ms':>9}")
    for row in rows:
        verdict = "PASS" if row["added_ms"] <= TARGET_MS else "FAIL"
        figures = f"{row['bytes']:>10} | {row['ms']:>11.4f} | {row['added_ms']:>9.4f}"
        print(f"{row['operation']:<32}| {figures} {verdict}")
    return {f"validator_{row['operation'].replace(' ', '_')}_added_ms": row["added_ms"] for row in rows}


if __name__ == "__main__":
    run()
