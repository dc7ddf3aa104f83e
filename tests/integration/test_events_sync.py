"""EventBridge with SYNCHRONOUS_EVENTS_EVENTS=1 (a dedicated server): deliveries are done when PutEvents
answers; failed deliveries go to the target's dead-letter queue with AWS's attributes; archives keep
matching events."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import boto3
import pytest
from botocore.config import Config

from localstack import constants
from tests.integration.queue_policy_support import EVENTS, allow_service
from tests.server_process import ServerProcess, start_server


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp: Path = tmp_path_factory.mktemp("events-sync")
    server = start_server(tmp, services=["events", "sqs"], extra_env={"SYNCHRONOUS_EVENTS_EVENTS": "1"})
    yield server
    server.stop()


def client(server: ServerProcess, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.edge_url,
        region_name=constants.DEFAULT_REGION,
        aws_access_key_id=constants.TEST_ACCESS_KEY_ID,
        aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
        config=Config(retries={"max_attempts": 1}),
    )


def queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, allow_service(sqs, url, EVENTS)


def test_delivered_before_put_events_answers(sync_server: ServerProcess) -> None:
    events, sqs = client(sync_server, "events"), client(sync_server, "sqs")
    url, arn = queue(sqs, "sync-target")
    events.put_rule(Name="sync", EventPattern='{"source": ["sync.test"]}')
    events.put_targets(Rule="sync", Targets=[{"Id": "q", "Arn": arn}])
    for n in range(5):
        events.put_events(
            Entries=[{"Source": "sync.test", "DetailType": "t", "Detail": json.dumps({"n": n})}]
        )
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", [])
        assert [json.loads(m["Body"])["detail"]["n"] for m in messages] == [n]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])


def test_failed_delivery_goes_to_dead_letter_queue(sync_server: ServerProcess) -> None:
    events, sqs = client(sync_server, "events"), client(sync_server, "sqs")
    dlq_url, dlq_arn = queue(sqs, "sync-dlq")
    missing = "arn:aws:sqs:us-east-1:000000000000:no-such-queue"
    events.put_rule(Name="to-missing", EventPattern='{"source": ["dlq.test"]}')
    rule_arn = events.describe_rule(Name="to-missing")["Arn"]
    events.put_targets(
        Rule="to-missing", Targets=[{"Id": "gone", "Arn": missing, "DeadLetterConfig": {"Arn": dlq_arn}}]
    )
    answer = events.put_events(Entries=[{"Source": "dlq.test", "DetailType": "t", "Detail": '{"lost": 1}'}])
    messages = sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=0, MessageAttributeNames=["All"])[
        "Messages"
    ]
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["id"] == answer["Entries"][0]["EventId"] and body["detail"] == {"lost": 1}
    attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
    assert attributes["RULE_ARN"] == rule_arn
    assert attributes["TARGET_ARN"] == missing
    assert attributes["ERROR_CODE"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert attributes["RETRY_ATTEMPTS"] == "2"  # the local default RetryPolicy


def test_retry_policy_bounds_the_attempts_before_the_dead_letter_queue(sync_server: ServerProcess) -> None:
    events, sqs = client(sync_server, "events"), client(sync_server, "sqs")
    dlq_url, dlq_arn = queue(sqs, "sync-dlq-no-retry")
    missing = "arn:aws:sqs:us-east-1:000000000000:also-missing"
    events.put_rule(Name="no-retry", EventPattern='{"source": ["retry.test"]}')
    target = {
        "Id": "gone",
        "Arn": missing,
        "DeadLetterConfig": {"Arn": dlq_arn},
        "RetryPolicy": {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60},
    }
    events.put_targets(Rule="no-retry", Targets=[target])
    events.put_events(Entries=[{"Source": "retry.test", "DetailType": "t", "Detail": "{}"}])
    messages = sqs.receive_message(QueueUrl=dlq_url, WaitTimeSeconds=0, MessageAttributeNames=["All"])[
        "Messages"
    ]
    assert messages[0]["MessageAttributes"]["RETRY_ATTEMPTS"]["StringValue"] == "0"


def test_archive_keeps_matching_events(sync_server: ServerProcess) -> None:
    events = client(sync_server, "events")
    bus_arn = events.describe_event_bus(Name="default")["Arn"]
    events.create_archive(
        ArchiveName="kept", EventSourceArn=bus_arn, EventPattern='{"source": ["archive.test"]}'
    )
    for source in ("archive.test", "other.test", "archive.test"):
        events.put_events(Entries=[{"Source": source, "DetailType": "t", "Detail": "{}"}])
    assert events.describe_archive(ArchiveName="kept")["EventCount"] == 2


def test_replay_sends_archived_events_to_rules(sync_server: ServerProcess) -> None:
    events, sqs = client(sync_server, "events"), client(sync_server, "sqs")
    bus_arn = events.describe_event_bus(Name="default")["Arn"]
    archive_arn = events.create_archive(
        ArchiveName="for-replay", EventSourceArn=bus_arn, EventPattern='{"source": ["replay.test"]}'
    )["ArchiveArn"]
    events.put_events(Entries=[{"Source": "replay.test", "DetailType": "t", "Detail": '{"n": 1}'}])
    url, arn = queue(sqs, "replayed")
    events.put_rule(Name="replayed", EventPattern='{"source": ["replay.test"]}')
    events.put_targets(Rule="replayed", Targets=[{"Id": "q", "Arn": arn}])
    events.start_replay(
        ReplayName="again",
        EventSourceArn=archive_arn,
        EventStartTime=0,
        EventEndTime=4102444800,
        Destination={"Arn": bus_arn},
    )
    messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0, MaxNumberOfMessages=10)["Messages"]
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["replay-name"] == "again" and body["detail"] == {"n": 1}
    assert events.describe_archive(ArchiveName="for-replay")["EventCount"] == 1  # replays are not re-archived


def test_replay_keeps_to_time_window_and_filter_arns(sync_server: ServerProcess) -> None:
    events, sqs = client(sync_server, "events"), client(sync_server, "sqs")
    bus_arn = events.describe_event_bus(Name="default")["Arn"]
    archive_arn = events.create_archive(
        ArchiveName="windowed", EventSourceArn=bus_arn, EventPattern='{"source": ["window.test"]}'
    )["ArchiveArn"]
    for year in (2020, 2021, 2022):
        when = datetime(year, 6, 1, tzinfo=timezone.utc)
        entry = {
            "Source": "window.test",
            "DetailType": "t",
            "Detail": json.dumps({"year": year}),
            "Time": when,
        }
        events.put_events(Entries=[entry])
    urls = {}
    for name in ("wanted", "filtered-out"):
        urls[name], arn = queue(sqs, f"replay-{name}")
        events.put_rule(Name=name, EventPattern='{"source": ["window.test"]}')
        events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
    wanted_arn = events.describe_rule(Name="wanted")["Arn"]
    events.start_replay(
        ReplayName="window",
        EventSourceArn=archive_arn,
        EventStartTime=datetime(2021, 1, 1, tzinfo=timezone.utc),
        EventEndTime=datetime(2022, 1, 1, tzinfo=timezone.utc),
        Destination={"Arn": bus_arn, "FilterArns": [wanted_arn]},
    )
    messages = sqs.receive_message(QueueUrl=urls["wanted"], WaitTimeSeconds=0, MaxNumberOfMessages=10)
    assert [json.loads(m["Body"])["detail"]["year"] for m in messages["Messages"]] == [2021]
    assert "Messages" not in sqs.receive_message(QueueUrl=urls["filtered-out"], WaitTimeSeconds=0)


def test_replay_shows_when_it_last_replayed_an_event(sync_server: ServerProcess) -> None:
    events = client(sync_server, "events")
    bus_arn = events.describe_event_bus(Name="default")["Arn"]
    archive_arn = events.create_archive(
        ArchiveName="last-replayed", EventSourceArn=bus_arn, EventPattern='{"source": ["last.test"]}'
    )["ArchiveArn"]
    events.put_events(Entries=[{"Source": "last.test", "DetailType": "t", "Detail": "{}"}])
    for name, start in (("with-events", 0), ("empty-window", 1)):
        events.start_replay(
            ReplayName=name,
            EventSourceArn=archive_arn,
            EventStartTime=start,
            EventEndTime=start + 1 if start else 4102444800,
            Destination={"Arn": bus_arn},
        )
    replayed = events.describe_replay(ReplayName="with-events")
    assert replayed["State"] == "COMPLETED"
    assert replayed["EventLastReplayedTime"] >= replayed["ReplayStartTime"]
    assert "EventLastReplayedTime" not in events.describe_replay(ReplayName="empty-window")
    listed = {r["ReplayName"]: r for r in events.list_replays()["Replays"]}
    assert "EventLastReplayedTime" in listed["with-events"]
    assert "EventLastReplayedTime" not in listed["empty-window"]
