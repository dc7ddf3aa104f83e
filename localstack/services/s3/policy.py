"""Bucket policies as IAM evaluates them for one request: statements matched by principal, action and
resource, conditions with their operators (String*, Numeric*, Date*, Bool, IpAddress, Arn*, Null; IfExists,
ForAnyValue, ForAllValues), and whether a policy is public (Block Public Access)."""

from __future__ import annotations

import datetime
import fnmatch
import ipaddress
import json
from dataclasses import dataclass, field
from typing import Any

ALLOW, DENY = "Allow", "Deny"
# Condition keys that pin a statement to known callers: a statement with one of them is not public.
_FIXING_KEYS = {
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:userid",
    "aws:sourceip",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
}


@dataclass
class RequestContext:
    """What a statement is matched against."""

    action: str
    resource: str
    principal_account: str | None  # None: anonymous
    values: dict[str, list[str]] = field(default_factory=dict)  # condition keys, lower case
    # An IAM user's or assumed role's ARN; None for the account's root user (default and account keys).
    principal_arn: str | None = None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    # IAM's wildcards are * and ? only: escape fnmatch's character classes.
    escaped = pattern.replace("[", "[[]")
    return fnmatch.fnmatchcase(value, escaped)


def principal_matches(principal: Any, account: str | None, principal_arn: str | None = None) -> bool:
    """Whether a statement's Principal names the caller: everyone, its account (id or root ARN), or, for an
    IAM user or assumed role, its own ARN (a role's ARN names its sessions)."""
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for value in _as_list(principal.get("AWS")):
        value = str(value)
        if value == "*":
            return True
        if account is None:
            continue
        if value == account or value == f"arn:aws:iam::{account}:root":
            return True
        if principal_arn is not None and (value == principal_arn or value == _role_of_session(principal_arn)):
            return True
    return False


def _role_of_session(arn: str) -> str | None:
    """arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION -> arn:aws:iam::ACCOUNT:role/NAME."""
    prefix, _, rest = arn.partition(":assumed-role/")
    if not rest:
        return None
    account = prefix.rpartition("::")[2]
    return f"arn:aws:iam::{account}:role/{rest.partition('/')[0]}"


def _statement_applies(statement: dict[str, Any], context: RequestContext) -> bool:
    if "Principal" in statement and not principal_matches(
        statement["Principal"], context.principal_account, context.principal_arn
    ):
        return False
    if "NotPrincipal" in statement and principal_matches(
        statement["NotPrincipal"], context.principal_account, context.principal_arn
    ):
        return False
    if "Action" in statement:
        if not any(_wildcard(str(a), context.action, True) for a in _as_list(statement["Action"])):
            return False
    if "NotAction" in statement:
        if any(_wildcard(str(a), context.action, True) for a in _as_list(statement["NotAction"])):
            return False
    if "Resource" in statement:
        if not any(_wildcard(str(r), context.resource) for r in _as_list(statement["Resource"])):
            return False
    if "NotResource" in statement:
        if any(_wildcard(str(r), context.resource) for r in _as_list(statement["NotResource"])):
            return False
    return conditions_hold(statement.get("Condition") or {}, context.values)


def evaluate(document: str | dict | None, context: RequestContext) -> str | None:
    """ "Deny" if a statement denies, else "Allow" if one allows, else None."""
    if not document:
        return None
    try:
        policy = json.loads(document) if isinstance(document, (str, bytes)) else document
    except ValueError:
        return None
    if not isinstance(policy, dict):
        return None
    decision = None
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or not _statement_applies(statement, context):
            continue
        if statement.get("Effect") == DENY:
            return DENY
        if statement.get("Effect") == ALLOW:
            decision = ALLOW
    return decision


def is_public(document: str | dict | None) -> bool:
    """A policy that grants access to anyone, not pinned by a fixing condition."""
    if not document:
        return False
    try:
        policy = json.loads(document) if isinstance(document, (str, bytes)) else document
    except ValueError:
        return False
    if not isinstance(policy, dict):
        return False
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != ALLOW:
            continue
        if not principal_matches(statement.get("Principal"), None):
            continue
        condition = statement.get("Condition") or {}
        blocks = condition.values() if isinstance(condition, dict) else []
        keys = {str(key).lower() for block in blocks if isinstance(block, dict) for key in block}
        if not keys & _FIXING_KEYS:
            return True
    return False


