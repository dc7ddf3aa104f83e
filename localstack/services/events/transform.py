"""What a rule's target receives: the event itself, `Input`, `InputPath`, or `InputTransformer`
(JSONPath subset of EventBridge, `<placeholder>` substitution in the template).

    payload_for(target, event, rule_arn, rule_name) -> str
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

from localstack.utils.json_path import JSONPathError, find, parse

MISSING = object()
_PLACEHOLDER_RE = re.compile(r"<([A-Za-z0-9_.\-]+)>")
RESERVED_PREFIX = "aws.events."
MAX_INPUT_PATHS = 100
# Variables EventBridge defines itself (user guide, "Predefined variables").
PREDEFINED_PLACEHOLDERS = frozenset(
    {
        "aws.events.rule-arn",
        "aws.events.rule-name",
        "aws.events.event.ingestion-time",
        "aws.events.event",
        "aws.events.event.json",
    }
)


def _dumps(value: Any) -> str:
    """JSON as EventBridge writes it: compact, no spaces after separators."""
    return json.dumps(value, separators=(",", ":"))


class TransformError(ValueError):
    """A target's input settings AWS would reject at PutTargets (ValidationException)."""


def validate_path(path: str) -> None:
    _segments(path)


def _segments(path: str) -> tuple:
    """TransformError unless `path` is in EventBridge's subset (no recursive descent)."""
    try:
        return parse(path, recursive=False)
    except JSONPathError as error:
        raise TransformError(str(error)) from None


def select(path: str, document: Any) -> Any:
    """The value at `path` in `document`, a list for wildcards, or MISSING."""
    values, multiple = find(document, _segments(path))
    if multiple:
        return values
    return values[0] if values else MISSING


def validate_target(target: Mapping[str, Any]) -> None:
    """Raise TransformError for input settings AWS refuses at PutTargets."""
    given = [key for key in ("Input", "InputPath", "InputTransformer") if target.get(key) is not None]
    if len(given) > 1:
        raise TransformError(
            "Only one of Input, InputPath, or InputTransformer must be provided "
            f"for target {target.get('Id')}."
        )
    if target.get("Input") is not None:
        try:
            json.loads(target["Input"])
        except (TypeError, ValueError):
            raise TransformError(f"Input for target {target.get('Id')} must be valid JSON text.") from None
    if target.get("InputPath") is not None:
        validate_path(target["InputPath"])
    transformer = target.get("InputTransformer")
    if transformer is not None:
        if not transformer.get("InputTemplate"):
            raise TransformError("InputTemplate must be specified in InputTransformer.")
        paths = transformer.get("InputPathsMap") or {}
        if len(paths) > MAX_INPUT_PATHS:
            raise TransformError(f"InputPathsMap may hold at most {MAX_INPUT_PATHS} entries.")
        for name, path in paths.items():
            if name.startswith(RESERVED_PREFIX):
                raise TransformError(f"InputPathsMap key {name} is reserved: names starting with aws.events.")
            validate_path(path)
        for name in _PLACEHOLDER_RE.findall(transformer["InputTemplate"]):
            if name not in paths and name not in PREDEFINED_PLACEHOLDERS:
                raise TransformError(
                    f"InputTemplate for target {target.get('Id')} contains invalid placeholder {name}."
                )
    partition_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
    if partition_path:
        validate_path(partition_path)


def payload_for(target: Mapping[str, Any], event: Mapping[str, Any], rule_arn: str, rule_name: str) -> str:
    """The text delivered to `target` for `event`."""
    if target.get("Input") is not None:
        return target["Input"]
    if target.get("InputPath") is not None:
        value = select(target["InputPath"], event)
        return "null" if value is MISSING else _dumps(value)
    transformer = target.get("InputTransformer")
    if transformer:
        return render_template(transformer, event, rule_arn, rule_name)
    return _dumps(event)


def render_template(
    transformer: Mapping[str, Any], event: Mapping[str, Any], rule_arn: str, rule_name: str
) -> str:
    """Substitute `<name>` placeholders. A template that is JSON (starts with `{`, `[` or `"`) gets JSON
    values outside string literals (strings quoted, missing as null) and escaped text inside them; a
    plain text template gets the raw text of each value."""
    template: str = transformer["InputTemplate"]
    values = {name: select(path, event) for name, path in (transformer.get("InputPathsMap") or {}).items()}
    values.update(_predefined(event, rule_arn, rule_name))
    json_mode = template.lstrip()[:1] in ("{", "[", '"')
    out: list[str] = []
    in_string = False
    position = 0
    while position < len(template):
        char = template[position]
        if char == "\\" and in_string:
            out.append(template[position : position + 2])
            position += 2
            continue
        if char == '"':
            in_string = not in_string
        elif char == "<":
            match = _PLACEHOLDER_RE.match(template, position)
            if match and match.group(1) in values:
                out.append(_substitute(values[match.group(1)], in_string, json_mode))
                position = match.end()
                continue
        out.append(char)
        position += 1
    return "".join(out)


# <aws.events.event> as AWS writes it (recorded): the envelope without its detail, in this key order,
# with detail-type spelled detailType.
_ENVELOPE_ORDER = ("id", "account", "detail-type", "time", "source", "region", "resources", "version")


def _envelope(event: Mapping[str, Any]) -> dict[str, Any]:
    keys = [key for key in _ENVELOPE_ORDER if key in event]
    keys += [key for key in event if key not in _ENVELOPE_ORDER and key != "detail"]
    return {("detailType" if key == "detail-type" else key): event[key] for key in keys}


def _predefined(event: Mapping[str, Any], rule_arn: str, rule_name: str) -> dict[str, Any]:
    without_detail = _envelope(event)
    return {
        "aws.events.rule-arn": rule_arn,
        "aws.events.rule-name": rule_name,
        "aws.events.event.ingestion-time": event.get("time", ""),
        "aws.events.event": without_detail,
        "aws.events.event.json": dict(event),
    }


def _substitute(value: Any, in_string: bool, json_mode: bool) -> str:
    if in_string:
        text = "" if value is MISSING or value is None else value if isinstance(value, str) else _dumps(value)
        return json.dumps(text)[1:-1] if json_mode else text
    if json_mode:
        return "null" if value is MISSING else _dumps(value)
    if value is MISSING or value is None:
        return ""
    return value if isinstance(value, str) else _dumps(value)
