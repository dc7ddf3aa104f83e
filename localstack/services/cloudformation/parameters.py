"""Template parameters: the values a caller gives, defaults, previous values on update, the SSM
parameter types, and the constraints (AllowedValues, AllowedPattern, lengths, numbers) with AWS's errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from localstack.utils.aws.errors import AWSError

_SSM_PREFIX = "AWS::SSM::Parameter::Value<"


@dataclass
class ResolvedParameter:
    key: str
    value: Any  # a string, or a list for List<...> and CommaDelimitedList types
    given: str  # as the caller gave it (the SSM parameter name for SSM types)
    no_echo: bool = False
    resolved_from_ssm: bool = False


def _error(message: str) -> AWSError:
    return AWSError("ValidationError", message)


def resolve(
    declarations: dict[str, Any],
    given: list[dict[str, Any]] | None,
    previous: dict[str, ResolvedParameter] | None = None,
    ssm_lookup: Callable[[str], str] | None = None,
) -> dict[str, ResolvedParameter]:
    """Every declared parameter's value, validated; raises AWS's ValidationError."""
    values: dict[str, str] = {}
    unknown = []
    for item in given or []:
        key = item.get("ParameterKey")
        if key is None:
            continue
        if key not in declarations:
            unknown.append(key)
            continue
        if item.get("UsePreviousValue"):
            if previous is None or key not in previous:
                raise _error(
                    f"Invalid input for parameter key {key}. Cannot specify usePreviousValue as true "
                    "for a parameter key not in the previous template"
                )
            values[key] = previous[key].given
        elif "ParameterValue" in item:
            values[key] = item["ParameterValue"]
    if unknown:
        raise _error(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    missing = [
        key
        for key, declaration in declarations.items()
        if key not in values and "Default" not in (declaration or {})
    ]
    if missing:
        raise _error(f"Parameters: [{', '.join(missing)}] must have values")
    result = {}
    for key, declaration in declarations.items():
        declaration = declaration or {}
        raw = values[key] if key in values else declaration["Default"]
        if isinstance(raw, list):
            raw = ",".join(str(item) for item in raw)
        raw = str(raw) if not isinstance(raw, str) else raw
        result[key] = _typed(key, declaration, raw, ssm_lookup)
    return result


def _typed(
    key: str, declaration: dict[str, Any], raw: str, ssm_lookup: Callable[[str], str] | None
) -> ResolvedParameter:
    kind = str(declaration.get("Type", "String"))
    no_echo = str(declaration.get("NoEcho", "false")).lower() == "true"
    if kind.startswith(_SSM_PREFIX):
        if ssm_lookup is None:
            raise _error(f"Parameter {key} of type {kind} cannot be resolved")
        value = ssm_lookup(raw)
        inner = kind[len(_SSM_PREFIX) : -1]
        typed: Any = _split(value) if inner.startswith("List<") or inner == "CommaDelimitedList" else value
        return ResolvedParameter(key, typed, raw, no_echo, resolved_from_ssm=True)
    if kind.startswith("List<") or kind == "CommaDelimitedList":
        items = _split(raw)
        inner = kind[5:-1] if kind.startswith("List<") else "String"
        for item in items:
            _check(key, declaration, item, inner)
        return ResolvedParameter(key, items, raw, no_echo)
    _check(key, declaration, raw, kind)
    return ResolvedParameter(key, raw, raw, no_echo)


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")] if value != "" else []


def _check(key: str, declaration: dict[str, Any], value: str, kind: str) -> None:
    constraint = declaration.get("ConstraintDescription")

    def fail(message: str) -> AWSError:
        if constraint:
            return _error(f"Parameter '{key}' failed to satisfy constraint: {constraint}")
        return _error(message)

    if kind == "Number":
        try:
            number = float(value)
        except ValueError:
            raise _error(f"Parameter '{key}' must be a number.") from None
        if "MinValue" in declaration and number < float(declaration["MinValue"]):
            raise fail(f"Parameter '{key}' must be a number not less than {declaration['MinValue']}")
        if "MaxValue" in declaration and number > float(declaration["MaxValue"]):
            raise fail(f"Parameter '{key}' must be a number not greater than {declaration['MaxValue']}")
    allowed = declaration.get("AllowedValues")
    if allowed is not None and value not in [str(item) for item in allowed]:
        raise fail(f"Parameter '{key}' must be one of AllowedValues")
    pattern = declaration.get("AllowedPattern")
    if pattern is not None and re.fullmatch(str(pattern), value) is None:
        raise fail(f"Parameter '{key}' must match pattern {pattern}")
    if "MinLength" in declaration and len(value) < int(declaration["MinLength"]):
        raise fail(f"Parameter '{key}' must contain at least {declaration['MinLength']} characters")
    if "MaxLength" in declaration and len(value) > int(declaration["MaxLength"]):
        raise fail(f"Parameter '{key}' must contain at most {declaration['MaxLength']} characters")


def describe(parameters: dict[str, ResolvedParameter]) -> list[dict[str, Any]]:
    """The Parameters member of DescribeStacks: NoEcho values masked, SSM types with ResolvedValue."""
    out = []
    for parameter in parameters.values():
        item: dict[str, Any] = {
            "ParameterKey": parameter.key,
            "ParameterValue": "****" if parameter.no_echo else parameter.given,
        }
        if parameter.resolved_from_ssm:
            value = parameter.value
            item["ResolvedValue"] = ",".join(value) if isinstance(value, list) else value
        out.append(item)
    return out
