"""EventBridge scheduled rules really fire: rate(1 minute) once a minute after creation, and a cron
rule at each minute, each with AWS's "Scheduled Event" envelope (slow: waits for the clock)."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from tests.integration.queue_policy_support import EVENTS, allow_service


@pytest.mark.slow
def test_rate_and_cron_rules_fire(aws_client: Callable[..., Any], unique_name: Callable[[str], str]) -> None:
    events, sqs = aws_client("events"), aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("sched"))["QueueUrl"]
    queue_arn = allow_service(sqs, url, EVENTS)
    rules = {"rate(1 minute)": unique_name("rate"), "cron(* * * * ? *)": unique_name("cron")}
    arns = {}
    try:
        for expression, name in rules.items():
            arns[name] = events.put_rule(Name=name, ScheduleExpression=expression)["RuleArn"]
            events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": queue_arn}])
        disabled = unique_name("off")
        events.put_rule(Name=disabled, ScheduleExpression="cron(* * * * ? *)", State="DISABLED")
        events.put_targets(Rule=disabled, Targets=[{"Id": "q", "Arn": queue_arn}])
        created = time.monotonic()
        bodies: list[dict[str, Any]] = []
        while time.monotonic() - created < 80:
            answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5)
            for message in answer.get("Messages", []):
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                bodies.append(json.loads(message["Body"]))
            fired = {body["resources"][0] for body in bodies}
            if set(arns.values()) <= fired:
                break
        by_rule = {arn: [b for b in bodies if b["resources"] == [arn]] for arn in arns.values()}
        rate_arn = arns[rules["rate(1 minute)"]]
        assert len(by_rule[rate_arn]) == 1, bodies
        assert 1 <= len(by_rule[arns[rules["cron(* * * * ? *)"]]]) <= 2, bodies
        assert all(body["resources"][0] in arns.values() for body in bodies), "the disabled rule fired"
        event = by_rule[rate_arn][0]
        assert event["source"] == "aws.events"
        assert event["detail-type"] == "Scheduled Event"
        assert event["detail"] == {}
        assert event["account"] == "000000000000" and event["region"] == "us-east-1"
        cron_time = by_rule[arns[rules["cron(* * * * ? *)"]]][0]["time"]
        assert cron_time.endswith(":00Z"), cron_time  # cron fires on the minute
    finally:
        for name in [*rules.values(), disabled]:
            events.remove_targets(Rule=name, Ids=["q"])
            events.delete_rule(Name=name)
        sqs.delete_queue(QueueUrl=url)
