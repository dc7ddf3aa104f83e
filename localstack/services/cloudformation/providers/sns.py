"""SNS resources: Topic (with inline subscriptions), Subscription and TopicPolicy."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import (
    as_bool,
    attribute_text,
    json_text,
    pick,
    tags_list,
)
from localstack.services.cloudformation.providers.lifecycle import delete_call, nothing_to_delete

_TOPIC_ATTRIBUTES = (
    "DisplayName",
    "KmsMasterKeyId",
    "ContentBasedDeduplication",
    "SignatureVersion",
    "TracingConfig",
    "FifoThroughputScope",
)
_SUBSCRIPTION_ATTRIBUTES = (
    "DeliveryPolicy",
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "SubscriptionRoleArn",
    "ReplayPolicy",
)


class Topic(ResourceProvider):
    type_name = "AWS::SNS::Topic"
    create_only = frozenset(("TopicName", "FifoTopic"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        sns = ctx.client("sns")
        fifo = as_bool(props.get("FifoTopic", False))
        # Only a generated name gets the suffix: a given one must end with it (SNS refuses it otherwise).
        name = props.get("TopicName") or ctx.physical_name(256, ending=".fifo" if fifo else "")
        attributes = pick(props, _TOPIC_ATTRIBUTES, attribute_text)
        if fifo:
            attributes["FifoTopic"] = "true"
        args: dict[str, Any] = {"Name": name, "Attributes": attributes}
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        arn = sns.create_topic(**args)["TopicArn"]
        for subscription in props.get("Subscription") or []:
            sns.subscribe(TopicArn=arn, Protocol=subscription["Protocol"], Endpoint=subscription["Endpoint"])
        return Created(arn, {"TopicArn": arn, "TopicName": name})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        sns = ctx.client("sns")
        for key in _TOPIC_ATTRIBUTES:
            if props.get(key) != old.get(key):
                sns.set_topic_attributes(
                    TopicArn=physical_id, AttributeName=key, AttributeValue=attribute_text(props.get(key, ""))
                )
        tags = tags_list(ctx, props)
        if tags:
            sns.tag_resource(ResourceArn=physical_id, Tags=tags)
        old_subs = {(s["Protocol"], s["Endpoint"]) for s in old.get("Subscription") or []}
        for subscription in props.get("Subscription") or []:
            if (subscription["Protocol"], subscription["Endpoint"]) not in old_subs:
                sns.subscribe(
                    TopicArn=physical_id, Protocol=subscription["Protocol"], Endpoint=subscription["Endpoint"]
                )
        return Created(physical_id, attributes)

    delete = delete_call("sns", "delete_topic", "TopicArn")


class Subscription(ResourceProvider):
    type_name = "AWS::SNS::Subscription"
    id_attribute = "Arn"
    create_only = frozenset(("Endpoint", "Protocol", "TopicArn"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        attributes = pick(props, _SUBSCRIPTION_ATTRIBUTES, attribute_text)
        arn = ctx.client("sns").subscribe(
            TopicArn=props["TopicArn"],
            Protocol=props["Protocol"],
            Endpoint=props.get("Endpoint", ""),
            Attributes=attributes,
            ReturnSubscriptionArn=True,
        )["SubscriptionArn"]
        return Created(arn)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        sns = ctx.client("sns")
        for key in _SUBSCRIPTION_ATTRIBUTES:
            if props.get(key) != old.get(key):
                sns.set_subscription_attributes(
                    SubscriptionArn=physical_id,
                    AttributeName=key,
                    AttributeValue=attribute_text(props.get(key, "")),
                )
        return Created(physical_id)

    delete = delete_call("sns", "unsubscribe", "SubscriptionArn")


class TopicPolicy(ResourceProvider):
    type_name = "AWS::SNS::TopicPolicy"
    id_attribute = "Id"

    def _apply(self, ctx: ProviderContext, topics: list[str], policy: str) -> None:
        for arn in topics:
            ctx.client("sns").set_topic_attributes(
                TopicArn=arn, AttributeName="Policy", AttributeValue=policy
            )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._apply(ctx, props.get("Topics") or [], json_text(props["PolicyDocument"]))
        return Created(ctx.physical_name())

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._apply(ctx, props.get("Topics") or [], json_text(props["PolicyDocument"]))
        return Created(physical_id)

    # A topic's policy returns to its default when the TopicPolicy goes; the topic may be gone too.
    delete = nothing_to_delete


PROVIDERS = [Topic, Subscription, TopicPolicy]
