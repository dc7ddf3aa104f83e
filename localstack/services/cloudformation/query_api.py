"""CloudFormation's query protocol: form parameters into typed input, results into XML, both walked
from botocore's model of the operation."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.utils import fast_ids
from localstack.utils.aws.request_checks import service_model

XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"


def model() -> Any:
    return service_model("cloudformation")


def form_params(query: str, data: bytes) -> dict[str, str]:
    params = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    if data:
        params.update(parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def parse_input(operation: str, params: dict[str, str]) -> dict[str, Any]:
    """The operation's input as botocore would have built it from these form fields."""
    shape = model().operation_model(operation).input_shape
    if shape is None:
        return {}
    return _parse_structure(shape, params, "")


def _parse_structure(shape: Any, params: dict[str, str], prefix: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, member in shape.members.items():
        key = f"{prefix}{member.serialization.get('name', name)}"
        value = _parse_value(member, params, key)
        if value is not None:
            result[name] = value
    return result


def _parse_value(shape: Any, params: dict[str, str], key: str) -> Any:
    kind = shape.type_name
    if kind == "structure":
        if not any(k.startswith(key + ".") for k in params):
            return None
        return _parse_structure(shape, params, key + ".")
    if kind == "list":
        if key in params and params[key] == "":
            return []  # "Name=" sends an empty list
        items = []
        index = 1
        while True:
            item = _parse_value(shape.member, params, f"{key}.member.{index}")
            if item is None:
                break
            items.append(item)
            index += 1
        return items if items else None
    if kind == "map":
        items_map = {}
        index = 1
        while f"{key}.entry.{index}.key" in params:
            items_map[params[f"{key}.entry.{index}.key"]] = _parse_value(
                shape.value, params, f"{key}.entry.{index}.value"
            )
            index += 1
        return items_map or None
    if key not in params:
        return None
    raw = params[key]
    if kind == "boolean":
        return raw.lower() == "true"
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            return None
    return raw


def xml_response(operation: str, result: dict[str, Any] | None) -> Response:
    op = model().operation_model(operation)
    inner = ""
    if op.output_shape is not None:
        inner = (
            f"<{operation}Result>{_serialize_structure(op.output_shape, result or {})}</{operation}Result>"
        )
    body = (
        f'<{operation}Response xmlns="{XMLNS}">{inner}'
        f"<ResponseMetadata><RequestId>{fast_ids.request_id()}</RequestId></ResponseMetadata></{operation}Response>"
    )
    return Response(body, status=200, mimetype="text/xml")


def _serialize_structure(shape: Any, value: dict[str, Any]) -> str:
    out = []
    for name, member in shape.members.items():
        if name not in value or value[name] is None:
            continue
        tag = member.serialization.get("name", name)
        out.append(f"<{tag}>{_serialize_value(member, value[name])}</{tag}>")
    return "".join(out)


def _serialize_value(shape: Any, value: Any) -> str:
    kind = shape.type_name
    if kind == "structure":
        return _serialize_structure(shape, value)
    if kind == "list":
        return "".join(f"<member>{_serialize_value(shape.member, item)}</member>" for item in value)
    if kind == "map":
        return "".join(
            f"<entry><key>{escape(str(k))}</key><value>{_serialize_value(shape.value, v)}</value></entry>"
            for k, v in value.items()
        )
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        return escape(str(value))
    return escape(str(value))
