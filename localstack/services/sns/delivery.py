"""Delivers published messages to a topic's subscribers (SQS, Lambda, HTTP/S, email, SMS, platform
endpoints) through the event dispatcher, in order for FIFO topics, and to the subscription's
dead-letter queue when a delivery fails."""

from __future__ import annotations

import collections
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from localstack.config import get_config
from localstack.services.sns import envelopes, filters, models
from localstack.services.sns.publishing import Published
from localstack.services.sns.senders import SENDERS, DeliveryError, raw_fits_a_queue, send_to_queue

LOG = logging.getLogger(__name__)

FIFO_DEDUP_WINDOW = 300.0  # seconds, as AWS


def synchronous() -> bool:
    """SYNCHRONOUS_SNS_EVENTS=1: deliver before Publish answers (deterministic tests)."""
    return get_config().is_synchronous("sns")


def is_true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


@dataclass
class Target:
    """A subscription as it stood when the message was published."""

    arn: str
    protocol: str
    endpoint: str
    attributes: dict[str, Any] = field(default_factory=dict)
    signature_version: str = "1"


def submit(delivery: Callable[..., None], *args: Any) -> None:
    from localstack.services import infra

    infra.current().dispatcher.submit(delivery, *args, synchronous=synchronous())


def dispatch(published: Published) -> None:
    """Called by the listener for every accepted message once moto answered Publish/PublishBatch."""
    if published.phone_number:
        keep_message(published.account_id, published.region, published, "sms", published.phone_number)
        return
    if published.endpoint_arn:
        keep_message(published.account_id, published.region, published, "application", published.endpoint_arn)
        return
    topic, targets = targets_of(published.topic_arn or "")
    if topic is None:
        return
    if not is_true(getattr(topic, "fifo_topic", False)):
        for target in targets:
            submit(deliver, published, target)
        return
    if not _first_of_its_kind(topic, published):
        return
    if synchronous():
        for target in targets:
            deliver(published, target)
        return
    store = models.store_for_arn(published.topic_arn or "")
    with store.lock:
        store.fifo_lanes.setdefault(topic.arn, collections.deque()).append((published, targets))
        if topic.arn in store.fifo_draining:
            return
        store.fifo_draining.add(topic.arn)
    submit(_drain_lane, store, topic.arn)


def _first_of_its_kind(topic: Any, published: Published) -> bool:
    """FIFO deduplication over 5 minutes, by MessageDeduplicationId or the SHA-256 of the body, across
    the topic or, with FifoThroughputScope MessageGroup, within each message group (CreateTopic's API
    reference)."""
    if not published.deduplication_id:
        published.deduplication_id = hashlib.sha256(published.message.encode("utf-8")).hexdigest()
    store = models.store_for_arn(topic.arn)
    now = time.monotonic()
    per_group = str(getattr(topic, "fifo_throughput_scope", "") or "") == "MessageGroup"
    key = (topic.arn, published.group_id if per_group else None, published.deduplication_id)
    with store.lock:
        if len(store.fifo_dedup) > 1000:
            for old in [k for k, seen in store.fifo_dedup.items() if now - seen > FIFO_DEDUP_WINDOW]:
                del store.fifo_dedup[old]
        seen = store.fifo_dedup.get(key)
        if seen is not None and now - seen < FIFO_DEDUP_WINDOW:
            return False
        store.fifo_dedup[key] = now
    return True


def _drain_lane(store: models.SnsRegionStore, topic_arn: str) -> None:
    """Deliver a FIFO topic's messages one after the other, in publish order."""
    while True:
        with store.lock:
            lane = store.fifo_lanes.get(topic_arn)
            if not lane:
                store.fifo_lanes.pop(topic_arn, None)
                store.fifo_draining.discard(topic_arn)
                return
            published, targets = lane.popleft()
        for target in targets:
            deliver(published, target)


