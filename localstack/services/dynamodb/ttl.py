"""Time to Live: UpdateTimeToLive's rules in AWS's words and order, and the deletion of expired items.

DynamoDB deletes an item once the epoch-seconds Number in its TTL attribute is in the past, unless it is
more than five years past (or not a Number: such items are never expired). The deletion is an ordinary
DeleteItem, conditional on the TTL value being unchanged, so an item renewed meanwhile is kept; its
stream record carries the service's identity. Here a worker sweeps every DYNAMODB_TTL_INTERVAL seconds
(AWS: within about two days) and `DELETE /_aws/dynamodb/expired` sweeps at once."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.dynamodb.dynamodb_starter import EXPIRED_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

LOG = logging.getLogger(__name__)

# Items whose TTL is further in the past than this are not expired (DynamoDB's developer guide).
MAX_AGE = 5 * 365 * 24 * 3600
# The API reference: "Any additional UpdateTimeToLive calls for the same table during this one hour
# duration result in a ValidationException"; measured on AWS, a second change is refused for about 31
# minutes (still at 1,811 s, accepted at 1,872 s).
COOLDOWN = 1860.0
_CHANGED_AT = "_localstack_ttl_changed_at"
_sweep_lock = threading.Lock()


def check_update(table: Any, body: dict, internal: bool, now: float | None = None) -> None:
    """UpdateTimeToLive against the table's TTL: the content rules first, then the cooldown."""
    # Here, not at import: the starter imports this module at start-up, the expression parser is heavy.
    from localstack.services.dynamodb.expressions.request import RequestInvalid

    spec = body.get("TimeToLiveSpecification") or {}
    enabled, name = spec.get("Enabled"), spec.get("AttributeName")
    current = getattr(table, "ttl", None) or {}
    active = current.get("TimeToLiveStatus") in ("ENABLED", "ENABLING")
    if active and current.get("AttributeName") != name:
        raise RequestInvalid(
            f"TimeToLive is active on a different AttributeName: current AttributeName is "
            f"{current.get('AttributeName')}"
        )
    if active and enabled is True:
        raise RequestInvalid("TimeToLive is already enabled")
    if not active and enabled is False:
        raise RequestInvalid("TimeToLive is already disabled")
    changed_at = table.__dict__.get(_CHANGED_AT)
    now = time.time() if now is None else now
    # The CloudFormation deployer's own calls are spared: its stack updates must not wait half an hour.
    if not internal and changed_at is not None and now - changed_at < COOLDOWN:
        raise RequestInvalid("Time to live has been modified multiple times within a fixed interval")


def record_change(table: Any, now: float | None = None) -> None:
    """Called once an UpdateTimeToLive succeeded: starts the cooldown."""
    table.__dict__[_CHANGED_AT] = time.time() if now is None else now


def expiry_time(item: Any, attribute: str) -> Decimal | None:
    """The epoch seconds an item expires at, or None if its TTL attribute is absent or no Number."""
    value = item.attrs.get(attribute)
    if value is None or value.type != "N":
        return None
    try:
        return Decimal(value.value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def is_expired(item: Any, attribute: str, now: float) -> bool:
    """Past its expiry time, and by no more than five years."""
    expires = expiry_time(item, attribute)
    return expires is not None and now - MAX_AGE <= expires < now


def expired_keys(table: Any, now: float) -> Iterator[tuple[dict, str, dict]]:
    """(key, TTL attribute, its value) of every expired item of a table whose TTL is enabled, as wire JSON."""
    ttl = getattr(table, "ttl", None) or {}
    attribute = ttl.get("AttributeName")
    if ttl.get("TimeToLiveStatus") != "ENABLED" or not attribute:
        return
    for item in list(_items(table)):
        if not is_expired(item, attribute, now):
            continue
        key = {table.hash_key_attr: item.hash_key.to_json()}
        if table.range_key_attr:
            key[table.range_key_attr] = item.range_key.to_json()
        yield key, attribute, item.attrs[attribute].to_json()


def _items(table: Any) -> Iterator[Any]:
    for partition in list(table.items.values()):
        if table.range_key_attr:
            yield from list(partition.values())
        else:
            yield partition


def sweep(now: float | None = None) -> int:
    """Delete every expired item in every account and region; the number deleted."""
    models = sys.modules.get("moto.dynamodb.models")
    if models is None:
        return 0  # DynamoDB was never called: nothing can have expired
    now = time.time() if now is None else now
    deleted = 0
    with _sweep_lock:
        for account, regions in list(models.dynamodb_backends.items()):
            for region, backend in list(regions.items()):
                for table in list(backend.tables.values()):
                    for key, attribute, value in list(expired_keys(table, now)):
                        deleted += _delete(account, region, table.name, key, attribute, value)
    return deleted


def _delete(account: str, region: str, table_name: str, key: dict, attribute: str, value: dict) -> int:
    """DeleteItem through the gateway (listeners, persistence log), only if the TTL is unchanged."""
    from botocore.exceptions import ClientError

    from localstack.services.dynamodbstreams import stream_records
    from localstack.utils.aws.internal_client import connect_to

    client = connect_to("dynamodb", account_id=account, region=region)
    try:
        with stream_records.deleted_by_service():
            client.delete_item(
                TableName=table_name,
                Key=key,
                ConditionExpression="#ttl = :ttl",
                ExpressionAttributeNames={"#ttl": attribute},
                ExpressionAttributeValues={":ttl": value},
            )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            LOG.warning("Could not delete an expired item of %s: %s", table_name, error)
        return 0
    return 1


def run(stopped: threading.Event, interval: float) -> None:
    """The worker's loop: a sweep every `interval` seconds until the emulator stops."""
    while not stopped.wait(interval):
        try:
            sweep()
        except Exception:  # noqa: BLE001 - one failed sweep must not end expiry for good
            LOG.exception("Could not delete expired DynamoDB items")


def handle_expired(request: Request) -> Response:
    """DELETE /_aws/dynamodb/expired: delete the expired items now."""
    if request.method != "DELETE":
        raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {EXPIRED_PATH}: DELETE", 405)
    return json_response({"ExpiredItems": sweep()})
