"""Whether a resource policy (an SQS queue's above all) lets an AWS service principal act on the resource, as
AWS decides for the services that send to queues (SNS, S3 notifications, EventBridge targets): a service
principal is no account, so no identity policy covers it and only the resource policy can allow it, also
within one account; an explicit Deny wins, no matching Allow refuses."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from localstack.services.s3.policy import conditions_hold

SNS = "sns.amazonaws.com"
S3 = "s3.amazonaws.com"
EVENTS = "events.amazonaws.com"
SEND_MESSAGE = "sqs:SendMessage"


class QueueAccessDenied(Exception):
    """The queue's policy refuses the service's SendMessage: a permissions failure, which the sending service
    never retries (its dead-letter queue gets the message, if it has one)."""


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


def names_service(principal: Any, service: str) -> bool:
    """Everyone, or the service principal. An account's id or root ARN does not name a service."""
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    if any(str(value) == "*" for value in _as_list(principal.get("AWS"))):
        return True
    return any(str(value).lower() == service for value in _as_list(principal.get("Service")))


def _applies(
    statement: dict[str, Any], service: str, action: str, resource: str, values: dict[str, list[str]]
) -> bool:
    if "Principal" in statement and not names_service(statement["Principal"], service):
        return False
    if "NotPrincipal" in statement and names_service(statement["NotPrincipal"], service):
        return False
    if "Action" in statement and not any(_matches(a, action, True) for a in _as_list(statement["Action"])):
        return False
    if "NotAction" in statement and any(_matches(a, action, True) for a in _as_list(statement["NotAction"])):
        return False
    if "Resource" in statement and not any(_matches(r, resource) for r in _as_list(statement["Resource"])):
        return False
    if "NotResource" in statement and any(_matches(r, resource) for r in _as_list(statement["NotResource"])):
        return False
    return conditions_hold(statement.get("Condition") or {}, values)


def source_values(source_arn: str, source_account: str, service: str = SNS) -> dict[str, list[str]]:
    """The condition keys a service's request carries: the resource it acts for and that resource's owner
    (also as the legacy aws:SourceOwner for SNS only: S3 does not send it, so a topic's default policy,
    conditioned on it, does not let S3 publish)."""
    values = {
        "aws:sourcearn": [source_arn],
        "aws:sourceaccount": [source_account],
        "aws:securetransport": ["true"],
    }
    if service == SNS:
        values["aws:sourceowner"] = [source_account]
    return values


def decision(
    policy: str | dict[str, Any] | None,
    service: str,
    action: str,
    resource: str,
    values: dict[str, list[str]],
) -> str | None:
    """ "Deny", "Allow", or None (no statement applies: implicitly denied). A policy that is not JSON allows
    nothing."""
    if isinstance(policy, (str, bytes)):
        try:
            policy = json.loads(policy) if policy else None
        except ValueError:
            return None
    if not isinstance(policy, dict):
        return None
    allowed = None
    for statement in _as_list(policy.get("Statement")):
        if not isinstance(statement, dict) or not _applies(statement, service, action, resource, values):
            continue
        if statement.get("Effect") == "Deny":
            return "Deny"
        if statement.get("Effect") == "Allow":
            allowed = "Allow"
    return allowed


def allows(
    policy: str | dict[str, Any] | None,
    service: str,
    action: str,
    resource: str,
    source_arn: str,
    source_account: str,
) -> bool:
    values = source_values(source_arn, source_account, service)
    return decision(policy, service, action, resource, values) == "Allow"


def _account_of(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) >= 6 else ""


def check_send(queue_arn: str, service: str, source_arn: str, source_account: str | None = None) -> None:
    """Raise QueueAccessDenied unless the queue's policy lets `service`, acting for `source_arn`, send to it.
    A queue that does not exist is left to SendMessage, which answers QueueDoesNotExist."""
    from moto.sqs.models import sqs_backends

    parts = queue_arn.split(":")
    if len(parts) != 6:
        return
    queue = sqs_backends[parts[4]][parts[3]].queues.get(parts[5])
    if queue is None:
        return
    policy = getattr(queue, "_policy_json", None)
    account = source_account if source_account is not None else _account_of(source_arn)
    if not allows(
        policy if isinstance(policy, dict) else None, service, SEND_MESSAGE, queue_arn, source_arn, account
    ):
        raise QueueAccessDenied(
            f"{queue_arn} does not allow {service} to send messages for {source_arn}: "
            "Access to the resource is denied"
        )
