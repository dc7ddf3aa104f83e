"""Null members of a request body read as AWS's deserializers read them: absent."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.request_checks.shapes import ListNode, MapNode, Node, ScalarNode, StructureNode


def without_null_members(node: Node, value: Any) -> tuple[Any, bool]:
    """The value with its structures' null members left out, as AWS's deserializers read a null member
    (absent), and whether any was. Documents and null list items or map values are kept as sent."""
    if isinstance(node, StructureNode) and type(value) is dict:
        changed = False
        kept = {}
        by_wire = node.by_wire
        for wire_name, item in value.items():
            if item is None:
                changed = True
                continue
            entry = by_wire.get(wire_name)
            if entry is not None and entry[2] is None:
                item, inner = without_null_members(entry[1], item)
                changed = changed or inner
            kept[wire_name] = item
        return (kept, True) if changed else (value, False)
    if isinstance(node, ListNode) and type(value) is list and not isinstance(node.member, ScalarNode):
        items = [without_null_members(node.member, item) for item in value]
        if any(inner for _, inner in items):
            return [item for item, _ in items], True
    elif isinstance(node, MapNode) and type(value) is dict and not isinstance(node.value, ScalarNode):
        entries = {key: without_null_members(node.value, item) for key, item in value.items()}
        if any(inner for _, inner in entries.values()):
            return {key: item for key, (item, _) in entries.items()}, True
    return value, False
