"""EventBridge -> targets: match an event against a rule, then hand one delivery per target to the event
dispatcher, which calls the target service through the in-process gateway (SQS, SNS, Lambda, Kinesis,
Firehose, Step Functions, CloudWatch Logs, another event bus, API destinations over HTTP). Archives
are moto state, kept inline."""

from __future__ import annotations

import functools
import json
import logging
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from localstack.config import get_config
from localstack.services.events import invocation_metrics, rate_limits
from localstack.services.events.api_destinations import send_to_api_destination
from localstack.services.events.api_gateway_target import send_to_api_gateway
from localstack.services.events.transform import MISSING, payload_for, select
from localstack.services.sqs import queue_policy_access
from localstack.utils.aws.event_patterns import matches
from localstack.utils.aws.internal_client import connect_to, send_message

LOG = logging.getLogger(__name__)
# A target's RetryPolicy, when it gives none: AWS retries 185 times over 24 hours; a local emulator
# retries twice, quickly, then goes to the dead-letter queue (or logs).
DEFAULT_RETRIES = 2
DEFAULT_MAX_EVENT_AGE = 86400.0
RETRY_DELAY = 0.1
TRUE_STRINGS = ("1", "true", "yes", "on")
# The envelope fields AWS sends, in AWS's order; anything else moto keeps (ingestion-time) stays out.
ENVELOPE_FIELDS = (
    "version",
    "id",
    "detail-type",
    "source",
    "account",
    "time",
    "region",
    "resources",
    "detail",
)


def synchronous() -> bool:
    """SYNCHRONOUS_EVENTS_EVENTS=1 (or SYNCHRONOUS_EVENTBRIDGE_EVENTS=1): deliver before PutEvents answers."""
    return get_config().is_synchronous("events")


def iso_time(value: Any) -> str:
    """AWS's event time: `2024-01-05T13:00:00Z` (moto hands us epoch seconds)."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return datetime.fromtimestamp(float(value), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event as AWS delivers it (replays keep their `replay-name`)."""
    result = {key: event[key] for key in ENVELOPE_FIELDS if key in event}
    result["version"] = str(result.get("version", "0"))
    result["time"] = iso_time(result.get("time") or datetime.now(timezone.utc))
    result.setdefault("resources", [])
    result.setdefault("detail", {})
    if "replay-name" in event:
        result["replay-name"] = event["replay-name"]
    return result


def route_event(rule: Any, event: Mapping[str, Any]) -> None:
    """Deliver `event` (put on the rule's bus) to the rule's targets if the rule is enabled and matches.

    Rules with only a schedule match no events."""
    if rule.state != "ENABLED":
        return
    pattern = rule.event_pattern.get_pattern()
    if not pattern:
        return
    event = envelope(event)
    if matches(pattern, event):
        deliver_to_rule(rule, event)


def deliver_to_rule(rule: Any, event: dict[str, Any]) -> None:
    """One delivery per target through the dispatcher (or inline with SYNCHRONOUS_EVENTS_EVENTS=1)."""
    for target in list(rule.targets):
        arn = target.get("Arn", "")
        if _is_archive(arn):
            _store_in_archive(rule, target, event)
            continue
        submit(deliver_to_target, dict(target), event, rule.arn, rule.name, rule.account_id, rule.region_name)


def submit(delivery: Callable[..., Any], *args: Any) -> None:
    from localstack.services import infra

    try:
        dispatcher = infra.current().dispatcher
    except RuntimeError:
        dispatcher = None
    if dispatcher is None:
        delivery(*args)
        return
    dispatcher.submit(delivery, *args, synchronous=synchronous())


def deliver_to_target(
    target: dict[str, Any], event: dict[str, Any], rule_arn: str, rule_name: str, account: str, region: str
) -> None:
    """Send to one target, retried as its RetryPolicy says; then to its dead-letter queue if it has
    one, else logged."""
    arn = target["Arn"]
    parts = arn.split(":", 5)
    if len(parts) < 6:
        raise ValueError(f"not a target ARN: {arn}")
    service = parts[2]
    sender = SENDERS.get(service)
    if sender is None:
        LOG.warning("EventBridge target %s: service %s is not supported as a target", arn, service)
        return
    if service == "execute-api":
        sender = functools.partial(sender, rule_arn=rule_arn)  # it names the rule in a header
    target_region, target_account = parts[3] or region, parts[4] or account
    if service == "events" and target_region != region:
        # A bus in another region receives a copy under a new id (as recorded against AWS); one in
        # another account of the same region receives the event under its own id.
        event = {**event, "id": str(uuid.uuid4())}
    payload = payload_for(target, event, rule_arn, rule_name)
    if service == "events" and parts[5].startswith("api-destination/"):
        rate = api_destination_rate(parts[5], target_account, target_region)
        rate_limits.limiter(arn).run(
            rate,
            lambda: _attempt(target, event, rule_arn, sender, parts, payload, target_account, target_region),
        )
        return
    _attempt(target, event, rule_arn, sender, parts, payload, target_account, target_region)


