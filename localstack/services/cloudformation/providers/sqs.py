"""SQS resources: Queue (attributes, FIFO, redrive, tags) and QueuePolicy."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import (
    as_bool,
    attribute_text,
    json_text,
    pick,
    tags_dict,
)
from localstack.services.cloudformation.providers.lifecycle import delete_call

# Queue properties that are queue attributes of the same name.
_ATTRIBUTES = (
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
)


def _attributes(props: dict[str, Any]) -> dict[str, str]:
    return pick(props, _ATTRIBUTES, attribute_text)


class Queue(ResourceProvider):
    type_name = "AWS::SQS::Queue"
    create_only = frozenset(("QueueName", "FifoQueue"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        sqs = ctx.client("sqs")
        fifo = as_bool(props.get("FifoQueue", False))
        # Only a generated name gets the suffix: a given one must end with it (SQS refuses it otherwise).
        name = props.get("QueueName") or ctx.physical_name(80, ending=".fifo" if fifo else "")
        attributes = _attributes(props)
        if fifo:
            attributes["FifoQueue"] = "true"
        args: dict[str, Any] = {"QueueName": name, "Attributes": attributes}
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        url = sqs.create_queue(**args)["QueueUrl"]
        return Created(url, self._attributes(ctx, name, url))

    def _attributes(self, ctx: ProviderContext, name: str, url: str) -> dict[str, Any]:
        return {"Arn": ctx.arn("sqs", name), "QueueName": name, "QueueUrl": url}

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        sqs = ctx.client("sqs")
        changed = _attributes(props)
        for key in _ATTRIBUTES:
            if key in old and key not in props:
                changed[key] = {"RedrivePolicy": "", "RedriveAllowPolicy": "", "KmsMasterKeyId": ""}.get(
                    key, _DEFAULTS.get(key, "")
                )
        changed = {
            k: v for k, v in changed.items() if v != "" or k in ("RedrivePolicy", "RedriveAllowPolicy")
        }
        if changed:
            sqs.set_queue_attributes(QueueUrl=physical_id, Attributes=changed)
        old_tags, new_tags = tags_dict(ctx, old), tags_dict(ctx, props)
        removed = [k for k in old_tags if k not in new_tags]
        if removed:
            sqs.untag_queue(QueueUrl=physical_id, TagKeys=removed)
        if new_tags:
            sqs.tag_queue(QueueUrl=physical_id, Tags=new_tags)
        return Created(physical_id, attributes)

    delete = delete_call(
        "sqs", "delete_queue", "QueueUrl", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"
    )


_DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "262144",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
}


class QueuePolicy(ResourceProvider):
    type_name = "AWS::SQS::QueuePolicy"
    id_attribute = "Id"

    def _apply(self, ctx: ProviderContext, queues: list[str], policy: str) -> None:
        for url in queues:
            ctx.client("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._apply(ctx, props.get("Queues") or [], json_text(props["PolicyDocument"]))
        return Created(ctx.physical_name())

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        removed = [q for q in old.get("Queues") or [] if q not in (props.get("Queues") or [])]
        self._remove(ctx, removed)
        self._apply(ctx, props.get("Queues") or [], json_text(props["PolicyDocument"]))
        return Created(physical_id)

    def _remove(self, ctx: ProviderContext, queues: list[str]) -> None:
        for url in queues:
            ignore_missing(
                lambda url=url: ctx.client("sqs").set_queue_attributes(
                    QueueUrl=url, Attributes={"Policy": ""}
                ),
                "AWS.SimpleQueueService.NonExistentQueue",
                "QueueDoesNotExist",
            )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        self._remove(ctx, props.get("Queues") or [])


PROVIDERS = [Queue, QueuePolicy]
