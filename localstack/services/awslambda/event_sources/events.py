"""The events Lambda hands to functions for SQS messages, Kinesis records and DynamoDB stream records
(AWS's schema), and the reading of a function's `batchItemFailures` answer."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any, Sequence

from localstack.utils.aws.arns import arn_parts


def sqs_record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    """One entry of an SQS event from a ReceiveMessage message (botocore's shape)."""
    _, region, _, _ = arn_parts(queue_arn)
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message.get("Body", ""),
        "attributes": dict(message.get("Attributes") or {}),
        "messageAttributes": {
            name: _sqs_attribute(value) for name, value in (message.get("MessageAttributes") or {}).items()
        },
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }
    if message.get("MD5OfMessageAttributes"):
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


def _sqs_attribute(value: dict[str, Any]) -> dict[str, Any]:
    # Lambda spells message attributes in camel case and always lists both list fields.
    out: dict[str, Any] = {"stringListValues": [], "binaryListValues": [], "dataType": value.get("DataType")}
    if "StringValue" in value:
        out["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        out["binaryValue"] = _b64(value["BinaryValue"])
    return out


def kinesis_record(record: dict[str, Any], shard_id: str, stream_arn: str, role_arn: str) -> dict[str, Any]:
    """One entry of a Kinesis event from a GetRecords record (botocore's shape)."""
    _, region, _, _ = arn_parts(stream_arn)
    sequence = record["SequenceNumber"]
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": record["PartitionKey"],
            "sequenceNumber": sequence,
            "data": _b64(record.get("Data", b"")),
            "approximateArrivalTimestamp": _epoch(record.get("ApproximateArrivalTimestamp")),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard_id}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role_arn,
        "awsRegion": region,
        "eventSourceARN": stream_arn,
    }


def dynamodb_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """One entry of a DynamoDB Streams event from a GetRecords record (botocore's shape)."""
    _, region, _, _ = arn_parts(stream_arn)
    change = dict(record.get("dynamodb") or {})
    if "ApproximateCreationDateTime" in change:
        change["ApproximateCreationDateTime"] = _epoch(change["ApproximateCreationDateTime"])
    for key in ("Keys", "NewImage", "OldImage"):
        if key in change:
            change[key] = {name: _attribute(value) for name, value in change[key].items()}
    out = {
        "eventID": record.get("eventID"),
        "eventName": record.get("eventName"),
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": change,
        "eventSourceARN": stream_arn,
    }
    identity = record.get("userIdentity")
    if identity:
        # GetRecords spells the members PrincipalId/Type; a function's event spells them in camel case.
        out["userIdentity"] = {"type": identity.get("Type"), "principalId": identity.get("PrincipalId")}
    return out


def _attribute(value: dict[str, Any]) -> dict[str, Any]:
    """botocore decodes binary attribute values to bytes; the event carries them in base64."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {kind: _b64(inner)}
    if kind == "BS":
        return {kind: [_b64(item) for item in inner]}
    if kind == "M":
        return {kind: {name: _attribute(item) for name, item in inner.items()}}
    if kind == "L":
        return {kind: [_attribute(item) for item in inner]}
    return {kind: inner}


def _b64(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.b64encode(data).decode("ascii")


def _epoch(value: Any) -> float | int | None:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        seconds = value.timestamp()
        return int(seconds) if seconds == int(seconds) else round(seconds, 3)
    return value


def batch_item_failures(payload: bytes, identifiers: Sequence[str]) -> list[str] | None:
    """The identifiers a ReportBatchItemFailures answer names as failed, in batch order.

    [] means every item succeeded (empty or null answer or list); None means the whole batch failed
    (an answer that is not JSON, or an item with an empty, missing or unknown identifier), as AWS reads it.
    """
    text = payload.decode("utf-8", "replace").strip() if payload else ""
    if not text:
        return []
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    if answer is None:
        return []
    if not isinstance(answer, dict):
        return None
    failures = answer.get("batchItemFailures")
    if failures is None:
        return []
    if not isinstance(failures, list):
        return None
    known = set(identifiers)
    failed = set()
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(identifier, str) or not identifier or identifier not in known:
            return None
        failed.add(identifier)
    return [identifier for identifier in identifiers if identifier in failed]
