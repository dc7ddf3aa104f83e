"""Test function for event source mappings: sends each event it gets to RESULT_QUEUE_URL, then behaves
as MODE says: "ok" succeeds, "fail" raises, "partial" reports as failed every record whose body (or
decoded Kinesis data) contains "fail", "fail-marked" raises when any record does."""

import base64
import json
import os

import boto3


def _text(record):
    if "body" in record:
        return record["body"]
    if "kinesis" in record:
        return base64.b64decode(record["kinesis"]["data"]).decode("utf-8", "replace")
    return json.dumps(record.get("dynamodb", {}))


def _identifier(record):
    if "messageId" in record:
        return record["messageId"]
    if "kinesis" in record:
        return record["kinesis"]["sequenceNumber"]
    return record["dynamodb"]["SequenceNumber"]


def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["RESULT_QUEUE_URL"], MessageBody=json.dumps(event))
    mode = os.environ.get("MODE", "ok")
    marked = [record for record in event["Records"] if "fail" in _text(record)]
    if mode == "fail" or (mode == "fail-marked" and marked):
        raise RuntimeError("failing as asked")
    if mode == "partial":
        return {"batchItemFailures": [{"itemIdentifier": _identifier(record)} for record in marked]}
    return {}
