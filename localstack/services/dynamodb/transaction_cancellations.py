"""Transactions refused per action rather than whole: a table key of the wrong type (a number for a
string key, a list for any key) cancels TransactWriteItems with a `ValidationError` reason at its
position and `None` at every other, as does a TransactGetItems key missing its attributes (recorded
in four regions, 2026-06-23 and 2026-10, paritysuite/dynamodb-conformance transactWriteItems and
transactGetItems). A Put words it as PutItem does, a key lookup as GetItem does (the Get reason's
words are not recorded: GetItem's are assumed). Empty key values stay refused whole."""

from __future__ import annotations

import json
import zlib
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.dynamodb.attribute_values import value_type
from localstack.services.dynamodb.table_checks import key_names

_SUMMARY = "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]"
_LOOKUP_MISMATCH = "The provided key element does not match the schema"


class Cancelled(Exception):
    """A transaction cancelled before any action ran; `reasons` in action order."""

    def __init__(self, reasons: list[dict]) -> None:
        super().__init__(_SUMMARY.format(", ".join(reason["Code"] for reason in reasons)))
        self.reasons = reasons


def key_type_reason(table: Any, kind: str, action: dict) -> str | None:
    """The ValidationError message for an action whose table key is of the wrong type, or a lookup
    (Get, Update, Delete, ConditionCheck) whose key misses or adds an attribute, else None (a Put
    missing its key stays a whole-request refusal)."""
    types = {definition["AttributeName"]: definition["AttributeType"] for definition in table.attr}
    names = key_names(table)
    given = action.get("Item") if kind == "Put" else action.get("Key")
    if not isinstance(given, dict):
        return None
    if kind != "Put" and set(given) != set(names):
        return _LOOKUP_MISMATCH
    for name in names:
        if name not in given:
            return None
        actual = value_type(given[name])
        if actual is not None and actual != types.get(name):
            if kind == "Put":
                return (
                    "One or more parameter values were invalid: "
                    f"Type mismatch for key {name} expected: {types.get(name)} actual: {actual}"
                )
            return _LOOKUP_MISMATCH
    return None


def response(error: Cancelled) -> Response:
    """The TransactionCanceledException answer, in DynamoDB's JSON shape."""
    from moto.utilities.aws_headers import gen_amzn_requestid_long

    document = {
        "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "Message": str(error),
        "CancellationReasons": error.reasons,
    }
    payload = json.dumps(document).encode("utf-8")
    answer = Response(payload, status=400, mimetype="application/x-amz-json-1.0")
    answer.headers["server"] = "amazon.com"
    answer.headers["x-amzn-ErrorType"] = "TransactionCanceledException"
    answer.headers["x-amzn-requestid"] = gen_amzn_requestid_long()
    answer.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
    return answer