def api_destination_rate(resource: str, account: str, region: str) -> int:
    """The destination's InvocationRateLimitPerSecond (AWS's default when it has none)."""
    from moto.events.models import events_backends

    from localstack.services.events.connections import DEFAULT_RATE_LIMIT

    destination = events_backends[account][region].destinations.get(resource.split("/")[1])
    limit = getattr(destination, "invocation_rate_limit_per_second", None)
    try:
        return int(limit or DEFAULT_RATE_LIMIT)
    except (TypeError, ValueError):
        return DEFAULT_RATE_LIMIT


def _attempt(
    target: dict[str, Any],
    event: dict[str, Any],
    rule_arn: str,
    sender: Callable[..., None],
    parts: list[str],
    payload: str,
    target_account: str,
    target_region: str,
) -> None:
    if parts[2] == "sqs":
        # A permissions failure is never retried: straight to the dead-letter queue, or dropped.
        try:
            queue_policy_access.check_send(
                f"arn:aws:sqs:{target_region}:{target_account}:{parts[5]}",
                queue_policy_access.EVENTS,
                rule_arn,
            )
        except queue_policy_access.QueueAccessDenied as error:
            _invocation_failed(target, event, rule_arn, error, 0, "NO_PERMISSIONS")
            return
    policy = target.get("RetryPolicy") or {}
    retries = int(policy.get("MaximumRetryAttempts", DEFAULT_RETRIES))
    max_age = float(policy.get("MaximumEventAgeInSeconds", DEFAULT_MAX_EVENT_AGE))
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            sender(target, parts[5], payload, event, target_account, target_region)
            return
        except Exception as error:
            failure = error
        delay = RETRY_DELAY * 2**attempt
        if attempt >= retries or time.monotonic() - started + delay > max_age:
            break
        time.sleep(delay)
        attempt += 1
    _invocation_failed(target, event, rule_arn, failure, attempt, None)


def _invocation_failed(
    target: Mapping[str, Any],
    event: Mapping[str, Any],
    rule_arn: str,
    failure: Exception,
    retries: int,
    code: str | None,
) -> None:
    """A failed invocation counts in the rule's FailedInvocations metric, then goes to the target's
    dead-letter queue if it has one (InvocationsSentToDLQ), else is dropped with a log line."""
    arn = target["Arn"]
    invocation_metrics.record(rule_arn, "FailedInvocations")
    dead_letter = (target.get("DeadLetterConfig") or {}).get("Arn")
    if not dead_letter:
        LOG.warning("EventBridge target %s failed after %d attempts: %s", arn, retries + 1, failure)
        return
    LOG.info("EventBridge target %s failed (%s); sending the event to %s", arn, failure, dead_letter)
    try:
        _send_to_dead_letter_queue(dead_letter, event, rule_arn, arn, failure, retries, code)
    except Exception as error:
        LOG.warning(
            "EventBridge could not send the event to the dead-letter queue %s: %s", dead_letter, error
        )
        invocation_metrics.record(rule_arn, "InvocationsFailedToBeSentToDLQ")
        return
    invocation_metrics.record(rule_arn, "InvocationsSentToDLQ")


def _queue_url(queue_arn: str) -> tuple[Any, str]:
    _, _, _, region, account, name = queue_arn.split(":", 5)
    sqs = connect_to("sqs", account, region)
    return sqs, sqs.get_queue_url(QueueName=name)["QueueUrl"]


