"""DynamoDB's answer made from moto's: ConsumedCapacity and ItemCollectionMetrics as AWS reports them,
table descriptions, projections moto cannot apply, ReturnValues of updates, and items an update must not
have created."""

from __future__ import annotations

import json
import logging
import zlib
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.dynamodb import (
    capacity,
    capacity_report,
    item_collections,
    partiql_checks,
    removal_updates,
    return_values,
    table_descriptions,
    table_replicas,
    ttl,
)

LOG = logging.getLogger(__name__)


def complete(operation: str, body: dict, state: dict[str, Any], response: Response) -> Response | None:
    """The answer as AWS gives it (None: moto's is right as it is)."""
    for table, keys in state.get("replicate", ()):
        table_replicas.replicate(table, keys)
    if not state:
        return None
    if "ttl_changed" in state:
        if state["ttl_changed"] is not None:
            ttl.record_change(state["ttl_changed"])
        return None
    if (
        set(state) == {"writes"}
        and not state["writes"][1]
        and b'"ConsumedCapacity"' not in response.get_data()
        and b'"ItemCollectionMetrics"' not in response.get_data()
    ):
        return None  # nothing to strip or add: leave the answer unparsed
    try:
        answer = json.loads(response.get_data())
        changed = False
        if "capacity" in state:
            previous, lookup = state["capacity"]
            consumed = capacity_report.consumed(operation, body, answer, previous, lookup)
            if consumed is not None:
                answer["ConsumedCapacity"] = consumed
                changed = True
        if "description" in state:
            table = state["description"]
            if callable(table):
                table = table(body.get("TableName"))
            deleting = state.get("deleting")
            changed = table_descriptions.reshape(operation, body, answer, table, deleting) or changed
            if table is not None and operation == "DeleteTable":
                table_replicas.forget(table)
            elif table is not None and (table_replicas.active() or state.get("replicas")):
                description = answer.get(table_descriptions.DESCRIPTION_MEMBER[operation])
                if isinstance(description, dict):
                    table_replicas.describe(description, table, state.get("replicas"))
                    changed = True
        if "writes" in state:
            wants_capacity, wants_metrics, lookup = state["writes"]
            if not wants_capacity and "ConsumedCapacity" in answer:
                del answer["ConsumedCapacity"]  # moto adds it unasked
                changed = True
            if wants_metrics:
                collections = item_collections.metrics(operation, body, lookup)
                if collections is not None:
                    answer["ItemCollectionMetrics"] = collections
                    changed = True
            elif "ItemCollectionMetrics" in answer:
                del answer["ItemCollectionMetrics"]  # moto adds it unasked to transactions
                changed = True
        if "statement_paths" in state and isinstance(answer.get("Items"), list):
            paths = state["statement_paths"]
            answer["Items"] = [partiql_checks.project(item, paths) for item in answer["Items"]]
            changed = True
        if "index_projection" in state and isinstance(answer.get("Items"), list):
            kept = state["index_projection"]
            answer["Items"] = [{k: v for k, v in item.items() if k in kept} for item in answer["Items"]]
            changed = True
        for table_name, paths in state.get("batch_projection", {}).items():
            items = (answer.get("Responses") or {}).get(table_name)
            if isinstance(items, list):
                answer["Responses"][table_name] = [return_values.project(item, paths) for item in items]
                changed = True
        for entry, paths in zip(
            answer.get("Responses") or [], state.get("transact_projection", []), strict=False
        ):
            if paths and isinstance(entry, dict) and "Item" in entry:
                entry["Item"] = return_values.project(entry["Item"], paths)
                changed = True
        if "projection" in state and "Item" in answer:
            answer["Item"] = return_values.project(answer["Item"], state["projection"])
            changed = True
        if "uncreated_in_transaction" in state and response.status_code == 200:
            for found, key in state["uncreated_in_transaction"]:
                removal_updates.undo_creation(found, key)
        if "uncreated" in state and response.status_code == 200:
            removal_updates.undo_creation(state["uncreated"], body.get("Key"))
            changed = answer.pop("Attributes", None) is not None or changed
        if "return_values" in state:
            found, old, paths = state["return_values"]
            new = capacity.stored_item(found, body.get("Key"))
            attributes = return_values.answer(body["ReturnValues"], old, new, paths)
            if attributes is None:
                answer.pop("Attributes", None)
            else:
                answer["Attributes"] = attributes
            changed = True
    except Exception:  # noqa: BLE001 - a wrong detail must not cost the caller its answer
        LOG.exception("Could not complete the answer to %s", operation)
        return None
    if not changed:
        return None
    payload = json.dumps(answer, separators=(",", ":")).encode()
    response.set_data(payload)
    # DynamoDB clients check the CRC32 of every answer.
    response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
    return response
