"""EventBridge deliveries to SQS honour the queue's access policy, as AWS does (also within one account): only
a statement letting events.amazonaws.com (or everyone) SendMessage, under its conditions (aws:SourceArn is
the rule), lets the event in. A refusal is a failed invocation, never retried: it counts in the rule's
FailedInvocations metric and goes to the target's dead-letter queue (ERROR_CODE NO_PERMISSIONS) if the DLQ's
own policy lets EventBridge in, else it is dropped."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest

from tests.integration.queue_policy_support import EVENTS, SNS, allow_service
from tests.integration.test_sns_delivery_support import receive

Statement = dict[str, Any]


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


@pytest.fixture
def sqs(aws_client: Callable[..., Any]) -> Any:
    return aws_client("sqs")


@pytest.fixture
def new_queue(sqs: Any, unique_name: Callable[[str], str], cleanup: list) -> Callable[[], tuple[str, str]]:
    def make() -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name("ebq"))["QueueUrl"]
        cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    return make


def _set_policy(sqs: Any, url: str, *statements: Statement) -> None:
    policy = {"Version": "2012-10-17", "Statement": list(statements)}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})


def _statement(arn: str, principal: Any, effect: str = "Allow", **extra: Any) -> Statement:
    return {"Effect": effect, "Principal": principal, "Action": "sqs:SendMessage", "Resource": arn, **extra}


def _rule(events: Any, cleanup: list, name: str, source: str, targets: list[dict[str, Any]]) -> str:
    arn = events.put_rule(Name=name, EventPattern=json.dumps({"source": [source]}))["RuleArn"]
    events.put_targets(Rule=name, Targets=targets)

    def remove() -> None:
        events.remove_targets(Rule=name, Ids=[t["Id"] for t in targets])
        events.delete_rule(Name=name)

    cleanup.append(remove)
    return arn


def _put(events: Any, source: str) -> str:
    answer = events.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": '{"n": 1}'}])
    assert answer["FailedEntryCount"] == 0
    return answer["Entries"][0]["EventId"]


def _delivered(events: Any, sqs: Any, cleanup: list, name: str, refused: tuple[str, str]) -> list[dict]:
    """Put one event on a rule targeting the refused queue and an allowed witness queue; once the witness has
    it, the refused queue's delivery was decided too (both are submitted together)."""
    witness_url = sqs.create_queue(QueueName=name + "-w")["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=witness_url))
    witness_arn = allow_service(sqs, witness_url, EVENTS)
    targets = [{"Id": "refused", "Arn": refused[1]}, {"Id": "witness", "Arn": witness_arn}]
    _rule(events, cleanup, name, name, targets)
    _put(events, name)
    assert len(receive(sqs, witness_url)) == 1
    return receive(sqs, refused[0], deadline=1.0)


def test_queue_without_policy_gets_nothing(events, sqs, cleanup, unique_name, new_queue):
    assert _delivered(events, sqs, cleanup, unique_name("nopol"), new_queue()) == []


def test_policy_for_another_service_gets_nothing(events, sqs, cleanup, unique_name, new_queue):
    url, arn = new_queue()
    allow_service(sqs, url, SNS)
    assert _delivered(events, sqs, cleanup, unique_name("snspol"), (url, arn)) == []


def test_explicit_deny_wins_over_an_allow(events, sqs, cleanup, unique_name, new_queue):
    url, arn = new_queue()
    _set_policy(
        sqs,
        url,
        _statement(arn, {"Service": EVENTS}),
        _statement(arn, "*", effect="Deny"),
    )
    assert _delivered(events, sqs, cleanup, unique_name("deny"), (url, arn)) == []


def test_source_arn_condition_must_name_the_rule(events, sqs, cleanup, unique_name, new_queue):
    url, arn = new_queue()
    name = unique_name("cond")
    rule_arn = f"arn:aws:events:us-east-1:000000000000:rule/{name}"
    _set_policy(
        sqs, url, _statement(arn, {"Service": EVENTS}, Condition={"ArnEquals": {"aws:SourceArn": rule_arn}})
    )
    # Another rule is refused, this one delivers.
    assert _delivered(events, sqs, cleanup, unique_name("other"), (url, arn)) == []
    _rule(events, cleanup, name, name, [{"Id": "q", "Arn": arn}])
    event_id = _put(events, name)
    assert [json.loads(m["Body"])["id"] for m in receive(sqs, url)] == [event_id]


def test_everyone_principal_lets_eventbridge_deliver(events, sqs, cleanup, unique_name, new_queue):
    url, arn = new_queue()
    _set_policy(sqs, url, _statement(arn, "*"))
    name = unique_name("star")
    _rule(events, cleanup, name, name, [{"Id": "q", "Arn": arn}])
    event_id = _put(events, name)
    assert [json.loads(m["Body"])["id"] for m in receive(sqs, url)] == [event_id]


def _metric_sum(aws_client: Callable[..., Any], rule: str, metric: str, deadline: float = 10.0) -> float:
    cloudwatch = aws_client("cloudwatch")
    now = datetime.now(timezone.utc)
    end = time.monotonic() + deadline
    while True:
        points = cloudwatch.get_metric_statistics(
            Namespace="AWS/Events",
            MetricName=metric,
            Dimensions=[{"Name": "RuleName", "Value": rule}],
            StartTime=now - timedelta(minutes=5),
            EndTime=now + timedelta(minutes=5),
            Period=600,
            Statistics=["Sum"],
        )["Datapoints"]
        total = sum(point["Sum"] for point in points)
        if total or time.monotonic() > end:
            return total
        time.sleep(0.2)


def test_refusal_goes_to_the_dead_letter_queue_without_retries(
    events, sqs, cleanup, unique_name, new_queue, aws_client
):
    _, arn = new_queue()
    dlq_url, _ = new_queue()
    dlq_arn = allow_service(sqs, dlq_url, EVENTS)
    name = unique_name("dlq")
    rule_arn = _rule(
        events, cleanup, name, name, [{"Id": "q", "Arn": arn, "DeadLetterConfig": {"Arn": dlq_arn}}]
    )
    event_id = _put(events, name)
    messages = receive(sqs, dlq_url)
    assert len(messages) == 1
    assert json.loads(messages[0]["Body"])["id"] == event_id
    attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
    assert attributes["RULE_ARN"] == rule_arn
    assert attributes["TARGET_ARN"] == arn
    assert attributes["ERROR_CODE"] == "NO_PERMISSIONS"
    assert attributes["RETRY_ATTEMPTS"] == "0"
    assert _metric_sum(aws_client, name, "FailedInvocations") == 1
    assert _metric_sum(aws_client, name, "InvocationsSentToDLQ") == 1


def test_dead_letter_queue_needs_its_own_policy(events, sqs, cleanup, unique_name, new_queue, aws_client):
    _, arn = new_queue()
    dlq_url, dlq_arn = new_queue()  # no policy: EventBridge cannot write the failure there either
    name = unique_name("dlqnopol")
    _rule(events, cleanup, name, name, [{"Id": "q", "Arn": arn, "DeadLetterConfig": {"Arn": dlq_arn}}])
    _put(events, name)
    assert _metric_sum(aws_client, name, "InvocationsFailedToBeSentToDLQ") == 1
    assert _metric_sum(aws_client, name, "FailedInvocations") == 1
    assert receive(sqs, dlq_url, deadline=0.5) == []
