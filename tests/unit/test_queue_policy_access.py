"""The shared evaluator of a queue (resource) policy for an AWS service principal, without a server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from localstack.services.sqs.queue_policy_access import EVENTS, S3, SEND_MESSAGE, SNS, allows, decision

QUEUE = "arn:aws:sqs:us-east-1:000000000000:q"
RULE = "arn:aws:events:us-east-1:000000000000:rule/r"


def _policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(principal: Any, **extra: Any) -> dict[str, Any]:
    return {
        "Effect": "Allow",
        "Principal": principal,
        "Action": "sqs:SendMessage",
        "Resource": QUEUE,
        **extra,
    }


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", True),
        ({"AWS": "*"}, True),
        ({"Service": EVENTS}, True),
        ({"Service": [SNS, EVENTS]}, True),
        ({"Service": SNS}, False),
        ({"AWS": "arn:aws:iam::000000000000:root"}, False),  # an account is no service
        ({"AWS": "000000000000"}, False),
    ],
)
def test_principal_must_name_the_service_or_everyone(principal: Any, expected: bool) -> None:
    assert allows(_policy(_allow(principal)), EVENTS, SEND_MESSAGE, QUEUE, RULE, "000000000000") is expected


def test_no_policy_or_no_json_allows_nothing() -> None:
    assert decision(None, S3, SEND_MESSAGE, QUEUE, {}) is None
    assert decision("", S3, SEND_MESSAGE, QUEUE, {}) is None
    assert decision("{not json", S3, SEND_MESSAGE, QUEUE, {}) is None
    assert decision(json.dumps(_policy(_allow("*"))), S3, SEND_MESSAGE, QUEUE, {}) == "Allow"


def test_actions_and_resources_match_with_wildcards_and_any_case() -> None:
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "SQS:*",
        "Resource": "arn:aws:sqs:*:000000000000:*",
    }
    assert decision(_policy(statement), SNS, SEND_MESSAGE, QUEUE, {}) == "Allow"
    other_action = {**statement, "Action": "sqs:ReceiveMessage"}
    assert decision(_policy(other_action), SNS, SEND_MESSAGE, QUEUE, {}) is None
    other_queue = {**statement, "Resource": "arn:aws:sqs:us-east-1:000000000000:other"}
    assert decision(_policy(other_queue), SNS, SEND_MESSAGE, QUEUE, {}) is None


def test_explicit_deny_wins_and_not_principal_excludes() -> None:
    deny = {"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}
    assert decision(_policy(_allow("*"), deny), EVENTS, SEND_MESSAGE, QUEUE, {}) == "Deny"
    excluded = {"Effect": "Allow", "NotPrincipal": {"Service": EVENTS}, "Action": "sqs:*", "Resource": "*"}
    assert decision(_policy(excluded), EVENTS, SEND_MESSAGE, QUEUE, {}) is None


def test_source_conditions_name_the_sending_resource_and_its_account() -> None:
    by_arn = _allow({"Service": EVENTS}, Condition={"ArnEquals": {"aws:SourceArn": RULE}})
    assert allows(_policy(by_arn), EVENTS, SEND_MESSAGE, QUEUE, RULE, "000000000000")
    assert not allows(_policy(by_arn), EVENTS, SEND_MESSAGE, QUEUE, RULE + "x", "000000000000")
    by_account = _allow({"Service": S3}, Condition={"StringEquals": {"aws:SourceAccount": "111111111111"}})
    assert not allows(_policy(by_account), S3, SEND_MESSAGE, QUEUE, "arn:aws:s3:::b", "000000000000")
    assert allows(_policy(by_account), S3, SEND_MESSAGE, QUEUE, "arn:aws:s3:::b", "111111111111")
