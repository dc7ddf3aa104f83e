"""UpdateMethod, UpdateIntegration, UpdateMethodResponse and UpdateIntegrationResponse (moto answered
501): `patchOperations` replace, add or remove a field named by a JSON-pointer path (`~1` is `/`), a
map entry (`/requestParameters/method.request.querystring.x`) or a whole scalar. Every operation is
checked before any is applied; the answer is the object as its Get shows it."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

# JSON name -> (moto attribute, kind): "str", "bool", "int", "list", "map" (entries by sub-path),
# "boolmap" (entries by sub-path whose values are booleans: a parameter is required or not)
METHOD_FIELDS = {
    "authorizationType": ("authorization_type", "str"),
    "authorizerId": ("authorizer_id", "str"),
    "apiKeyRequired": ("api_key_required", "bool"),
    "operationName": ("operation_name", "str"),
    "requestValidatorId": ("request_validator_id", "str"),
    "requestParameters": ("request_parameters", "boolmap"),
    "requestModels": ("request_models", "map"),
    "authorizationScopes": ("authorization_scopes", "list"),
}
INTEGRATION_FIELDS = {
    "uri": ("uri", "str"),
    "httpMethod": ("http_method", "str"),
    "type": ("integration_type", "str"),
    "timeoutInMillis": ("timeout_in_millis", "int"),
    "passthroughBehavior": ("passthrough_behaviour", "str"),
    "contentHandling": ("content_handling", "str"),
    "credentials": ("credentials", "str"),
    "connectionType": ("connection_type", "str"),
    "connectionId": ("connection_id", "str"),
    "cacheNamespace": ("cache_namespace", "str"),
    "requestTemplates": ("request_templates", "map"),
    "requestParameters": ("request_parameters", "map"),
    "cacheKeyParameters": ("cache_key_parameters", "list"),
}
METHOD_RESPONSE_FIELDS = {
    "responseParameters": ("response_parameters", "boolmap"),
    "responseModels": ("response_models", "map"),
}
INTEGRATION_RESPONSE_FIELDS = {
    "selectionPattern": ("selection_pattern", "str"),
    "contentHandling": ("content_handling", "str"),
    "responseTemplates": ("response_templates", "map"),
    "responseParameters": ("response_parameters", "map"),
}


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _bad_path(op: Any, path: Any) -> AWSError:
    return AWSError("BadRequestException", f"Invalid patch path '{path}' specified for op '{op}'")


def _scalar(kind: str, value: Any, op: Any, path: Any) -> Any:
    if kind == "bool":
        return str(value).lower() == "true"
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise _bad_path(op, path) from None
    return value


def _plan(fields: dict[str, tuple[str, str]], operation: Any) -> tuple[str, str, str | None, str, Any]:
    if not isinstance(operation, dict):
        raise _bad_path(None, None)
    op, path, value = operation.get("op"), operation.get("path"), operation.get("value")
    if op not in ("replace", "add", "remove") or not isinstance(path, str) or not path.startswith("/"):
        raise _bad_path(op, path)
    name, _, entry = path[1:].partition("/")
    field = fields.get(name)
    if field is None:
        raise _bad_path(op, path)
    attribute, kind = field
    if kind in ("map", "boolmap"):
        if not entry:
            raise _bad_path(op, path)
        if kind == "boolmap" and op != "remove":
            value = _scalar("bool", value, op, path)
        return attribute, kind, _unescape(entry), op, value
    if entry and kind != "list":
        raise _bad_path(op, path)
    if kind != "list":
        value = None if op == "remove" else _scalar(kind, value, op, path)
    return attribute, kind, _unescape(entry) if entry else None, op, value


def apply(target: Any, fields: dict[str, tuple[str, str]], operations: list[Any]) -> None:
    """Check every operation, then apply them in order to the moto object `target`."""
    plans = [_plan(fields, operation) for operation in operations]
    for attribute, kind, entry, op, value in plans:
        if kind in ("map", "boolmap"):
            current = dict(getattr(target, attribute, None) or {})
            if op == "remove":
                current.pop(entry, None)
            else:
                current[entry] = value if value is not None else ""
            setattr(target, attribute, current or None)
        elif kind == "list":
            current = list(getattr(target, attribute, None) or [])
            item = entry if entry is not None else value
            if op == "remove":
                current = [x for x in current if x != item] if item else []
            elif op == "add" and item is not None and item not in current:
                current.append(item)
            elif op == "replace":
                current = [x for x in str(value or "").split(",") if x]
            setattr(target, attribute, current or None)
        else:
            setattr(target, attribute, value)
