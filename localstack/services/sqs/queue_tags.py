"""Queue tags within SQS's quotas (developer guide, "Queue tag"): a key of 1 to 128 characters, a value
of at most 256, at most 50 tags on a queue. Checked for TagQueue and for CreateQueue's `tags`, before
anything is stored, so a refused call changes no tag. moto stored any key and value, and counted only
one call's tags toward 50."""

from __future__ import annotations

from typing import Any

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
# UntagQueue's refusal of an empty key list in AWS's words; the same limit on keys sent to TagQueue.
KEY_LENGTH = f"Tag keys must be between 1 and {MAX_KEY_LENGTH} characters in length."
VALUE_LENGTH = f"Tag values must be between 0 and {MAX_VALUE_LENGTH} characters in length."


def check_tags(queue_name: str, existing: dict[str, str], tags: dict[str, str]) -> None:
    """Raise InvalidParameterValue for the first tag SQS refuses; `existing` counts toward 50."""
    from localstack.services.sqs.validation import InvalidParameterValue

    for key, value in tags.items():
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise InvalidParameterValue(KEY_LENGTH)
        if len(value or "") > MAX_VALUE_LENGTH:
            raise InvalidParameterValue(VALUE_LENGTH)
    if len(set(existing) | set(tags)) > MAX_TAGS:
        raise InvalidParameterValue(f"Too many tags added for queue {queue_name}.")


def apply(models: Any) -> None:
    original_tag = models.SQSBackend.tag_queue
    original_create = models.SQSBackend.create_queue

    def tag_queue(backend: Any, queue_name: str, tags: dict[str, str]) -> None:
        if tags:
            check_tags(queue_name, backend.get_queue(queue_name).tags, tags)
        original_tag(backend, queue_name, tags)

    def create_queue(backend: Any, name: str, tags: Any = None, **kwargs: Any) -> Any:
        if tags:
            check_tags(name, {}, tags)
        return original_create(backend, name, tags, **kwargs)

    models.SQSBackend.tag_queue = tag_queue
    models.SQSBackend.create_queue = create_queue
