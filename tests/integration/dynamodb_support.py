"""Tables of the DynamoDB tests: pay-per-request, keyed by a string `pk`, deleted when the test ends."""

from __future__ import annotations

from typing import Any

KEYS_ONLY_STREAM = {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}


def pay_per_request_table(
    ddb: Any,
    name: str,
    cleanup: list,
    sort_key: tuple[str, str] | None = None,
    attributes: dict[str, str] | None = None,
    **members: Any,
) -> str:
    """Create the table `name` keyed by `pk` (S) and `sort_key` (name, type) if given; `attributes` defines
    more key attributes (of indexes, passed in `members` with any other CreateTable member). Returns
    `name`; the `cleanup` fixture deletes the table."""
    schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    types = {"pk": "S"}
    if sort_key:
        schema.append({"AttributeName": sort_key[0], "KeyType": "RANGE"})
        types[sort_key[0]] = sort_key[1]
    types.update(attributes or {})
    ddb.create_table(
        TableName=name,
        KeySchema=schema,
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": kind} for key, kind in types.items()],
        BillingMode="PAY_PER_REQUEST",
        **members,
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name