# --- conditions


def conditions_hold(conditions: dict[str, dict[str, Any]], values: dict[str, list[str]]) -> bool:
    if not isinstance(conditions, dict):
        return False  # a malformed condition block matches nothing
    for operator, block in conditions.items():
        if not isinstance(block, dict):
            return False
        for key, expected in block.items():
            if not _condition_holds(operator, key.lower(), _as_list(expected), values):
                return False
    return True


def _condition_holds(operator: str, key: str, expected: list[Any], values: dict[str, list[str]]) -> bool:
    qualifier = ""
    if ":" in operator:
        qualifier, operator = operator.split(":", 1)
    if_exists = operator.endswith("IfExists")
    if if_exists:
        operator = operator[: -len("IfExists")]
    actual = values.get(key)
    if operator == "Null":
        absent = not actual
        return any(str(value).lower() == ("true" if absent else "false") for value in expected)
    negated = "Not" in operator
    if not actual:
        if qualifier == "ForAllValues":
            return True
        return if_exists or negated
    test = _OPERATORS.get(operator)
    if test is None:
        return False
    if qualifier == "ForAllValues":
        return all(test(value, expected) for value in actual)
    return any(test(value, expected) for value in actual)


def _string_equals(value: str, expected: list[Any]) -> bool:
    return any(value == str(e) for e in expected)


def _string_equals_ignore_case(value: str, expected: list[Any]) -> bool:
    return any(value.lower() == str(e).lower() for e in expected)


def _string_like(value: str, expected: list[Any]) -> bool:
    return any(_wildcard(str(e), value) for e in expected)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _numeric(compare: Any) -> Any:
    def test(value: str, expected: list[Any]) -> bool:
        actual = _number(value)
        return actual is not None and any(
            (limit := _number(e)) is not None and compare(actual, limit) for e in expected
        )

    return test


def _parse_date(value: Any) -> datetime.datetime | None:
    text = str(value)
    if text.isdigit():
        return datetime.datetime.fromtimestamp(int(text), datetime.timezone.utc)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _dates(compare: Any) -> Any:
    def test(value: str, expected: list[Any]) -> bool:
        actual = _parse_date(value)
        return actual is not None and any(
            (limit := _parse_date(e)) is not None and compare(actual, limit) for e in expected
        )

    return test


def _ip_address(value: str, expected: list[Any]) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    for network in expected:
        try:
            if address in ipaddress.ip_network(str(network), strict=False):
                return True
        except ValueError:
            continue
    return False


def _not(test: Any) -> Any:
    return lambda value, expected: not test(value, expected)


_OPERATORS = {
    "StringEquals": _string_equals,
    "StringNotEquals": _not(_string_equals),
    "StringEqualsIgnoreCase": _string_equals_ignore_case,
    "StringNotEqualsIgnoreCase": _not(_string_equals_ignore_case),
    "StringLike": _string_like,
    "StringNotLike": _not(_string_like),
    "ArnEquals": _string_like,
    "ArnLike": _string_like,
    "ArnNotEquals": _not(_string_like),
    "ArnNotLike": _not(_string_like),
    "NumericEquals": _numeric(lambda a, b: a == b),
    "NumericNotEquals": _numeric(lambda a, b: a != b),
    "NumericLessThan": _numeric(lambda a, b: a < b),
    "NumericLessThanEquals": _numeric(lambda a, b: a <= b),
    "NumericGreaterThan": _numeric(lambda a, b: a > b),
    "NumericGreaterThanEquals": _numeric(lambda a, b: a >= b),
    "DateEquals": _dates(lambda a, b: a == b),
    "DateNotEquals": _dates(lambda a, b: a != b),
    "DateLessThan": _dates(lambda a, b: a < b),
    "DateLessThanEquals": _dates(lambda a, b: a <= b),
    "DateGreaterThan": _dates(lambda a, b: a > b),
    "DateGreaterThanEquals": _dates(lambda a, b: a >= b),
    "Bool": _string_equals_ignore_case,
    "IpAddress": _ip_address,
    "NotIpAddress": _not(_ip_address),
}
