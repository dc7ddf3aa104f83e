"""Corrections to moto's sqs backend, applied by the starter before the backend is built.

Most corrections keep moto's behaviour and remove a cost that grew with the number of messages;
`_fifo_deduplication_and_sequence` also fixes FIFO semantics moto gets wrong.
"""

from __future__ import annotations

import itertools
import json
import operator
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

from localstack.services.sqs import (
    batch_entries,
    dead_letters,
    empty_maps,
    fifo_order,
    message_attributes,
    permissions,
    queue_tags,
    sender_identity,
    system_attributes,
)
from localstack.services.sqs.move_tasks import receiving

_applied = False
_lock = threading.Lock()

# Receipt handle -> the message that was given it (moto keeps handles on the message only).
_message_by_handle: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


_SET_ONLY_WHEN_PRESENT = ("Policy", "RedrivePolicy", "RedriveAllowPolicy")


def _stored_policy(queue: Any) -> str:
    """The Policy text as the client sent it, until AddPermission or RemovePermission rewrite it."""
    stored = queue.__dict__.get("ls_policy_text")
    if stored is not None and stored[1] == queue._policy_json:
        return stored[0]
    return json.dumps(queue._policy_json, separators=(",", ":"))


class QueueAttributes(Mapping):
    """A queue's attributes computed per key on access, not all at once.

    moto builds every attribute (three of them count messages, scanning the whole queue) even
    when its caller reads one, e.g. `ContentBasedDeduplication` on every send.
    """

    def __init__(self, queue: Any) -> None:
        self._queue = queue

    def _names(self) -> list[str]:
        queue = self._queue
        names = [name for name in queue.BASE_ATTRIBUTES if name not in _SET_ONLY_WHEN_PRESENT]
        if queue.fifo_queue:
            names += queue.FIFO_ATTRIBUTES
        if queue.kms_master_key_id:
            names += queue.KMS_ATTRIBUTES
        # Policies appear only while set: AWS omits a cleared one (moto showed "null").
        if queue._policy_json.get("Statement"):
            names.append("Policy")
        if queue.redrive_policy:
            names.append("RedrivePolicy")
        if getattr(queue, "redrive_allow_policy", None):
            names.append("RedriveAllowPolicy")
        return names

    def __getitem__(self, name: str) -> Any:
        if name not in self._names():
            raise KeyError(name)
        from moto.core.utils import camelcase_to_underscores

        queue = self._queue
        if name == "Policy":
            return _stored_policy(queue)
        if name == "RedrivePolicy":
            return json.dumps(queue.redrive_policy, separators=(",", ":"))
        value = getattr(queue, camelcase_to_underscores(name))
        if name in ("CreatedTimestamp", "LastModifiedTimestamp"):
            return str(int(value))  # AWS shows whole seconds
        return str(value).lower() if isinstance(value, bool) else value

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


_VISIBLE_AT = operator.attrgetter("visible_at")


class InFlightPrefix:
    """What the last receive of a queue learnt: its first `length` messages were in flight until at
    least `until` (ms), the last of them being `last`. A receive passes over such a prefix at once while
    it still holds: no message in it was removed (messages are only appended, or removed in order, so
    `last` still sits at `length - 1`), the clock is not past `until`, and no message anywhere had its
    visibility shortened (`_shortened[0]` unchanged)."""

    __slots__ = ("length", "last", "until", "shortened")

    def __init__(self, length: int, last: Any, until: float, shortened: int) -> None:
        self.length, self.last, self.until, self.shortened = length, last, until, shortened


# Counts ChangeMessageVisibility calls that brought a message's visibility closer: any prefix is void.
_shortened = [0]


