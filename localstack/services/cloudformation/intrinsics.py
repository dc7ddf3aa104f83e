"""Intrinsic functions and pseudo parameters: a template value with Ref, Fn::* and Condition
references into a plain value, given what the stack knows (parameters, resources, exports)."""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from typing import Any, Protocol

from localstack.utils.aws.errors import AWSError


class _NoValue:
    """Ref AWS::NoValue: the property or list item it stands for is removed."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class IntrinsicError(AWSError):
    def __init__(self, message: str) -> None:
        super().__init__("ValidationError", message)


class StackView(Protocol):
    """What the resolver reads of a stack."""

    account_id: str
    region: str
    stack_name: str
    stack_id: str
    notification_arns: list[str]

    def parameter(self, name: str) -> Any | None: ...

    def ref_resource(self, name: str) -> Any: ...

    def get_att(self, name: str, attribute: str) -> Any: ...

    def import_value(self, name: str) -> Any: ...

    def condition(self, name: str) -> bool: ...

    def mapping(self, name: str) -> dict[str, Any] | None: ...

    def is_resource(self, name: str) -> bool: ...


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def url_suffix_of(region: str) -> str:
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def pseudo_parameter(view: StackView, name: str) -> Any:
    values = {
        "AWS::AccountId": lambda: view.account_id,
        "AWS::Region": lambda: view.region,
        "AWS::StackName": lambda: view.stack_name,
        "AWS::StackId": lambda: view.stack_id,
        "AWS::Partition": lambda: partition_of(view.region),
        "AWS::URLSuffix": lambda: url_suffix_of(view.region),
        "AWS::NoValue": lambda: NO_VALUE,
        "AWS::NotificationARNs": lambda: list(view.notification_arns),
    }
    if name not in values:
        raise IntrinsicError(f"Template format error: Unrecognized parameter type: {name}")
    return values[name]()


def resolve(view: StackView, value: Any) -> Any:
    """The plain value of a template fragment; NO_VALUE entries are dropped from dicts and lists."""
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref":
                return _ref(view, argument)
            if key.startswith("Fn::") and key in _FUNCTIONS:
                return _FUNCTIONS[key](view, argument)
            if key == "Condition" and isinstance(argument, str):
                return view.condition(argument)
        out = {}
        for key, item in value.items():
            resolved = resolve(view, item)
            if resolved is not NO_VALUE:
                out[key] = resolved
        return out
    if isinstance(value, list):
        return [item for item in (resolve(view, item) for item in value) if item is not NO_VALUE]
    return value


def _ref(view: StackView, name: Any) -> Any:
    name = resolve(view, name)
    if not isinstance(name, str):
        raise IntrinsicError("Template error: every Ref object must have a single String value.")
    if name.startswith("AWS::"):
        return pseudo_parameter(view, name)
    parameter = view.parameter(name)
    if parameter is not None:
        return parameter
    if view.is_resource(name):
        return view.ref_resource(name)
    raise IntrinsicError(
        f"Template format error: Unresolved resource dependencies [{name}] in the Resources block of "
        "the template"
    )


def _get_att(view: StackView, argument: Any) -> Any:
    if isinstance(argument, str):
        argument = argument.split(".", 1)
    if not isinstance(argument, list) or len(argument) != 2:
        raise IntrinsicError("Template error: every Fn::GetAtt object requires two non-empty parameters")
    name, attribute = argument[0], resolve(view, argument[1])
    if not view.is_resource(name):
        raise IntrinsicError(f"Template error: instance of Fn::GetAtt references undefined resource {name}")
    return view.get_att(name, str(attribute))


def _sub(view: StackView, argument: Any) -> str:
    if isinstance(argument, list):
        if len(argument) != 2 or not isinstance(argument[1], dict):
            raise IntrinsicError(
                "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments"
            )
        text, variables = argument[0], {k: resolve(view, v) for k, v in argument[1].items()}
    else:
        text, variables = argument, {}
    text = resolve(view, text)
    if not isinstance(text, str):
        raise IntrinsicError(
            "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments"
        )

    def replace(match: re.Match) -> str:
        expression = match.group(1)
        if expression.startswith("!"):
            return "${" + expression[1:] + "}"
        expression = expression.strip()
        if expression in variables:
            value = variables[expression]
        elif "." in expression and not expression.startswith("AWS::"):
            resource, attribute = expression.split(".", 1)
            if view.parameter(expression) is not None:
                value = view.parameter(expression)
            else:
                value = _get_att(view, [resource, attribute])
        else:
            value = _ref(view, expression)
        if isinstance(value, list):
            return ",".join(str(item) for item in value)
        return _text(value)

    return _SUB_VARIABLE.sub(replace, text)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _join(view: StackView, argument: Any) -> str:
    argument = resolve(view, argument)
    if not isinstance(argument, list) or len(argument) != 2 or not isinstance(argument[1], list):
        raise IntrinsicError(
            "Template error: every Fn::Join object requires two parameters, (1) a string delimiter "
            "and (2) a list of strings to be joined or a function that returns a list of strings "
            "(such as Fn::GetAZs) to be joined."
        )
    return str(argument[0]).join(_text(item) for item in argument[1])


def _select(view: StackView, argument: Any) -> Any:
    argument = resolve(view, argument)
    if not isinstance(argument, list) or len(argument) != 2:
        raise IntrinsicError(
            "Template error: Fn::Select requires a list argument with two elements: an integer index "
            "and a list"
        )
    index, items = argument
    if isinstance(items, str):
        items = items.split(",")
    try:
        return items[int(index)]
    except (ValueError, IndexError, TypeError):
        raise IntrinsicError(
            f"Template error: Fn::Select cannot select nonexistent value at index {index}"
        ) from None


def _split(view: StackView, argument: Any) -> list[str]:
    argument = resolve(view, argument)
    if not isinstance(argument, list) or len(argument) != 2:
        raise IntrinsicError(
            "Template error: every Fn::Split object requires two parameters, (1) a string delimiter "
            "and (2) a string to be split or a function that returns a string to be split."
        )
    return str(argument[1]).split(str(argument[0]))


def _if(view: StackView, argument: Any) -> Any:
    if not isinstance(argument, list) or len(argument) != 3:
        raise IntrinsicError("Template error: Fn::If requires a list argument with three elements")
    return resolve(view, argument[1] if view.condition(str(argument[0])) else argument[2])


def _equals(view: StackView, argument: Any) -> bool:
    argument = resolve(view, argument)
    if not isinstance(argument, list) or len(argument) != 2:
        raise IntrinsicError("Template error: Fn::Equals requires a list argument with two elements")
    return _text(argument[0]) == _text(argument[1])


def _condition_value(view: StackView, item: Any) -> bool:
    value = resolve(view, item)
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def _and(view: StackView, argument: Any) -> bool:
    return all(_condition_value(view, item) for item in argument)


def _or(view: StackView, argument: Any) -> bool:
    return any(_condition_value(view, item) for item in argument)


def _not(view: StackView, argument: Any) -> bool:
    item = argument[0] if isinstance(argument, list) else argument
    return not _condition_value(view, item)


def _find_in_map(view: StackView, argument: Any) -> Any:
    default = None
    if isinstance(argument, list) and len(argument) == 4 and isinstance(argument[3], dict):
        default = argument[3].get("DefaultValue")
        argument = argument[:3]
    argument = resolve(view, argument)
    if not isinstance(argument, list) or len(argument) != 3:
        raise IntrinsicError(
            "Template error: every Fn::FindInMap object requires three parameters, the map name, map "
            "key and the attribute for return value"
        )
    name, top, second = (str(item) for item in argument)
    mapping = view.mapping(name)
    if mapping is None:
        raise IntrinsicError(f"Template error: Unable to get mapping for {name}::{top}::{second}")
    try:
        return mapping[top][second]
    except (KeyError, TypeError):
        if default is not None:
            return resolve(view, default)
        raise IntrinsicError(f"Template error: Unable to get mapping for {name}::{top}::{second}") from None


def _get_azs(view: StackView, argument: Any) -> list[str]:
    region = resolve(view, argument) or view.region
    return [f"{region}{suffix}" for suffix in "abc"]


def _import_value(view: StackView, argument: Any) -> Any:
    return view.import_value(str(resolve(view, argument)))


def _base64(view: StackView, argument: Any) -> str:
    return base64.b64encode(_text(resolve(view, argument)).encode("utf-8")).decode("ascii")


def _cidr(view: StackView, argument: Any) -> list[str]:
    argument = resolve(view, argument)
    try:
        block, count, bits = argument
        network = ipaddress.ip_network(str(block), strict=False)
        prefix = network.max_prefixlen - int(bits)
        subnets = network.subnets(new_prefix=prefix)
        return [str(next(subnets)) for _ in range(int(count))]
    except (ValueError, TypeError, StopIteration):
        raise IntrinsicError(
            "Template error: Fn::Cidr requires an IP block, a count and a number of subnet bits"
        ) from None


def _to_json_string(view: StackView, argument: Any) -> str:
    return json.dumps(resolve(view, argument), separators=(",", ":"))


def _length(view: StackView, argument: Any) -> int:
    value = resolve(view, argument)
    if not isinstance(value, list):
        raise IntrinsicError("Template error: Fn::Length requires a list")
    return len(value)


_FUNCTIONS = {
    "Fn::GetAtt": _get_att,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::If": _if,
    "Fn::Equals": _equals,
    "Fn::And": _and,
    "Fn::Or": _or,
    "Fn::Not": _not,
    "Fn::FindInMap": _find_in_map,
    "Fn::GetAZs": _get_azs,
    "Fn::ImportValue": _import_value,
    "Fn::Base64": _base64,
    "Fn::Cidr": _cidr,
    "Fn::ToJsonString": _to_json_string,
    "Fn::Length": _length,
}


def references(value: Any) -> set[str]:
    """Names that Ref, GetAtt and Sub in a fragment point at (parameters and resources alike)."""
    found: set[str] = set()
    _collect(value, found)
    return found


def _collect(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref" and isinstance(argument, str):
                found.add(argument)
                return
            if key == "Fn::GetAtt":
                if isinstance(argument, str):
                    found.add(argument.split(".", 1)[0])
                elif isinstance(argument, list) and argument and isinstance(argument[0], str):
                    found.add(argument[0])
                    _collect(argument[1:], found)
                return
            if key == "Fn::Sub":
                text = argument[0] if isinstance(argument, list) and argument else argument
                local = (
                    set(argument[1])
                    if isinstance(argument, list) and len(argument) > 1 and isinstance(argument[1], dict)
                    else set()
                )
                if isinstance(text, str):
                    for match in _SUB_VARIABLE.finditer(text):
                        expression = match.group(1).strip()
                        if not expression.startswith("!") and expression not in local:
                            found.add(
                                expression.split(".", 1)[0]
                                if not expression.startswith("AWS::")
                                else expression
                            )
                if isinstance(argument, list) and len(argument) > 1:
                    _collect(argument[1], found)
                return
        for item in value.values():
            _collect(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found)