def targets_of(topic_arn: str) -> tuple[Any, list[Target]]:
    """The topic (moto's object) and its confirmed subscriptions."""
    from moto.sns.models import sns_backends

    parts = topic_arn.split(":")
    if len(parts) < 6:
        return None, []
    backend = sns_backends[parts[4]][parts[3]]
    topic = backend.topics.get(topic_arn)
    if topic is None:
        return None, []
    version = str(getattr(topic, "signature_version", "") or "1")
    topic_policy = getattr(topic, "delivery_policy", "") or ""
    targets = [
        Target(
            sub.arn,
            sub.protocol,
            sub.endpoint,
            {**sub.attributes, "TopicDeliveryPolicy": topic_policy},
            version,
        )
        for sub in list(backend.subscriptions.values())
        if sub.topic is topic and getattr(sub, "ls_confirmation", "confirmed") == "confirmed"
    ]
    return topic, targets


def deliver(published: Published, target: Target) -> None:
    """One message to one subscriber; a failure goes to the subscription's DLQ, or to the log."""
    platform = target.endpoint.split(":")[5].split("/")[1] if target.protocol == "application" else None
    message = envelopes.message_for(published, target.protocol, platform)
    if not filters.passes(target.attributes, message, published.message_attributes):
        return
    raw = is_true(target.attributes.get("RawMessageDelivery"))
    try:
        if target.protocol in ("email", "email-json", "sms", "application"):
            keep_message(
                published.account_id,
                published.region,
                published,
                target.protocol,
                target.endpoint,
                target,
                message,
            )
            return
        sender = SENDERS.get(target.protocol)
        if sender is None:
            raise DeliveryError(f"protocol {target.protocol} is not delivered by this emulator")
        sender(published, target, message, raw)
    except Exception as error:
        _dead_letter(published, target, message, raw, error)


def _dead_letter(published: Published, target: Target, message: str, raw: bool, error: Exception) -> None:
    dlq_arn = None
    try:
        dlq_arn = json.loads(target.attributes.get("RedrivePolicy") or "{}").get("deadLetterTargetArn")
    except (ValueError, AttributeError):
        pass
    if not dlq_arn:
        LOG.warning("SNS delivery of %s to %s failed: %s", published.message_id, target.endpoint, error)
        return
    LOG.info(
        "SNS delivery of %s to %s failed (%s); sent to %s",
        published.message_id,
        target.endpoint,
        error,
        dlq_arn,
    )
    # A raw message with more attributes than a queue carries reaches the DLQ in the JSON envelope,
    # which holds them all in its body: the raw form would be refused there too and the message lost.
    dlq_raw = raw and raw_fits_a_queue(published)
    try:
        send_to_queue(dlq_arn, published, target, message, dlq_raw)
    except Exception as dlq_error:
        LOG.warning(
            "SNS message %s could not reach its dead-letter queue %s: %s",
            published.message_id,
            dlq_arn,
            dlq_error,
        )


def keep_message(
    account_id: str,
    region: str,
    published: Published,
    protocol: str,
    endpoint: str,
    target: Target | None = None,
    message: str | None = None,
) -> None:
    """Email, SMS and platform-endpoint messages are kept for GET /_localstack/sns/messages."""
    if protocol == "application":
        _check_endpoint_enabled(endpoint)
    text = published.message if message is None else message
    if protocol == "email-json" and target is not None:
        text = envelopes.to_json(
            envelopes.notification(published, target.arn, text, target.signature_version)
        )
    record: dict[str, Any] = {
        "type": "Notification",
        "protocol": protocol,
        "endpoint": endpoint,
        "messageId": published.message_id,
        "topicArn": published.topic_arn,
        "subscriptionArn": target.arn if target else None,
        "subject": published.subject,
        "message": text,
        "messageAttributes": published.message_attributes or {},
        "timestamp": envelopes.timestamp(),
        "accountId": account_id,
        "region": region,
    }
    if protocol == "sms":
        record["phoneNumber"] = endpoint
    if protocol == "application":
        record["endpointArn"] = endpoint
    store = models.sns_stores[account_id][region]
    store.kept_messages.append(record)


def _check_endpoint_enabled(endpoint_arn: str) -> None:
    from moto.sns.models import sns_backends

    parts = endpoint_arn.split(":")
    endpoint = sns_backends[parts[4]][parts[3]].platform_endpoints.get(endpoint_arn)
    if endpoint is None:
        raise DeliveryError(f"platform endpoint {endpoint_arn} does not exist")
    if not is_true(endpoint.attributes.get("Enabled", True)):
        raise DeliveryError(f"platform endpoint {endpoint_arn} is disabled")
