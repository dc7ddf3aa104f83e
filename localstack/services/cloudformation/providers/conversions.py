"""Property conversions providers share: CloudFormation's template values (tags in either form, "true"
strings, objects) into the shapes and types the services' APIs take."""

from __future__ import annotations

import json
from typing import Any, Callable

from localstack.services.cloudformation.providers.base import ProviderContext


def tags_list(ctx: ProviderContext, props: dict[str, Any], key: str = "Tags") -> list[dict[str, str]]:
    """The resource's own tags after the stack's tags (its own win), as Key/Value pairs."""
    merged = {tag["Key"]: tag["Value"] for tag in ctx.tags}
    value = props.get(key)
    if isinstance(value, list):
        merged.update({str(tag.get("Key")): str(tag.get("Value")) for tag in value if isinstance(tag, dict)})
    elif isinstance(value, dict):
        merged.update({str(k): str(v) for k, v in value.items()})
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def tags_dict(ctx: ProviderContext, props: dict[str, Any], key: str = "Tags") -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in tags_list(ctx, props, key)}


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def attribute_text(value: Any) -> str:
    """A property as a string attribute (SNS, SQS): booleans as true/false, objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json_text(value) if isinstance(value, (dict, list)) else str(value)


def pick(
    props: dict[str, Any], keys: tuple[str, ...], convert: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """The properties among `keys` that are set (not None), each through `convert` when given."""
    return {key: convert(props[key]) if convert else props[key] for key in keys if props.get(key) is not None}


def lower_first(
    props: dict[str, Any], keys: tuple[str, ...], convert: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """`pick`, each key with its first letter lowered (PascalCase properties for a camelCase API)."""
    return {key[0].lower() + key[1:]: value for key, value in pick(props, keys, convert).items()}


def list_changes(props: dict[str, Any], old: dict[str, Any], key: str) -> tuple[set[Any], set[Any]]:
    """What an update adds to a list property, and what it removes from it."""
    new, before = set(props.get(key) or []), set(old.get(key) or [])
    return new - before, before - new
