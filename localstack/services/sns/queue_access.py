"""Whether an SQS queue's access policy lets SNS deliver a topic's message to it, as AWS decides: SNS sends
as the service principal sns.amazonaws.com, which no identity policy of the account covers, so only the
queue policy can allow it (also within one account); an explicit Deny wins, no matching Allow refuses."""

from __future__ import annotations

import fnmatch
from typing import Any

from localstack.services.s3.policy import conditions_hold

SNS_PRINCIPAL = "sns.amazonaws.com"
ACTION = "sqs:sendmessage"


class QueueAccessDenied(Exception):
    """SQS refused SNS's SendMessage: a client-side error, never retried (the subscription's DLQ gets it)."""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _matches(pattern: Any, value: str, ignore_case: bool = False) -> bool:
    pattern = str(pattern)
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    # IAM wildcards are * and ? only: escape fnmatch's character classes.
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _names_sns(principal: Any) -> bool:
    """Everyone, or the SNS service principal. An account's root ARN does not name a service."""
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if any(str(value) == "*" for value in _as_list(principal.get("AWS"))):
        return True
    return any(str(value).lower() == SNS_PRINCIPAL for value in _as_list(principal.get("Service")))


def _applies(statement: dict[str, Any], queue_arn: str, values: dict[str, list[str]]) -> bool:
    if "Principal" in statement and not _names_sns(statement["Principal"]):
        return False
    if "NotPrincipal" in statement and _names_sns(statement["NotPrincipal"]):
        return False
    if "Action" in statement and not any(_matches(a, ACTION, True) for a in _as_list(statement["Action"])):
        return False
    if "NotAction" in statement and any(_matches(a, ACTION, True) for a in _as_list(statement["NotAction"])):
        return False
    if "Resource" in statement and not any(_matches(r, queue_arn) for r in _as_list(statement["Resource"])):
        return False
    if "NotResource" in statement and any(_matches(r, queue_arn) for r in _as_list(statement["NotResource"])):
        return False
    return conditions_hold(statement.get("Condition") or {}, values)


def decision(policy: dict[str, Any] | None, queue_arn: str, topic_arn: str) -> str | None:
    """ "Deny", "Allow", or None (no statement applies: implicitly denied)."""
    topic_account = topic_arn.split(":")[4] if topic_arn.count(":") >= 5 else ""
    values = {
        "aws:sourcearn": [topic_arn],
        "aws:sourceaccount": [topic_account],
        "aws:sourceowner": [topic_account],
        "aws:securetransport": ["true"],
    }
    allowed = None
    for statement in _as_list((policy or {}).get("Statement")):
        if not isinstance(statement, dict) or not _applies(statement, queue_arn, values):
            continue
        if statement.get("Effect") == "Deny":
            return "Deny"
        if statement.get("Effect") == "Allow":
            allowed = "Allow"
    return allowed


def check(queue_arn: str, topic_arn: str) -> None:
    """Raise QueueAccessDenied unless the queue's policy allows the topic to send to it. A queue that does
    not exist is left to SendMessage, which answers QueueDoesNotExist."""
    from moto.sqs.models import sqs_backends

    parts = queue_arn.split(":")
    if len(parts) != 6:
        return
    queue = sqs_backends[parts[4]][parts[3]].queues.get(parts[5])
    if queue is None:
        return
    policy = getattr(queue, "_policy_json", None)
    if decision(policy if isinstance(policy, dict) else None, queue_arn, topic_arn) != "Allow":
        raise QueueAccessDenied(
            f"{queue_arn} does not allow SNS to send {topic_arn}'s messages: Access to the resource is denied"
        )
