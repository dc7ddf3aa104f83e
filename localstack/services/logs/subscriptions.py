"""Subscription filter deliveries: matched log events, gzip'd JSON in AWS's schema, to Lambda
(`{"awslogs": {"data": base64}}`, invoked as Event), Kinesis (one record) and Firehose (one record)."""

from __future__ import annotations

import base64
import gzip
import json
import logging
import secrets
import time
from typing import Any

from localstack.config import get_config
from localstack.utils.aws.arns import arn_parts
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)
CONTROL_TEXT = "CWL CONTROL MESSAGE: Checking health of destination {kind}."


def synchronous() -> bool:
    """SYNCHRONOUS_LOGS_EVENTS=1: deliver before PutLogEvents answers (deterministic tests)."""
    return get_config().is_synchronous("logs")


def event_id(sequence: int) -> str:
    """AWS event ids are 56-digit decimal strings."""
    return f"{sequence:056d}"


def data_message(
    account_id: str, log_group: str, log_stream: str, filter_name: str, events: list[dict]
) -> dict:
    return {
        "messageType": "DATA_MESSAGE",
        "owner": account_id,
        "logGroup": log_group,
        "logStream": log_stream,
        "subscriptionFilters": [filter_name],
        "logEvents": events,
    }


def control_message(kind: str) -> dict:
    """What AWS writes once into a Kinesis or Firehose destination when a filter is put."""
    now = int(time.time() * 1000)
    return {
        "messageType": "CONTROL_MESSAGE",
        "owner": "CloudwatchLogs",
        "logGroup": "",
        "logStream": "",
        "subscriptionFilters": [],
        "logEvents": [{"id": event_id(0), "timestamp": now, "message": CONTROL_TEXT.format(kind=kind)}],
    }


def deliver(destination_arn: str, message: dict) -> None:
    """Send one gzip'd message to the destination (raises on failure: the dispatcher retries)."""
    payload = gzip.compress(json.dumps(message, separators=(",", ":")).encode("utf-8"))
    service, region, account, resource = arn_parts(destination_arn)
    if service == "lambda":
        data = base64.b64encode(payload).decode("ascii")
        connect_to("lambda", account, region).invoke(
            FunctionName=destination_arn,
            InvocationType="Event",
            Payload=json.dumps({"awslogs": {"data": data}}).encode("utf-8"),
        )
    elif service == "kinesis":
        connect_to("kinesis", account, region).put_record(
            StreamARN=destination_arn, Data=payload, PartitionKey=secrets.token_hex(16)
        )
    elif service == "firehose":
        connect_to("firehose", account, region).put_record(
            DeliveryStreamName=resource.rpartition("/")[2], Record={"Data": payload}
        )
    else:
        LOG.warning("logs: subscription destination %s is not deliverable here", destination_arn)


def submit(destination_arn: str, message: dict) -> None:
    """Hand a delivery to the event dispatcher (inline with SYNCHRONOUS_LOGS_EVENTS=1)."""
    try:
        from localstack.services import infra

        dispatcher = infra.current().dispatcher
    except RuntimeError:
        dispatcher = None
    if dispatcher is None:
        deliver(destination_arn, message)
        return
    dispatcher.submit(deliver, destination_arn, message, synchronous=synchronous())


def matched_events(pattern: Any, events: list[dict]) -> list[dict]:
    return [event for event in events if pattern.matches(event["message"])]
