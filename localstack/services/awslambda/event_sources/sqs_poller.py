"""The poller of one SQS mapping: long-polls the queue, invokes with batches, deletes what succeeded.

Failed messages are left alone: they come back after the queue's visibility timeout, and SQS itself
moves them to the queue's dead-letter queue after maxReceiveCount receives (its redrive policy)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from localstack.services.awslambda.event_sources import events, filtering
from localstack.services.awslambda.event_sources.invoker import Outcome, invoke
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)

# Seconds a ReceiveMessage may wait: short, so that disabling a mapping stops it promptly.
LONG_POLL_SECONDS = 1
RECEIVE_LIMIT = 10  # SQS answers at most 10 messages per ReceiveMessage


class SqsPoller:
    def __init__(
        self,
        mapping: Any,
        cancelled: threading.Event,
        invoker: Callable[[str, dict[str, Any]], Outcome] = invoke,
    ) -> None:
        self.mapping = mapping  # moto's EventSourceMapping: updates change it in place
        self.cancelled = cancelled
        self.invoker = invoker
        _, region, account, name = events.arn_parts(mapping.event_source_arn)
        self.queue_name, self.queue_account = name, account
        self.sqs = connect_to("sqs", account, region)
        self.queue_url: str | None = None

    def run(self, stopped: threading.Event) -> None:
        while not (stopped.is_set() or self.cancelled.is_set()):
            try:
                self.poll_once()
            except Exception as error:
                # A deleted queue or a passing failure: keep the mapping, try again shortly, as AWS does.
                LOG.debug("SQS mapping %s: %s", self.mapping.uuid, error)
                self.queue_url = None
                self.cancelled.wait(1)

    def poll_once(self) -> int:
        """Receive one batch and deliver it; the number of messages handled."""
        if self.queue_url is None:
            self.queue_url = self.sqs.get_queue_url(
                QueueName=self.queue_name, QueueOwnerAWSAccountId=self.queue_account
            )["QueueUrl"]
        messages = self.receive_batch()
        if messages and self.cancelled.is_set():
            self._release(messages)  # disabled while receiving: leave them to the next reader at once
            return 0
        if messages:
            self.deliver(messages)
        return len(messages)

    def receive_batch(self) -> list[dict[str, Any]]:
        """Up to BatchSize messages: what one long poll gives, or, with a batching window, what arrives
        until the batch is full or the window has passed since the first message."""
        batch_size = int(self.mapping.batch_size or 10)
        window = float(self.mapping.max_batch_window or 0)
        messages = self._receive(min(RECEIVE_LIMIT, batch_size), LONG_POLL_SECONDS)
        if not messages or window <= 0:
            return messages
        deadline = time.monotonic() + window
        while len(messages) < batch_size and not self.cancelled.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            more = self._receive(min(RECEIVE_LIMIT, batch_size - len(messages)), 1 if remaining >= 1 else 0)
            messages += more
            if not more and remaining < 1:
                self.cancelled.wait(min(remaining, 0.1))
        return messages

    def _receive(self, count: int, wait_seconds: int) -> list[dict[str, Any]]:
        response = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=count,
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        return response.get("Messages") or []

    def deliver(self, messages: list[dict[str, Any]]) -> None:
        arn = self.mapping.event_source_arn
        records = [events.sqs_record(message, arn) for message in messages]
        patterns = filtering.patterns_of(self.mapping.filter_criteria)
        passing = [filtering.record_passes(patterns, record) for record in records]
        # AWS deletes the messages no filter matches: they never reach the function.
        self._delete([message for message, passed in zip(messages, passing, strict=True) if not passed])
        messages = [message for message, passed in zip(messages, passing, strict=True) if passed]
        if not messages:
            return
        outcome = self.invoker(
            self.mapping.function_arn, {"Records": [r for r, p in zip(records, passing, strict=True) if p]}
        )
        if not outcome.ok:
            LOG.info(
                "SQS mapping %s: function failed (%s); %d messages return after the visibility timeout",
                self.mapping.uuid,
                outcome.error,
                len(messages),
            )
            return
        done = messages
        if "ReportBatchItemFailures" in (self.mapping.function_response_types or []):
            failed = events.batch_item_failures(outcome.payload, [m["MessageId"] for m in messages])
            if failed is None:
                LOG.info("SQS mapping %s: invalid batchItemFailures answer, batch failed", self.mapping.uuid)
                return
            done = [message for message in messages if message["MessageId"] not in set(failed)]
        self._delete(done)

    def _release(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), RECEIVE_LIMIT):
            chunk = messages[start : start + RECEIVE_LIMIT]
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(chunk)
            ]
            self.sqs.change_message_visibility_batch(QueueUrl=self.queue_url, Entries=entries)

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), RECEIVE_LIMIT):
            chunk = messages[start : start + RECEIVE_LIMIT]
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)]
            self.sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=entries)
