"""PutItem and GetItem answered against moto's dynamodb backend after our listener's validation, without
moto's request parsing, dispatch and serializer: the same checks and backend calls moto's handler makes,
the same bytes. Requests with anything this module does not reproduce exactly (conditions, projections,
return values, consumed capacity, binary values moto's parser would decode) and every error go the
general way; a refused request changed nothing, so the general path answers it as before.

DIRECT_OPS=0 in the environment sends every request the general way (the parity tests compare both).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services import plugins
from localstack.utils.aws import request_context

_PATCHES = "localstack.services.dynamodb.patches"
ENABLED = get_config().direct_ops
OPERATIONS = frozenset(("PutItem", "GetItem"))
_CONTENT_TYPE = "application/x-amz-json-1.0"
_PUT_KEYS = frozenset(
    ("TableName", "Item", "ReturnConsumedCapacity", "ReturnValues", "ReturnItemCollectionMetrics")
)
_GET_KEYS = frozenset(("TableName", "Key", "ConsistentRead", "ReturnConsumedCapacity"))
# AttributeValue members moto's parser keeps as the JSON has them (B and BS it base64-decodes).
_SCALARS = frozenset(("S", "N", "BOOL", "NULL"))
_SETS = frozenset(("SS", "NS"))


def answer(operation: str, body: dict[str, Any], headers: Any) -> Response | None:
    """The answer to a validated PutItem or GetItem, or None to let it go the general way."""
    if not plugins.patches_applied(_PATCHES):
        return None  # moto's dynamodb backend not built yet: the general path builds it, patched
    scope = request_context.credential_scope(headers)
    if scope is None:
        return None
    name = body.get("TableName")
    if not isinstance(name, str):
        return None
    from moto.dynamodb.models import dynamodb_backends

    try:
        backend = dynamodb_backends[request_context.account_for_access_key(scope[0])][scope[1]]
    except KeyError:
        return None
    table = backend.tables.get(name)
    if table is None:
        return None  # moto's ResourceNotFoundException (or a table named by ARN)
    if operation == "PutItem":
        return _put(backend, table, name, body)
    return _get(backend, table, name, body)


def _plain_values(values: Any) -> bool:
    """Whether every AttributeValue in the map reaches moto's handler unchanged by its parser."""
    if not isinstance(values, dict):
        return False
    for value in values.values():
        if not isinstance(value, dict) or len(value) != 1:
            return False
        kind, content = next(iter(value.items()))
        if kind in _SCALARS or kind in _SETS:
            continue
        if kind == "M":
            if not _plain_values(content):
                return False
        elif kind == "L":
            if not isinstance(content, list) or not _plain_values(dict(enumerate(content))):
                return False
        else:
            return False
    return True


def _put(backend: Any, table: Any, name: str, body: dict[str, Any]) -> Response | None:
    from moto.dynamodb import responses

    if not body.keys() <= _PUT_KEYS:
        return None
    for option in ("ReturnConsumedCapacity", "ReturnValues", "ReturnItemCollectionMetrics"):
        if body.get(option, "NONE") != "NONE":
            return None
    item = body.get("Item")
    if not _plain_values(item):
        return None
    try:
        responses.validate_put_has_empty_keys(item, table)
        responses.validate_put_has_empty_attrs(item, table)
        responses.validate_put_has_gsi_keys_set_to_none(item, table)
        backend.put_item(name, item, None, None, {}, {}, True, None)
    except Exception:  # noqa: BLE001 - refused before anything was stored; moto's path answers it
        return None
    return _respond("{}")


def _get(backend: Any, table: Any, name: str, body: dict[str, Any]) -> Response | None:
    from localstack.services.dynamodb import result_json

    if not body.keys() <= _GET_KEYS or body.get("ReturnConsumedCapacity", "NONE") != "NONE":
        return None
    key = body.get("Key")
    if not _plain_values(key) or not key:
        return None
    # moto's refusals of empty key values and of attributes outside the key: its path words them.
    if not all(next(iter(value.values())) for value in key.values()):
        return None
    if not all(attribute in table.attribute_keys for attribute in key):
        return None
    try:
        item = backend.get_item(name, key, [])
    except Exception:  # noqa: BLE001 - a read changes nothing; moto's path answers it
        return None
    result = {"Item": item.describe_attrs(attributes=None).get("Item")} if item else {}
    return _respond(
        json.dumps(result_json.plain(result), default=result_json.json_default, separators=(",", ":"))
    )


def _respond(payload: str) -> Response:
    from moto.utilities.aws_headers import gen_amzn_requestid_long

    data = payload.encode("utf-8")
    headers = [
        ("Content-Type", _CONTENT_TYPE),
        ("server", "amazon.com"),
        ("x-amzn-requestid", gen_amzn_requestid_long()),
        ("x-amz-crc32", str(zlib.crc32(data) & 0xFFFFFFFF)),
    ]
    return Response(data, status=200, headers=headers)
