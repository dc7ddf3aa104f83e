"""SNS subscription filter policies: what a message looks like to the shared matcher, per scope, and
the validation AWS applies at Subscribe and SetSubscriptionAttributes."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from localstack.services.sns import json_errors
from localstack.utils.aws import event_patterns
from localstack.utils.aws.errors import AWSError

SCOPES = ("MessageAttributes", "MessageBody")
MAX_COMBINATIONS = 150
SNS_LACKS = frozenset(("wildcard",))  # event patterns' operators that filter policies lack
ANYTHING_BUT_LACKS = frozenset(("suffix", "wildcard"))
MAX_KEYS = 5  # top-level keys (filter policy constraints, developer guide)
NUMBER_LIMIT = 1e9  # numeric matching takes values strictly between -10^9 and 10^9


def invalid(message: str) -> AWSError:
    return AWSError("InvalidParameter", f"Invalid parameter: {message}")


@lru_cache(maxsize=1024)
def _parse(policy: str) -> dict[str, Any]:
    return json.loads(policy)


def attributes_view(message_attributes: dict[str, Any] | None) -> dict[str, Any]:
    """Message attributes as the matcher sees them: Number as a number, String.Array as a list,
    Binary left out (AWS never matches binary attributes)."""
    view: dict[str, Any] = {}
    for name, attribute in (message_attributes or {}).items():
        kind = attribute.get("Type", "String")
        value = attribute.get("Value")
        if kind.startswith("Binary"):
            continue
        if kind.startswith("Number"):
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            view[name] = int(number) if number.is_integer() else number
        elif kind.startswith("String.Array"):
            try:
                items = json.loads(value)
            except (TypeError, ValueError):
                continue
            view[name] = items if isinstance(items, list) else [items]
        else:
            view[name] = value
    return view


def passes(attributes: dict[str, Any], message: str, message_attributes: dict[str, Any] | None) -> bool:
    """Whether a subscription with these (moto) attributes receives the message."""
    policy_text = attributes.get("FilterPolicy")
    if not policy_text:
        return True
    try:
        policy = _parse(policy_text)
    except ValueError:
        return False
    if not policy:
        return True
    if attributes.get("FilterPolicyScope") == "MessageBody":
        try:
            body = json.loads(message)
        except ValueError:
            return False
        return isinstance(body, dict) and event_patterns.matches(policy, body)
    return event_patterns.matches(policy, attributes_view(message_attributes))


def validate(policy_text: str | None, scope: str | None) -> None:
    """Raise AWS's InvalidParameter error if the policy (JSON text) is not valid in its scope."""
    scope = scope or "MessageAttributes"
    if scope not in SCOPES:
        raise invalid(
            f"FilterPolicyScope: Invalid value [{scope}]. Please use either MessageBody or MessageAttributes"
        )
    if not policy_text:
        return
    try:
        policy = json.loads(policy_text)
    except ValueError:
        raise invalid(f"FilterPolicy: {json_errors.parse_failure(policy_text)}") from None
    if not isinstance(policy, dict):
        raise invalid("FilterPolicy: Filter policy must be a JSON object")
    refusal = _sns_refusal(policy)
    if refusal:
        raise invalid(f"FilterPolicy: {_located_in_anything_but(policy_text, policy, refusal)}")
    # The policy's structure is read first: {"key": {"suffix": "v"}} is refused for "suffix" not being an
    # object or an array, in either scope (AWS's answers, recorded in LocalStack's SNS snapshots).
    try:
        event_patterns.validate(policy)
    except event_patterns.PatternError as error:
        raise invalid(f"FilterPolicy: {_located(policy_text, policy, error)}") from None
    if scope == "MessageAttributes" and _has_nested(policy):
        raise invalid("Filter policy scope MessageAttributes does not support nested filter policy")
    if len(policy) > MAX_KEYS:
        raise invalid(f"FilterPolicy: Filter policy can not have more than {MAX_KEYS} keys")
    if _combinations(policy) > MAX_COMBINATIONS:
        raise invalid("FilterPolicy: Filter policy is too complex")
    if _number_out_of_range(policy):
        # AWS fails such a policy with an internal error (as moto's check answered it).
        raise AWSError("InternalError", "Unknown")


