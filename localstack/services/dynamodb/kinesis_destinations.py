"""Kinesis Data Streams for DynamoDB: Enable, Describe, Update and Disable a table's streaming
destinations, and every item change of a table with an ACTIVE destination written to its Kinesis stream
as DynamoDB writes it (`recordFormat` application/json: eventName INSERT, MODIFY or REMOVE, the keys, the
new and old images, SizeBytes). An enable answers ENABLING and a disable DISABLING; both are settled at
once (AWS takes minutes)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any, Callable

from localstack.utils import fast_ids
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(
    (
        "EnableKinesisStreamingDestination",
        "DisableKinesisStreamingDestination",
        "DescribeKinesisStreamingDestination",
        "UpdateKinesisStreamingDestination",
    )
)
DEFAULT_PRECISION = "MILLISECOND"
_ATTRIBUTE = "_localstack_kinesis_destinations"  # on moto's Table: stream ARN -> destination


def handle(
    operation: str,
    body: dict,
    lookup: Callable[[Any], Any],
    missing_table: Callable[[str], AWSError],
) -> dict:
    name = body.get("TableName")
    table = lookup(name)
    if table is None:
        raise missing_table(name)
    destinations: dict[str, dict] = table.__dict__.setdefault(_ATTRIBUTE, {})
    if operation == "DescribeKinesisStreamingDestination":
        return {"TableName": table.name, "KinesisDataStreamDestinations": list(destinations.values())}
    arn = body.get("StreamArn")
    if operation == "EnableKinesisStreamingDestination":
        _check_stream(arn)
        configuration = body.get("EnableKinesisStreamingConfiguration") or {}
        precision = configuration.get("ApproximateCreationDateTimePrecision") or DEFAULT_PRECISION
        destinations[arn] = {
            "StreamArn": arn,
            "DestinationStatus": "ACTIVE",
            "ApproximateCreationDateTimePrecision": precision,
        }
        answer = {"TableName": table.name, "StreamArn": arn, "DestinationStatus": "ENABLING"}
        if configuration:
            answer["EnableKinesisStreamingConfiguration"] = configuration
        return answer
    destination = destinations.get(arn)
    if destination is None or destination["DestinationStatus"] != "ACTIVE":
        raise AWSError(
            "ValidationException",
            f"Table {table.name} is not streaming to Kinesis Data Stream {arn}",
        )
    if operation == "UpdateKinesisStreamingDestination":
        configuration = body.get("UpdateKinesisStreamingConfiguration") or {}
        precision = configuration.get("ApproximateCreationDateTimePrecision")
        if precision:
            destination["ApproximateCreationDateTimePrecision"] = precision
        answer = {"TableName": table.name, "StreamArn": arn, "DestinationStatus": "UPDATING"}
        if configuration:
            answer["UpdateKinesisStreamingConfiguration"] = configuration
        return answer
    destination["DestinationStatus"] = "DISABLED"
    return {"TableName": table.name, "StreamArn": arn, "DestinationStatus": "DISABLING"}


def _check_stream(arn: Any) -> None:
    from moto.kinesis.models import kinesis_backends

    parts = arn.split(":") if isinstance(arn, str) else []
    name = parts[5].partition("/")[2] if len(parts) > 5 else ""
    streams = kinesis_backends[parts[4]][parts[3]].streams if len(parts) > 5 else {}
    if name not in streams:
        raise AWSError("ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found")


def apply() -> None:
    """Every item write of moto's tables reports its change to the table's destinations."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    put_item, delete_item, update_item = Table.put_item, Table.delete_item, DynamoDBBackend.update_item

    def reported_put(self: Any, item_attrs: dict, *args: Any, **kwargs: Any) -> Any:
        if not _active(self):
            return put_item(self, item_attrs, *args, **kwargs)
        old = _stored(self, item_attrs)
        written = put_item(self, item_attrs, *args, **kwargs)
        _report(self, old, _attributes(written))
        return written

    def reported_delete(self: Any, *args: Any, **kwargs: Any) -> Any:
        deleted = delete_item(self, *args, **kwargs)
        if deleted is not None and _active(self):
            _report(self, _attributes(deleted), None)
        return deleted

    def reported_update(self: Any, table_name: str, key: dict, *args: Any, **kwargs: Any) -> Any:
        table = self.tables.get(table_name)
        if table is None or not _active(table):
            return update_item(self, table_name, key, *args, **kwargs)
        old = _stored(table, key)
        written = update_item(self, table_name, key, *args, **kwargs)
        _report(table, old, _attributes(written))
        return written

    Table.put_item = reported_put  # type: ignore[method-assign]
    Table.delete_item = reported_delete  # type: ignore[method-assign]
    DynamoDBBackend.update_item = reported_update  # type: ignore[method-assign]


def _active(table: Any) -> list[dict]:
    destinations = table.__dict__.get(_ATTRIBUTE)
    if not destinations:
        return []
    return [d for d in destinations.values() if d["DestinationStatus"] == "ACTIVE"]


def _stored(table: Any, key: dict) -> dict | None:
    from localstack.services.dynamodb import capacity

    return capacity.stored_item(table, key)


def _attributes(item: Any) -> dict | None:
    if item is None:
        return None
    return json.loads(json.dumps(item.to_json()["Attributes"], default=str))


def _report(table: Any, old: dict | None, new: dict | None) -> None:
    """One record per change, put to each ACTIVE destination (a failed put loses only that record)."""
    from localstack.utils.aws import internal_client

    image = new if new is not None else old
    if image is None:
        return
    key_names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
    keys = {name: image[name] for name in key_names if name in image}
    event = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    change: dict[str, Any] = {"Keys": keys}
    if new is not None:
        change["NewImage"] = new
    if old is not None:
        change["OldImage"] = old
    for destination in _active(table):
        now = time.time()
        micro = destination["ApproximateCreationDateTimePrecision"] == "MICROSECOND"
        stamp = int(now * 1_000_000) if micro else int(now * 1000)
        record = {
            "awsRegion": table.region_name,
            "eventID": fast_ids.uuid4(),
            "eventName": event,
            "userIdentity": None,
            "recordFormat": "application/json",
            "tableName": table.name,
            "dynamodb": {
                "ApproximateCreationDateTime": stamp,
                **change,
                "SizeBytes": len(json.dumps(change, separators=(",", ":"))),
                "ApproximateCreationDateTimePrecision": destination["ApproximateCreationDateTimePrecision"],
            },
            "eventSource": "aws:dynamodb",
        }
        data = base64.b64encode(json.dumps(record).encode()).decode()
        arn = destination["StreamArn"]
        partition_key = json.dumps(keys, sort_keys=True)[:256]
        body = json.dumps({"StreamARN": arn, "PartitionKey": partition_key, "Data": data}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Kinesis_20131202.PutRecord"}
        account, region = arn.split(":")[4], arn.split(":")[3]
        try:
            internal_client.request("kinesis", "POST", "/", body, headers, account, region)
        except Exception:  # noqa: BLE001 - a destination that cannot take the record must not fail the write
            continue