class VisibleMessages:
    """The visible, undelayed messages of a queue, found while iterating (moto listed them all).

    One clock reading per receive, and messages in flight are passed over in C (compress over their
    `visible_at`): moto read the clock twice per message, so a receive cost grew with the messages
    other consumers had in flight. The run of in-flight messages at the head of the queue is
    remembered (InFlightPrefix), so the next receive starts after it."""

    def __init__(self, messages: list, queue: Any = None) -> None:
        self._messages = messages
        self._queue = queue

    def _start(self, now: float) -> int:
        """Where the first visible message may be: after the in-flight prefix, remembered anew."""
        messages = self._messages
        queue = self._queue
        start, until = 0, float("inf")
        hint = queue.__dict__.get("ls_in_flight") if queue is not None else None
        if (
            hint is not None
            and hint.shortened == _shortened[0]
            and now <= hint.until
            and len(messages) >= hint.length
            and (hint.length == 0 or messages[hint.length - 1] is hint.last)
        ):
            start, until = hint.length, hint.until
        total = len(messages)
        # The first message from `start` whose visibility has come (C loops: no Python per message).
        visible_at = map(_VISIBLE_AT, map(messages.__getitem__, range(start, total)))
        first = next(itertools.compress(itertools.count(start), map(now.__gt__, visible_at)), total)
        if first > start:
            until = min(until, min(map(_VISIBLE_AT, map(messages.__getitem__, range(start, first)))))
        if queue is not None:
            last = messages[first - 1] if first else None
            queue.__dict__["ls_in_flight"] = InFlightPrefix(first, last, until, _shortened[0])
        return first

    def __iter__(self) -> Iterator[Any]:
        from moto.sqs import models

        messages = self._messages
        now = float(models.unix_time_millis())
        positions = range(self._start(now), len(messages))
        # Message.visible is `now > visible_at`; Message.delayed is `now < delayed_until`. The queue's
        # lock is held throughout a receive, so the list does not change under this loop.
        visible = map(now.__gt__, map(_VISIBLE_AT, map(messages.__getitem__, positions)))
        for position in itertools.compress(positions, visible):
            message = messages[position]
            if not now < message.delayed_until:
                yield message

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __len__(self) -> int:
        return sum(1 for _ in self)


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from moto.sqs import models

        # Reading one attribute (every send and receive does) counted every message in the queue.
        models.Queue.attributes = property(QueueAttributes)  # type: ignore[assignment]
        # Receiving built the list of all visible messages to take the first few.
        # A FIFO queue serves whole message groups in the order they became deliverable (fifo_order).
        models.Queue.messages = property(  # type: ignore
            lambda queue: (
                fifo_order.deliverable(queue) if queue.fifo_queue else VisibleMessages(queue._messages, queue)
            )
        )
        fifo_order.apply(models)
        _visibility_shortened_voids_prefixes(models)
        _index_receipt_handles(models)
        _receive_costs_what_it_receives(models)
        _fifo_deduplication_and_sequence(models)
        _expired_handle_changes_nothing(models)
        _fifo_expired_handle_deletes_nothing(models)
        _unknown_handle_words(models)
        _atomic_per_queue(models)
        _fifo_zero_delay_means_queue_delay(models)
        _name_the_conflicting_attribute(models)
        _policies_kept_as_set(models)
        _purge_in_progress_is_forbidden(models)
        permissions.apply(models)
        # Attribute names are checked by validation.py before moto sees them, with letters of any script
        # (an AWS-validated test sends `attr.1øßä`); moto took ASCII letters only.
        models.Message.validate_attribute_name = staticmethod(lambda name: None)
        dead_letters.apply(models)
        batch_entries.apply(models)
        message_attributes.apply(models)
        message_attributes.apply_to_responses()
        empty_maps.apply()
        _queue_owner_account()
        _dead_letter_sources_paged()
        queue_tags.apply(models)
        system_attributes.apply()
        sender_identity.apply(models)
        _applied = True


def _visibility_shortened_voids_prefixes(models: Any) -> None:
    """A message whose visibility comes sooner than before may be in a remembered in-flight prefix."""
    original = models.Message.change_visibility

    def change_visibility(message: Any, visibility_timeout: int) -> None:
        before = message.visible_at
        original(message, visibility_timeout)
        if message.visible_at < before:
            _shortened[0] += 1

    models.Message.change_visibility = change_visibility


