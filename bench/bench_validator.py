"""Per-call cost of the model validator (`request_checks.check_request`) on requests serialized by
botocore exactly as boto3 sends them: CPU time per call, in process, after the operation's checks are
compiled. Target: at most 0.1 ms per call."""

from __future__ import annotations

import time

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
]


def _request(service: str, operation: str, params: dict) -> Request:
    model = service_model(service)
    operation_model = model.operation_model(operation)
    serialized = create_serializer(model.protocol).serialize_to_request(params, operation_model)
    headers = Headers({"Host": "localhost:4566", **serialized["headers"]})
    body = serialized["body"]
    return Request(
        serialized["method"],
        serialized["url_path"],
        body if isinstance(body, bytes) else body.encode(),
        headers,
    )


def measure(iterations: int) -> list[dict]:
    rows = []
    for service, operation, params in CASES:
        request = _request(service, operation, params)
        check_request(service, request)  # compile once, as the first call of a server does
        started = time.process_time()
        for _ in range(iterations):
            check_request(service, request)
        per_call_ms = (time.process_time() - started) * 1000 / iterations
        rows.append(
            {"operation": f"{service} {operation}", "bytes": len(request.data), "ms": round(per_call_ms, 4)}
        )
    return rows


def run(quick: bool = False) -> dict:
    rows = measure(500 if quick else 5000)
    print(f"{'validator: operation':<32}| {'body bytes':>10} | {'ms per call':>11}")
    for row in rows:
        verdict = "PASS" if row["ms"] <= TARGET_MS else "FAIL"
        print(f"{row['operation']:<32}| {row['bytes']:>10} | {row['ms']:>11.4f} {verdict}")
    return {f"validator_{row['operation'].replace(' ', '_')}_ms": row["ms"] for row in rows}


if __name__ == "__main__":
    run()
