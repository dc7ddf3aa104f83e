"""A transacted Update whose finished item is over 400 KiB cancels the transaction (a `ValidationError`
reason with UpdateItem's words) rather than refusing the request: its size depends on the stored item,
so DynamoDB learns it only once the transaction runs, where a Put's is known up front (recorded in
eu-west-2, 2026-08-18, paritysuite/dynamodb-conformance itemSizeBySurface). moto raised it whole."""

from __future__ import annotations

import threading
from typing import Any

_running = threading.local()


class ValidationError(Exception):
    """Named as the cancellation reason's code: moto's transaction reports an action's failure under
    its exception's class name."""


def apply() -> None:
    from moto.dynamodb.exceptions import ItemSizeToUpdateTooLarge
    from moto.dynamodb.models import DynamoDBBackend

    transact = DynamoDBBackend.transact_write_items
    update = DynamoDBBackend.update_item

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        _running.active = True
        try:
            return transact(self, transact_items)
        finally:
            _running.active = False

    def update_item(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        try:
            return update(self, *args, **kwargs)
        except ItemSizeToUpdateTooLarge as error:
            if getattr(_running, "active", False):
                raise ValidationError(error.item_size_to_update_too_large_msg) from None
            raise

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]