def _index_receipt_handles(models: Any) -> None:
    """Deleting a message scanned every message's handles twice; look the handle up instead."""
    original_mark_received = models.Message.mark_received
    original_delete = models.Queue.delete_message
    original_receive = models.SQSBackend.receive_message

    def mark_received(message: Any, visibility_timeout: int | None = None) -> None:
        original_mark_received(message, visibility_timeout)
        _message_by_handle[message.receipt_handle] = message

    def receive_message(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> list:
        received = original_receive(backend, queue_name, *args, **kwargs)
        queue = backend.queues.get(queue_name)
        for copy in received:
            message = _message_by_handle.get(copy.receipt_handle)
            if message is not None:
                # An id, not the queue: moto deep-copies messages, and a queue holds a lock.
                message.ls_queue_id = id(queue)
        return received

    def delete_message(queue: Any, receipt_handle: str) -> None:
        message = _message_by_handle.get(receipt_handle)
        if receipt_handle in queue.deleted_messages or message is None or message.ls_queue_id != id(queue):
            return original_delete(queue, receipt_handle)
        try:
            # Received messages sit near the head of the list: the scan stops early.
            queue._messages.remove(message)
        except ValueError:
            return original_delete(queue, receipt_handle)
        queue.pending_messages.discard(message)
        queue.deleted_messages.update(message.all_receipt_handles)
        return None

    models.Message.ls_queue_id = None
    models.Message.mark_received = mark_received
    models.SQSBackend.receive_message = receive_message
    models.Queue.delete_message = delete_message


def _receive_costs_what_it_receives(models: Any) -> None:
    """Each receive built the set of message groups of every in-flight message (FIFO queues now hold
    groups back in fifo_order instead, so none is built), and drew each of a receipt handle's 185
    letters with its own `random.choice` (one `choices` call draws them from the same generator:
    moto's, which persistence seeds per request, so a replayed receive hands out the handle its
    recorded delete names)."""
    import string

    from moto.moto_api._internal import mock_random

    def pending_message_groups(queue: Any) -> set[str]:
        # FIFO groups are held back by fifo_order.deliverable (from their head), not locked whole.
        return set()

    def generate_receipt_handle() -> str:
        return "".join(mock_random.choices(string.ascii_lowercase, k=185))

    models.Queue.pending_message_groups = property(pending_message_groups)
    models.generate_receipt_handle = generate_receipt_handle


DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000


class FifoState:
    """A FIFO queue's deduplication ids (first send time, ms) and its last sequence number."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.first_sent: dict[tuple[str | None, str], int] = {}
        self.last_sequence = 0
        self.sends_since_prune = 0

    def is_duplicate(self, key: tuple[str | None, str], now_ms: int) -> bool:
        first = self.first_sent.get(key)
        if first is not None and now_ms - first < DEDUPLICATION_WINDOW_MS:
            return True
        self.first_sent[key] = now_ms
        self.sends_since_prune += 1
        if self.sends_since_prune >= 1000:
            self.sends_since_prune = 0
            expired = [k for k, sent in self.first_sent.items() if now_ms - sent >= DEDUPLICATION_WINDOW_MS]
            for k in expired:
                del self.first_sent[k]
        return False

    def forget_deduplication_ids(self) -> None:
        with self.lock:
            self.first_sent.clear()

    def next_sequence(self) -> str:
        # 20 digits, growing with every message of the queue (so within each group), as on AWS.
        self.last_sequence = max(self.last_sequence + 1, 10**19 + time.time_ns() // 1000)
        return str(self.last_sequence)


def _fifo_state(queue: Any) -> FifoState:
    state = queue.__dict__.get("ls_fifo")
    if state is None:
        with _lock:
            state = queue.__dict__.setdefault("ls_fifo", FifoState())
    return state


def _fifo_deduplication_and_sequence(models: Any) -> None:
    """FIFO: a deduplication id stays known for 5 minutes even once its message was deleted (moto
    scanned only the messages still queued, all of them on every send), and every message gets a
    growing SequenceNumber (moto gave random digits, and only with an explicit deduplication id)."""
    original_add = models.Queue.add_message

    def add_message(queue: Any, message: Any) -> None:
        if not queue.fifo_queue or message.deduplication_id is None:
            return original_add(queue, message)
        state = _fifo_state(queue)
        per_group = getattr(queue, "deduplication_scope", "queue") == "messageGroup"
        key = (message.group_id if per_group else None, message.deduplication_id)
        with state.lock:
            if state.is_duplicate(key, message.sent_timestamp or int(time.time() * 1000)):
                return None
            message.sequence_number = state.next_sequence()
        if queue.lambda_event_source_mappings:
            return original_add(queue, message)  # moto's own event source mapping delivery
        with queue._messages_lock:
            queue._messages.append(message)
            queue._messages_lock.notify_all()
        return None

    models.Queue.add_message = add_message


def _expired_handle_changes_nothing(models: Any) -> None:
    """A handle whose visibility timeout has run out: AWS answers OK and leaves the message visible
    (LocalStack's AWS-validated test of an expired handle); moto hid it again for the new timeout."""
    original = models.SQSBackend.change_message_visibility

    def change_message_visibility(
        backend: Any, queue_name: str, receipt_handle: str, visibility_timeout: int
    ) -> None:
        queue = backend.get_queue(queue_name)
        message = _message_by_handle.get(receipt_handle)
        if (
            message is not None
            and message.visible
            and getattr(message, "ls_queue_id", None) == id(queue)
            and any(held is message for held in queue._messages)
        ):
            return None
        return original(backend, queue_name, receipt_handle, visibility_timeout)

    models.SQSBackend.change_message_visibility = change_message_visibility


def _fifo_expired_handle_deletes_nothing(models: Any) -> None:
    """A FIFO queue's handle is valid only while its receive holds the message: once the visibility
    timeout ran out (or another receive took it) DeleteMessage is refused in AWS's words (LocalStack's
    AWS-recorded FIFO test), where moto deleted a message someone else may be processing. In
    DeleteMessageBatch the entry fails alone. Standard queues still delete with an old handle."""
    original = models.SQSBackend.delete_message
    original_batch = models.SQSBackend.delete_message_batch

    def expired(queue: Any, receipt_handle: str) -> bool:
        message = _message_by_handle.get(receipt_handle)
        return (
            message is not None
            and getattr(message, "ls_queue_id", None) == id(queue)
            and (message.visible or message.receipt_handle != receipt_handle)
            and any(held is message for held in queue._messages)
        )

    def refusal(receipt_handle: str) -> str:
        return (
            f"Value {receipt_handle} for parameter ReceiptHandle is invalid. "
            "Reason: The receipt handle has expired."
        )

    def delete_message(backend: Any, queue_name: str, receipt_handle: str) -> None:
        queue = backend.get_queue(queue_name)
        if queue.fifo_queue and expired(queue, receipt_handle):
            raise models.InvalidParameterValue(refusal(receipt_handle))
        return original(backend, queue_name, receipt_handle)

    def delete_message_batch(backend: Any, queue_name: str, receipts: list[dict[str, Any]]) -> Any:
        queue = backend.get_queue(queue_name)
        if not queue.fifo_queue:
            return original_batch(backend, queue_name, receipts)
        kept, refused = [], []
        for entry in receipts:
            if expired(queue, entry["ReceiptHandle"]):
                refused.append(
                    {
                        "Id": entry["Id"],
                        "SenderFault": True,
                        "Code": "InvalidParameterValue",
                        "Message": refusal(entry["ReceiptHandle"]),
                    }
                )
            else:
                kept.append(entry)
        success, errors = original_batch(backend, queue_name, kept)
        return success, errors + refused

    models.SQSBackend.delete_message = delete_message
    models.SQSBackend.delete_message_batch = delete_message_batch


def _unknown_handle_words(models: Any) -> None:
    """DeleteMessage with a handle this queue never issued (another queue's): AWS's sentence naming the
    handle, the one moto's own DeleteMessageBatch gives; moto's DeleteMessage had a shorter one."""
    original = models.SQSBackend.delete_message

    def delete_message(backend: Any, queue_name: str, receipt_handle: str) -> None:
        try:
            original(backend, queue_name, receipt_handle)
        except models.ReceiptHandleIsInvalid as error:
            error.message = f'The input receipt handle "{receipt_handle}" is not a valid receipt handle.'
            raise

    models.SQSBackend.delete_message = delete_message


def _atomic_per_queue(models: Any) -> None:
    """Receive, change visibility, delete and purge ran unlocked: two receivers could both take one
    message, and a set changed size while another thread iterated it. Each now holds the queue's own
    (reentrant) lock; a long poll waits outside it, woken by sends, deletes and visibility changes."""
    original_receive = models.SQSBackend.receive_message
    original_delete = models.SQSBackend.delete_message
    original_change = models.SQSBackend.change_message_visibility
    original_purge = models.SQSBackend.purge_queue

    def receive_message(
        backend: Any,
        queue_name: str,
        count: int,
        wait_seconds_timeout: int,
        visibility_timeout: int,
        message_attribute_names: list[str] | None = None,
    ) -> list:
        queue = backend.get_queue(queue_name)
        lock = queue._messages_lock
        deadline = time.monotonic() + (wait_seconds_timeout or 0)
        if message_attribute_names and "*" in message_attribute_names:
            # "*" names every message attribute, as "All" and ".*" do (recorded against AWS:
            # LocalStack's all_wildcard_asterisk); moto matched it to no attribute.
            message_attribute_names = [*message_attribute_names, "All"]
        while True:
            with lock:
                # A message moved to the dead-letter queue during this receive remembers its source.
                receiving.queue_arn = queue.queue_arn
                try:
                    received = original_receive(
                        backend, queue_name, count, 0, visibility_timeout, message_attribute_names
                    )
                finally:
                    receiving.queue_arn = None
                remaining = deadline - time.monotonic()
                if received or remaining <= 0:
                    return received
                # Woken by a send, a delete or a visibility change; a message whose timeout or
                # delay runs out wakes nobody, hence the bounded wait.
                lock.wait(timeout=min(remaining, 0.5))

    def delete_message(backend: Any, queue_name: str, receipt_handle: str) -> None:
        lock = backend.get_queue(queue_name)._messages_lock
        with lock:
            original_delete(backend, queue_name, receipt_handle)
            lock.notify_all()  # a FIFO group may be free again

    def change_message_visibility(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> None:
        lock = backend.get_queue(queue_name)._messages_lock
        with lock:
            original_change(backend, queue_name, *args, **kwargs)
            lock.notify_all()

    def purge_queue(backend: Any, queue_name: str) -> None:
        queue = backend.get_queue(queue_name)
        with queue._messages_lock:
            original_purge(backend, queue_name)
        if queue.fifo_queue:
            # A purge also forgets the deduplication ids: the same id sent again after it is delivered
            # (LocalStack's AWS-validated test_purge_queue_clears_fifo_deduplication_cache).
            _fifo_state(queue).forget_deduplication_ids()

    original_add = models.Queue.add_message

    def add_message(queue: Any, message: Any) -> None:
        source_arn = getattr(receiving, "queue_arn", None)
        if source_arn and source_arn != queue.queue_arn:
            message.ls_dead_letter_source = source_arn  # where a redrive task sends it back
        return original_add(queue, message)

    models.SQSBackend.receive_message = receive_message
    models.SQSBackend.delete_message = delete_message
    models.SQSBackend.change_message_visibility = change_message_visibility
    models.SQSBackend.purge_queue = purge_queue
    models.Queue.add_message = add_message


def _fifo_zero_delay_means_queue_delay(models: Any) -> None:
    """FIFO messages cannot have their own delay: an explicit DelaySeconds of 0 leaves the queue's
    delay in force (moto delivered such messages at once)."""
    original_send = models.SQSBackend.send_message

    def send_message(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        delay = kwargs.get("delay_seconds")
        if delay is not None and str(delay) == "0" and backend.get_queue(queue_name).fifo_queue:
            kwargs["delay_seconds"] = None
        return original_send(backend, queue_name, *args, **kwargs)

    models.SQSBackend.send_message = send_message


def _name_the_conflicting_attribute(models: Any) -> None:
    """CreateQueue of an existing name with another attribute value: AWS names the attribute in
    its message (moto said only that the queue exists)."""
    from moto.sqs.exceptions import QueueAlreadyExists

    original_create = models.SQSBackend.create_queue

    def create_queue(backend: Any, name: str, tags: Any = None, **kwargs: Any) -> Any:
        try:
            return original_create(backend, name, tags, **kwargs)
        except QueueAlreadyExists:
            existing = backend.queues[name].attributes
            attributes = {k: v for k, v in kwargs.items() if k != "region"}
            probe = models.Queue(
                name, region=backend.region_name, account_id=backend.account_id, **attributes
            )
            wanted = probe.attributes
            differing = next((k for k in attributes if existing.get(k) != wanted.get(k)), None)
            raise QueueAlreadyExists(
                f"A queue already exists with the same name and a different value for attribute {differing}"
            ) from None

    models.SQSBackend.create_queue = create_queue


def _policies_kept_as_set(models: Any) -> None:
    """SetQueueAttributes without Policy cleared the policy (moto reset it on every call); the Policy
    text is kept as sent; RedriveAllowPolicy is a known attribute, cleared by an empty string; a KMS
    key and SqsManagedSseEnabled exclude each other."""
    original_set = models.Queue._set_attributes
    if "RedriveAllowPolicy" not in models.Queue.BASE_ATTRIBUTES:
        models.Queue.BASE_ATTRIBUTES = [*models.Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
    models.Queue.redrive_allow_policy = None

    def _set_attributes(queue: Any, attributes: dict[str, Any], now: float | None = None) -> None:
        kept = queue.__dict__.get("_policy_json")
        original_set(queue, attributes, now)
        if "Policy" not in attributes and kept is not None:
            queue._policy_json = kept
        elif attributes.get("Policy"):
            queue.ls_policy_text = (attributes["Policy"], json.loads(attributes["Policy"]))
        if attributes.get("RedriveAllowPolicy") == "":
            queue.redrive_allow_policy = None
        # One encryption at a time: a KMS key turns SQS-managed encryption off, removing the key
        # turns it back on (as AWS shows them in GetQueueAttributes).
        if attributes.get("KmsMasterKeyId"):
            queue.sqs_managed_sse_enabled = False
        elif attributes.get("KmsMasterKeyId") == "" and "SqsManagedSseEnabled" not in attributes:
            queue.sqs_managed_sse_enabled = True

    models.Queue._set_attributes = _set_attributes


def _dead_letter_sources_paged() -> None:
    """ListDeadLetterSourceQueues pages by MaxResults and NextToken as ListQueues does (API reference);
    moto listed every source queue and never answered a NextToken."""
    from moto.core.responses import PaginatedResult
    from moto.sqs.responses import SQSResponse

    original = SQSResponse.list_dead_letter_source_queues

    def list_dead_letter_source_queues(self: Any) -> Any:
        answer = original(self)
        if self._get_param("MaxResults"):
            return PaginatedResult(answer.result)
        return answer

    SQSResponse.list_dead_letter_source_queues = list_dead_letter_source_queues


def _queue_owner_account() -> None:
    """GetQueueUrl with QueueOwnerAWSAccountId finds the queue in that account (moto looked only in
    the caller's)."""
    from urllib.parse import urlparse

    from moto.core.responses import ActionResult
    from moto.sqs.models import sqs_backends
    from moto.sqs.responses import SQSResponse

    original = SQSResponse.get_queue_url

    def get_queue_url(self: Any) -> Any:
        owner = self._get_param("QueueOwnerAWSAccountId")
        if not owner or owner == self.current_account:
            return original(self)
        queue = sqs_backends[owner][self.region].get_queue_url(self._get_param("QueueName"))
        return ActionResult({"QueueUrl": queue.url(urlparse(self.uri))})

    SQSResponse.get_queue_url = get_queue_url

    # A queue URL names its owner's account: a request with another account's queue URL reaches that
    # queue (moto looked it up in the caller's account). AWS also wants a queue policy allowing the
    # caller; the emulator does not enforce queue policies.
    def sqs_backend(self: Any) -> Any:
        url = self._get_param("QueueUrl")
        if isinstance(url, str):
            parts = urlparse(url).path.split("/")
            if len(parts) > 2 and len(parts[1]) == 12 and parts[1].isdigit():
                return sqs_backends[parts[1]][self.region]
        return sqs_backends[self.current_account][self.region]

    SQSResponse.sqs_backend = property(sqs_backend)  # type: ignore[assignment]


def _purge_in_progress_is_forbidden(models: Any) -> None:
    """A second PurgeQueue within 60 s: AWS answers 403 (recorded), moto 400."""
    from moto.sqs.exceptions import PurgeQueueInProgress

    from localstack.utils.aws.errors import AWSError

    original = models.SQSBackend.purge_queue

    def purge_queue(backend: Any, queue_name: str) -> None:
        try:
            original(backend, queue_name)
        except PurgeQueueInProgress as error:
            raise AWSError(error.code, error.message, 403) from None

    models.SQSBackend.purge_queue = purge_queue
