"""Bulk operations (StartBulkPutItems, DescribeBulkOperation, CancelBulkOperation, ListBulkOperations):
the items of the S3 objects under a prefix written to an existing table. AWS runs them asynchronously;
here the whole load runs while StartBulkPutItems is answered (IN_PROGRESS), and the next call sees the
terminal status. Every item is a PutItem through this emulator's own gateway, so it meets PutItem's
checks and reaches the table's stream. DYNAMODB_JSON input, uncompressed or GZIP, is read; ION input
and ZSTD compression (neither readable with the standard library) end the operation FAILED, as an
unreadable input does on AWS. Error reports are not written to the output bucket."""

from __future__ import annotations

import gzip
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from localstack.utils.aws import internal_client
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(
    ("StartBulkPutItems", "DescribeBulkOperation", "CancelBulkOperation", "ListBulkOperations")
)
_LIST_PAGE = 10  # ListBulkOperations' default MaxResults

Scope = tuple[str, str]


@dataclass
class _Operation:
    description: dict[str, Any]
    settled: str  # the terminal status the next call reports
    ended: float
    token: str | None = None
    fingerprint: str = ""
    seen: bool = field(default=False)


_state: dict[tuple[str, str, str], _Operation] = {}  # (account, region, ARN)
_lock = threading.Lock()


def reset() -> None:
    with _lock:
        _state.clear()


def _not_found(arn: Any) -> AWSError:
    return AWSError(
        "ResourceNotFoundException", f"Requested resource not found: Bulk operation: {arn} not found"
    )


def handle(
    operation: str,
    body: dict,
    scope: Scope,
    lookup: Callable[[Any], Any],
    missing_table: Callable[[str], AWSError],
) -> dict:
    if operation == "ListBulkOperations":
        return _list(body, scope)
    if operation == "StartBulkPutItems":
        return _start(body, scope, lookup, missing_table)
    arn = body.get("BulkOperationArn")
    with _lock:
        found = _state.get((*scope, arn))
        if found is None:
            raise _not_found(arn)
        description = _current(found)
    if operation == "CancelBulkOperation":
        # The load has finished by now: cancelling changes nothing, and the answer says so.
        return {"BulkOperationArn": arn, "BulkOperationStatus": description["BulkOperationStatus"]}
    return {"BulkOperationDescription": description}


def _current(found: _Operation) -> dict:
    if found.seen:
        found.description["BulkOperationStatus"] = found.settled
        found.description["EndTime"] = found.ended
    found.seen = True
    return dict(found.description)


def _start(
    body: dict, scope: Scope, lookup: Callable[[Any], Any], missing_table: Callable[[str], AWSError]
) -> dict:
    name = body.get("TableName")
    table = lookup(name)
    if table is None:
        raise missing_table(name)
    token = body.get("ClientToken")
    fingerprint = json.dumps({k: v for k, v in body.items() if k != "ClientToken"}, sort_keys=True)
    if isinstance(token, str):
        with _lock:
            for (account, region, _), entry in _state.items():
                if (account, region) == scope and entry.token == token:
                    if entry.fingerprint != fingerprint:
                        raise AWSError(
                            "IdempotentParameterMismatchException",
                            "Bulk operation with this client token was already started with "
                            "different parameters",
                        )
                    return {"BulkOperationDescription": _current(entry)}
    started = time.time()
    arn = f"{table.table_arn}/bulk-operation/{int(started * 1000):014d}-{uuid.uuid4().hex[:8]}"
    table_id = table.__dict__.setdefault("_localstack_table_id", str(uuid.uuid4()))
    description: dict[str, Any] = {
        "BulkOperationArn": arn,
        "BulkOperationStatus": "IN_PROGRESS",
        "TableDetails": [{"TableName": table.table_arn, "TableId": table_id}],
        "InputS3Configuration": body.get("InputS3Configuration"),
        "OutputS3Configuration": body.get("OutputS3Configuration"),
        "StartTime": started,
    }
    for member in ("ClientToken", "MaxWriteRequestUnits", "PerformanceTier"):
        if body.get(member) is not None:
            description[member] = body[member]
    settled = _load(description, body.get("InputS3Configuration") or {}, table.name, scope)
    with _lock:
        _state[(*scope, arn)] = _Operation(description, settled, time.time(), token, fingerprint, seen=True)
    return {"BulkOperationDescription": dict(description)}


def _load(description: dict, source: dict, table_name: str, scope: Scope) -> str:
    """Writes the items; fills in the counts and any failure, and answers the terminal status."""
    counts = {"ProcessedItemCount": 0, "FailedItemCount": 0, "ProcessedInputBytes": 0, "TotalInputBytes": 0}
    description.update(counts)

    def fail(code: str, message: str) -> str:
        description["FailureCode"], description["FailureMessage"] = code, message
        return "FAILED"

    if source.get("InputFormat") != "DYNAMODB_JSON":
        return fail("InvalidInputFormat", "Only DYNAMODB_JSON input can be read by this emulator")
    if source.get("InputCompressionType") == "ZSTD":
        return fail("InvalidCompressionType", "ZSTD input cannot be read by this emulator")
    s3 = internal_client.connect_to("s3", *scope)
    ddb = internal_client.connect_to("dynamodb", *scope)
    bucket = source.get("S3Bucket")
    try:
        keys = _object_keys(s3, bucket, source.get("S3KeyPrefix") or "")
    except Exception:  # noqa: BLE001 - any S3 error reads as the bucket being unusable
        return fail("S3NoSuchBucket", "The specified bucket does not exist")
    objects = []
    for key in keys:
        data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        description["TotalInputBytes"] += len(data)
        objects.append(data)
    for data in objects:
        if source.get("InputCompressionType") == "GZIP":
            try:
                data = gzip.decompress(data)
            except OSError:
                return fail("InvalidInput", "An input object is not valid GZIP data")
        for line in data.splitlines():
            if not line.strip():
                continue
            description["ProcessedItemCount"] += 1
            try:
                item = json.loads(line)["Item"]
                ddb.put_item(TableName=table_name, Item=item)
            except Exception:  # noqa: BLE001 - a line that is not an item, or an item PutItem refuses
                description["FailedItemCount"] += 1
        description["ProcessedInputBytes"] = description["TotalInputBytes"]
    return "COMPLETED_WITH_ERRORS" if description["FailedItemCount"] else "COMPLETED"


def _object_keys(s3: Any, bucket: Any, prefix: str) -> list[str]:
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(entry["Key"] for entry in page.get("Contents") or [] if not entry["Key"].endswith("/"))
    return keys


def _list(body: dict, scope: Scope) -> dict:
    with _lock:
        entries = [entry for (account, region, _), entry in _state.items() if (account, region) == scope]
        members = ("BulkOperationArn", "BulkOperationStatus", "StartTime", "EndTime")
        summaries = [{key: description.get(key) for key in members} for description in map(_current, entries)]
    summaries.sort(key=lambda summary: summary["StartTime"], reverse=True)
    start = 0
    token = body.get("NextToken")
    if isinstance(token, str):
        start = next((i for i, s in enumerate(summaries) if s["BulkOperationArn"] == token), len(summaries))
    size = body.get("MaxResults") or _LIST_PAGE
    answer: dict[str, Any] = {"BulkOperationsSummaryList": summaries[start : start + size]}
    if start + size < len(summaries):
        answer["NextToken"] = summaries[start + size]["BulkOperationArn"]
    return answer
