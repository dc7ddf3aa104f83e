"""Stack policies (SetStackPolicy, and StackPolicyBody/StackPolicyURL of CreateStack and UpdateStack): the
body from the request or its URL, checked as AWS checks it before storing."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.cloudformation import template_url
from localstack.utils.aws.errors import AWSError

_ACTIONS = frozenset(("Update:*", "Update:Modify", "Update:Replace", "Update:Delete"))


def invalid() -> AWSError:
    return AWSError("ValidationError", "Error validating stack policy: Invalid stack policy")


def from_request(
    request: dict[str, Any], account_id: str, region: str, prefix: str = "StackPolicy"
) -> str | None:
    """The checked policy body a request sets (`<prefix>Body` or `<prefix>URL`), None if it sets none."""
    body, url = request.get(f"{prefix}Body"), request.get(f"{prefix}URL")
    if body is not None and url is not None:
        raise AWSError("ValidationError", f"You cannot specify both {prefix}URL and {prefix}Body")
    if url is not None:
        body = template_url.fetch(url, account_id, region)
    if body is not None:
        check(body)
    return body


def check(body: str) -> None:
    """AWS's one answer for any policy it cannot use: not JSON, or a statement with an unknown effect,
    a principal other than `*`, or an action outside `Update:*`."""
    try:
        document = json.loads(body)
    except ValueError:
        raise invalid() from None
    if not isinstance(document, dict):
        raise invalid()
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not all(_valid_statement(s) for s in statements):
        raise invalid()


def _valid_statement(statement: Any) -> bool:
    if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
        return False
    if statement.get("Principal") != "*":
        return False
    actions = statement.get("Action", statement.get("NotAction"))
    actions = [actions] if isinstance(actions, str) else actions
    if not isinstance(actions, list) or not actions or not all(a in _ACTIONS for a in actions):
        return False
    return "Resource" in statement or "NotResource" in statement