def _located(text: str, policy: dict[str, Any], error: Any) -> str:
    """The refusal with the location AWS's parser reports (EventBridge's compiler and its locations)."""
    from localstack.services.events import pattern_checks, pattern_json

    located = pattern_checks.locate(policy, error)
    path = getattr(located, "path", None)
    if path is None:
        return _located_in_anything_but(text, policy, str(error))
    return pattern_json.located_at_value(str(error), text, path, getattr(located, "edge", "value"))


def _located_in_anything_but(text: str, policy: dict[str, Any], reason: str) -> str:
    """An anything-but's inner operator SNS refuses is told just after (inside, for a string) its value
    (recorded: 'Unsupported anything-but pattern: suffix', 'prefix match pattern must be a string')."""
    from localstack.services.events import pattern_json

    if not reason.startswith(("Unsupported anything-but pattern: ", "prefix match pattern must be a string")):
        return reason
    path = _anything_but_path(policy, ())
    return reason if path is None else pattern_json.located_at_value(reason, text, path, "value")


def _anything_but_path(rule: Any, path: tuple) -> tuple | None:
    """The path of the first (in document order) anything-but's single inner operator's value."""
    members = enumerate(rule) if isinstance(rule, list) else rule.items() if isinstance(rule, dict) else ()
    for key, value in members:
        if key == "anything-but" and isinstance(value, dict) and len(value) == 1:
            return path + (key, next(iter(value)))
        found = _anything_but_path(value, path + (key,))
        if found is not None:
            return found
    return None


def _sns_refusal(rule: Any) -> str | None:
    """What SNS refuses in a policy that event patterns accept: EventBridge's `wildcard`, and inside
    `anything-but` anything but `prefix` and `equals-ignore-case` (AWS's answers recorded in LocalStack's
    SNS snapshots: 'Unsupported anything-but pattern: suffix', 'prefix match pattern must be a string')."""
    if isinstance(rule, list):
        for item in rule:
            found = _sns_refusal(item)
            if found:
                return found
        return None
    if not isinstance(rule, dict):
        return None
    for key, value in rule.items():
        if key in SNS_LACKS:
            return f"Unrecognized match type {key}"
        if key == "anything-but" and isinstance(value, dict) and len(value) == 1:
            ((inner, argument),) = value.items()
            if inner in ANYTHING_BUT_LACKS:
                return f"Unsupported anything-but pattern: {inner}"
            if inner == "prefix" and not isinstance(argument, str):
                return "prefix match pattern must be a string"
            continue
        found = _sns_refusal(value)
        if found:
            return found
    return None


def _number_out_of_range(policy: dict[str, Any]) -> bool:
    """An exact number value at or beyond +-10^9 (operators' arguments are left to their own checks)."""
    for key, rule in policy.items():
        if key == "$or" and isinstance(rule, list):
            if any(_number_out_of_range(sub) for sub in rule if isinstance(sub, dict)):
                return True
        elif isinstance(rule, dict):
            if _number_out_of_range(rule):
                return True
        elif isinstance(rule, list):
            numbers = [v for v in rule if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if any(not -NUMBER_LIMIT < number < NUMBER_LIMIT for number in numbers):
                return True
    return False


def _has_nested(policy: dict[str, Any]) -> bool:
    for key, rule in policy.items():
        if key == "$or":
            if any(_has_nested(sub) for sub in rule if isinstance(sub, dict)):
                return True
        elif isinstance(rule, dict):
            return True
    return False


def _combinations(policy: dict[str, Any], depth: int = 1) -> int:
    """AWS's complexity measure: the product, over the policy's arrays, of each array's number of values
    times its nesting level (the constraints page's example: 3 x 4 x 2 x 3 x 1 x 3 = 216), summed over
    $or branches."""
    total = 1
    for key, rule in policy.items():
        if key == "$or" and isinstance(rule, list):
            total *= sum(_combinations(sub, depth) for sub in rule if isinstance(sub, dict)) or 1
        elif isinstance(rule, dict):
            total *= _combinations(rule, depth + 1)
        elif isinstance(rule, list):
            total *= max(len(rule), 1) * depth
    return total
