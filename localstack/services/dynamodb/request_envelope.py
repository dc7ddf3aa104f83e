"""The envelope PutItem, UpdateItem and DeleteItem answer a request refusal in: every sentence the item
rules find before the table is read comes as `1 validation error detected: <sentence>`, and the
ExpressionAttributeValues-without-an-expression sentence loses its `: ConditionExpression is null`
suffix (paritysuite/dynamodb-conformance error-messages putItem, deleteItem and updateItem, eu-west-2 and
us-east-1, 2026-10-09; the September 2026 cross-region capture for the other sentences). Refusals
checked against the table's schema stay bare."""

from __future__ import annotations

import re

ENVELOPE = "1 validation error detected: "
_ENVELOPED = frozenset(("PutItem", "UpdateItem", "DeleteItem"))
_COUNTED = re.compile(r"^\d+ validation errors? detected: ")
_NO_CONDITION = ": ConditionExpression is null"


def envelop(operation: str, message: str) -> str:
    """`message`, a refusal of the request rules, as `operation` answers it."""
    if operation not in _ENVELOPED or _COUNTED.match(message):
        return message
    return ENVELOPE + message.removesuffix(_NO_CONDITION)
