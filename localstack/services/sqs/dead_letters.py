"""Dead-letter moves as AWS makes them, on top of moto's: a FIFO queue's exhausted messages reach its
FIFO dead-letter queue in their group order, and a moved message names its source queue in the
`DeadLetterQueueSourceArn` system attribute. Applied by patches.apply()."""

from __future__ import annotations

from typing import Any


def apply(models: Any) -> None:
    _redrive_policy_checks(models)
    _fifo_dead_letters_in_order(models)
    _dead_letter_source_attribute()


def _redrive_policy_checks(models: Any) -> None:
    """AWS refuses a RedrivePolicy whose maxReceiveCount is outside 1..1000, whose target does not
    exist, or whose target is not of the source's type (FIFO or standard), each with
    InvalidParameterValue quoting the policy as sent. moto allowed a standard source with a FIFO
    target and answered other codes for the rest."""
    original = models.Queue._setup_dlq

    def _setup_dlq(queue: Any, policy: Any) -> None:
        if isinstance(policy, str) and not models.Queue._is_empty_redrive_policy(policy):
            _check_redrive_policy(queue, policy)
        original(queue, policy)

    models.Queue._setup_dlq = _setup_dlq


def _check_redrive_policy(queue: Any, raw: str) -> None:
    import json

    from moto.sqs.models import sqs_backends

    from localstack.services.sqs.validation import InvalidParameterValue

    try:
        policy = json.loads(raw)
    except ValueError:
        return  # moto answers a policy that is not JSON
    if not isinstance(policy, dict) or "deadLetterTargetArn" not in policy or "maxReceiveCount" not in policy:
        return
    prefix = f"Value {raw} for parameter RedrivePolicy is invalid. Reason: "
    count = policy["maxReceiveCount"]
    try:
        valid_count = 1 <= int(count) <= 1000
    except (TypeError, ValueError):
        valid_count = False
    if not valid_count:
        raise InvalidParameterValue(
            f"{prefix}Invalid value for maxReceiveCount: {count}, "
            "valid values are from 1 to 1000 both inclusive."
        )
    target_arn = policy["deadLetterTargetArn"]
    backend = sqs_backends[queue.account_id][queue.region]
    target = next((q for q in backend.queues.values() if q.queue_arn == target_arn), None)
    if target is None:
        raise InvalidParameterValue(f"{prefix}Dead letter target does not exist.")
    if bool(target.fifo_queue) != bool(queue.fifo_queue):
        # AWS's sentence ends with two full stops.
        raise InvalidParameterValue(f"{prefix}Dead-letter queue must be same type of queue as the source..")


def _fifo_dead_letters_in_order(models: Any) -> None:
    """moto moves a FIFO message to the dead-letter queue only once no other message of its group is
    pending, so a group received as a batch reached the DLQ last message first. AWS serves a group from
    its head: each head whose receives are used up moves on, in order, before the group is served."""
    original = models.SQSBackend.receive_message

    def receive_message(backend: Any, queue_name: str, *args: Any, **kwargs: Any) -> list:
        queue = backend.get_queue(queue_name)
        if queue.fifo_queue and queue.dead_letter_queue is not None and queue.redrive_policy:
            with queue._messages_lock:
                _move_exhausted_heads(queue)
        return original(backend, queue_name, *args, **kwargs)

    models.SQSBackend.receive_message = receive_message


def _move_exhausted_heads(queue: Any) -> None:
    from localstack.services.sqs.move_tasks import receiving

    limit = int(queue.redrive_policy["maxReceiveCount"])
    blocked: set[Any] = set()  # groups whose head is in flight or still deliverable
    moving = []
    for message in list(queue._messages):
        group = message.group_id
        if group in blocked:
            continue
        if not message.visible or message.delayed or message.approximate_receive_count < limit:
            blocked.add(group)
            continue
        moving.append(message)
    if not moving:
        return
    receiving.queue_arn = queue.queue_arn  # the moved messages remember their source
    try:
        for message in moving:
            queue._messages.remove(message)
            queue.pending_messages.discard(message)
            queue.dead_letter_queue.add_message(message)
    finally:
        receiving.queue_arn = None


def _dead_letter_source_attribute() -> None:
    """ReceiveMessage shows `DeadLetterQueueSourceArn` (asked for by name or with All) for a message
    a redrive moved; moto does not know the attribute."""
    from moto.sqs.responses import SQSResponse

    from localstack.services.sqs import patches

    original = SQSResponse.receive_message

    def receive_message(self: Any) -> Any:
        answer = original(self)
        names = set(self._get_param("AttributeNames", []) or []) | set(
            self._get_param("MessageSystemAttributeNames", []) or []
        )
        if "All" not in names and "DeadLetterQueueSourceArn" not in names:
            return answer
        for shown in (answer.result or {}).get("Messages", []):
            message = patches._message_by_handle.get(shown["ReceiptHandle"])
            source = getattr(message, "ls_dead_letter_source", None)
            if source:
                shown.setdefault("Attributes", {})["DeadLetterQueueSourceArn"] = source
        return answer

    SQSResponse.receive_message = receive_message