def _send_to_sqs(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    if not resource.endswith(".fifo"):
        # Without botocore (and without a GetQueueUrl first): a missing queue is refused by the send.
        send_message(f"http://localhost/{account}/{resource}", payload, account, region)
        return
    sqs, url = _queue_url(f"arn:aws:sqs:{region}:{account}:{resource}")
    params: dict[str, Any] = {"QueueUrl": url, "MessageBody": payload}
    if resource.endswith(".fifo"):
        params["MessageGroupId"] = (target.get("SqsParameters") or {}).get("MessageGroupId")
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ContentBasedDeduplication"])
        if attributes.get("Attributes", {}).get("ContentBasedDeduplication") != "true":
            # Without content-based deduplication a FIFO queue needs an id: one per event.
            params["MessageDeduplicationId"] = event["id"]
    sqs.send_message(**params)


def _send_to_sns(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    connect_to("sns", account, region).publish(TopicArn=target["Arn"], Message=payload)


def _send_to_lambda(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    connect_to("lambda", account, region).invoke(
        FunctionName=target["Arn"], InvocationType="Event", Payload=payload.encode("utf-8")
    )


def _send_to_kinesis(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    key_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
    key: Any = select(key_path, event) if key_path else MISSING
    if key is MISSING or key is None:
        key = event["id"]
    elif not isinstance(key, str):
        key = json.dumps(key)
    connect_to("kinesis", account, region).put_record(
        StreamName=resource.split("/", 1)[1], Data=payload.encode("utf-8"), PartitionKey=key
    )


def _send_to_firehose(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    connect_to("firehose", account, region).put_record(
        DeliveryStreamName=resource.split("/", 1)[1], Record={"Data": payload.encode("utf-8")}
    )


def _send_to_stepfunctions(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    connect_to("stepfunctions", account, region).start_execution(stateMachineArn=target["Arn"], input=payload)


def _send_to_logs(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    group = resource.split(":")[1]  # log-group:NAME or log-group:NAME:*
    logs = connect_to("logs", account, region)
    stream = event["id"]  # one stream per event, named by its id, as EventBridge does
    try:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    now_ms = int(datetime.now(timezone.utc).timestamp() * 1000)
    logs.put_log_events(
        logGroupName=group, logStreamName=stream, logEvents=[{"timestamp": now_ms, "message": payload}]
    )


def _send_to_events(
    target: Mapping[str, Any], resource: str, payload: str, event: Mapping, account: str, region: str
) -> None:
    if resource.startswith("api-destination/"):
        send_to_api_destination(target, resource, payload, account, region)
        return
    if not resource.startswith("event-bus/"):
        raise ValueError(f"unsupported events target {target['Arn']}")
    # Another bus receives the event itself (as AWS forwards it), not the transformed input, and
    # keeps its source account and region (a PutEvents call there would stamp the target's own).
    from moto.events.models import events_backends

    bus = events_backends[account][region].event_buses.get(resource.split("/", 1)[1])
    if bus is None:
        raise LookupError(f"event bus {target['Arn']} does not exist")
    for rule in list(bus.rules.values()):
        route_event(rule, event)


SENDERS: dict[str, Callable[..., None]] = {
    "sqs": _send_to_sqs,
    "sns": _send_to_sns,
    "lambda": _send_to_lambda,
    "kinesis": _send_to_kinesis,
    "firehose": _send_to_firehose,
    "states": _send_to_stepfunctions,
    "logs": _send_to_logs,
    "events": _send_to_events,
    "execute-api": send_to_api_gateway,
}


def _send_to_dead_letter_queue(
    queue_arn: str,
    event: Mapping[str, Any],
    rule_arn: str,
    target_arn: str,
    error: Exception,
    retries: int,
    code: str | None = None,
) -> None:
    # The dead-letter queue's policy must let EventBridge in too, as the target's must.
    queue_policy_access.check_send(queue_arn, queue_policy_access.EVENTS, rule_arn)
    sqs, url = _queue_url(queue_arn)
    code = code or getattr(error, "response", {}).get("Error", {}).get("Code") or type(error).__name__
    attributes = {
        "RULE_ARN": rule_arn,
        "TARGET_ARN": target_arn,
        "ERROR_CODE": code,
        "ERROR_MESSAGE": str(error)[:256],
        "RETRY_ATTEMPTS": str(retries),
    }
    sqs.send_message(
        QueueUrl=url,
        MessageBody=json.dumps(event),
        MessageAttributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
    )


def _is_archive(arn: str) -> bool:
    """moto's archive rules target `arn:aws:events:<region>:::` (no resource)."""
    parts = arn.split(":", 5)
    return len(parts) == 6 and parts[2] == "events" and not parts[5].strip(":")


def _store_in_archive(rule: Any, target: Mapping[str, Any], event: dict[str, Any]) -> None:
    from moto.events.models import events_backends

    rendered = json.loads(payload_for(target, event, rule.arn, rule.name))
    archive_name = rendered["archive-arn"].split("/", 1)[1].split(":")[0]
    archive = events_backends[rule.account_id][rule.region_name].archives.get(archive_name)
    if archive is not None:
        archive.events.append(event)
