"""The messages a FIFO receive may take, in the order AWS hands them out (LocalStack's AWS-validated
FIFO tests: group ordering, shared visibility, zero visibility timeout, terminated and changed
visibility, full and partial delete).

- A receive serves whole message groups: every deliverable message of the first group, then of the
  next, up to MaxNumberOfMessages (`g1-m1, g1-m2, g1-m3, g2-m1`, however the sends interleaved).
- A group delivers from its head, in send order, and stops at its first message that is in flight or
  delayed: a group whose head is in flight gives nothing, one whose head came back (visibility ran
  out, was changed, or was received with VisibilityTimeout=0) gives the messages up to the next one
  still in flight.
- Groups are served in the order they became deliverable: by when their head message was sent or last
  came back, so a group just received and returned queues behind groups that waited.

moto locked a group while any of its messages was in flight and served messages in send order across
groups; its lock is replaced by these rules (Queue.pending_message_groups is empty for FIFO queues)."""

from __future__ import annotations

from typing import Any

from moto.core.utils import unix_time_millis


def _came_back_at(message: Any) -> float:
    return max(message.sent_timestamp or 0, message.visible_at, message.__dict__.get("ls_returned_at", 0))


def deliverable(queue: Any) -> list:
    now = unix_time_millis()
    groups: dict[Any, list] = {}
    for message in queue._messages:
        groups.setdefault(message.group_id, []).append(message)
    ready = []
    for position, members in enumerate(groups.values()):
        run = []
        for message in members:
            if now <= message.visible_at or now < message.delayed_until:
                break
            run.append(message)
        if run:
            ready.append((_came_back_at(run[0]), position, run))
    ready.sort(key=lambda entry: (entry[0], entry[1]))
    return [message for _, _, run in ready for message in run]


def apply(models: Any) -> None:
    original_mark_received = models.Message.mark_received

    def mark_received(message: Any, visibility_timeout: int | None = None) -> None:
        original_mark_received(message, visibility_timeout)
        if not visibility_timeout:
            # Received with no visibility timeout: the message is back at once (moto keeps visible_at).
            message.ls_returned_at = unix_time_millis()

    models.Message.mark_received = mark_received
