"""SendMessageBatch fails an entry on its own when SendMessage would refuse it as a single message
(an empty or invalid body, a body longer than the queue's MaximumMessageSize, message attributes
that break AWS's rules, a deduplication id sent to a standard queue): the entry is reported in
`Failed` with the code and message SendMessage answers, and the other entries are sent. moto sent
such entries. Applied by patches.apply()."""

from __future__ import annotations

from typing import Any

from localstack.services.sqs import validation
from localstack.services.sqs.message_attributes import message_size, too_large
from localstack.utils.aws.errors import AWSError


def apply(models: Any) -> None:
    original = models.SQSBackend.send_message_batch

    def send_message_batch(backend: Any, queue_name: str, entries: dict[str, dict[str, Any]]) -> Any:
        ids = [entry.get("Id") for entry in entries.values()]
        if len(entries) > 10 or len(set(ids)) != len(ids):
            return original(backend, queue_name, entries)  # moto refuses the whole batch
        kept: dict[str, dict[str, Any]] = {}
        failed: list[dict[str, Any]] = []
        queue = backend.get_queue(queue_name)  # no queue: the whole batch is refused
        fifo, largest = bool(queue.fifo_queue), int(queue.maximum_message_size)
        for index, entry in entries.items():
            error = entry_error(entry, fifo, largest)
            if error is None:
                kept[index] = entry
            else:
                failed.append(
                    {"Id": entry.get("Id"), "SenderFault": True, "Code": error.code, "Message": error.message}
                )
        if not failed:
            return original(backend, queue_name, entries)
        messages, moto_failed = original(backend, queue_name, kept) if kept else ([], [])
        return messages, [*moto_failed, *failed]

    models.SQSBackend.send_message_batch = send_message_batch
    _visibility_batch_failures(models)


def _visibility_batch_failures(models: Any) -> None:
    """ChangeMessageVisibilityBatch fails an entry with the words ChangeMessageVisibility answers (a
    handle never issued, a message gone) and AWS's sentence for a timeout out of range (as an SQS
    emulator written against AWS words it), below 0 as above 43200; moto had its own, and made a
    message with a negative timeout visible at once."""
    original = models.SQSBackend.change_message_visibility_batch

    def change_message_visibility_batch(backend: Any, queue_name: str, entries: list[dict[str, Any]]) -> Any:
        negative = [entry for entry in entries if _below_zero(entry.get("VisibilityTimeout"))]
        kept = [entry for entry in entries if not any(entry is other for other in negative)]
        success, failed = original(backend, queue_name, kept) if kept else ([], [])
        failed = [
            *failed,
            *({"Id": e.get("Id"), "SenderFault": True, "Code": "InvalidParameterValue"} for e in negative),
        ]
        by_id = {entry.get("Id"): entry for entry in entries}
        for failure in failed:
            entry = by_id.get(failure.get("Id")) or {}
            if failure.get("Code") == "ReceiptHandleIsInvalid":
                handle = str(entry.get("ReceiptHandle") or "")
                try:
                    validation.check_receipt_handle(handle)
                    error: AWSError = validation.message_not_available(handle)
                except AWSError as refused:
                    error = refused
                failure["Code"], failure["Message"] = error.code, error.message
            elif failure.get("Code") == "InvalidParameterValue":
                failure["Message"] = (
                    f"Value {entry.get('VisibilityTimeout')} for parameter VisibilityTimeout is invalid. "
                    "Reason: VisibilityTimeout must be an integer between 0 and 43200."
                )
        return success, failed

    models.SQSBackend.change_message_visibility_batch = change_message_visibility_batch


def _below_zero(value: Any) -> bool:
    try:
        return int(value) < 0
    except (TypeError, ValueError):
        return False  # moto refuses what is not a number


def entry_error(entry: dict[str, Any], fifo: bool = False, largest: int | None = None) -> AWSError | None:
    try:
        validation.check_message_body(entry.get("MessageBody"))
        body = entry.get("MessageBody")
        attributes = entry.get("MessageAttributes")
        if largest is not None and isinstance(body, str) and message_size(body, attributes) > largest:
            raise too_large(largest)  # SendMessage's words
        if not fifo:
            validation.check_standard_queue_fields(entry)
        else:
            validation.check_fifo_ids(entry)
        validation.check_delay_not_negative(entry.get("DelaySeconds"))
        validation.check_message_attributes(entry.get("MessageAttributes") or {})
    except AWSError as error:
        return error
    return None
