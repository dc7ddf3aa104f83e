"""Corrections to moto's sns backend, applied by the starter before the backend is built."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.sns import publishing


def apply() -> None:
    from moto.moto_api._internal import mock_random
    from moto.sns import models
    from moto.sns.exceptions import InvalidParameterValue

    original_backend_publish = models.SNSBackend.publish
    original_endpoint_publish = models.PlatformEndpoint.publish

    def topic_publish(
        self: Any,
        message: str,
        subject: str | None = None,
        message_attributes: dict[str, Any] | None = None,
        group_id: str | None = None,
        deduplication_id: str | None = None,
        message_structure: str | None = None,
    ) -> str:
        # moto delivers in the request thread through its own paths; we deliver from the listener
        # through the dispatcher, so moto only validates and names the message here.
        if message_structure == "json":
            _check_structure(message, InvalidParameterValue)
        message_id = str(mock_random.uuid4())
        sequence = None
        if str(getattr(self, "fifo_topic", "")).lower() == "true":
            self.ls_sequence = getattr(self, "ls_sequence", 0) + 1
            sequence = f"{10**19 + self.ls_sequence:020d}"
        publishing.add(
            publishing.Published(
                message_id=message_id,
                message=message,
                account_id=self.account_id,
                region=self.sns_backend.region_name,
                topic_arn=self.arn,
                subject=subject,
                message_attributes=dict(message_attributes or {}),
                group_id=group_id,
                deduplication_id=deduplication_id,
                message_structure=message_structure,
                sequence_number=sequence,
            )
        )
        return message_id

    def backend_publish(
        self: Any, message: str, arn: str | None, phone_number: str | None = None, **kwargs: Any
    ) -> str:
        topic = self.topics.get(arn) if arn else None
        if topic is not None and str(topic.fifo_topic).lower() == "true" and not kwargs.get("group_id"):
            # moto answers MissingParameter; AWS answers InvalidParameter for FIFO topics.
            raise InvalidParameterValue(
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
            )
        message_id = original_backend_publish(self, message, arn, phone_number=phone_number, **kwargs)
        if phone_number:
            # moto keeps SMS in its backend only; we keep them readable at /_localstack/sns/messages.
            publishing.add(
                publishing.Published(
                    message_id=message_id,
                    message=message,
                    account_id=self.account_id,
                    region=self.region_name,
                    phone_number=phone_number,
                    subject=kwargs.get("subject"),
                    message_attributes=dict(kwargs.get("message_attributes") or {}),
                )
            )
        return message_id

    def endpoint_publish(self: Any, message: str) -> str:
        message_id = original_endpoint_publish(self, message)
        # Direct publishes to a platform endpoint are kept with the other endpoint messages.
        account_id = self.arn.split(":")[4]
        publishing.add(
            publishing.Published(
                message_id=message_id,
                message=message,
                account_id=account_id,
                region=self.region,
                endpoint_arn=self.arn,
            )
        )
        return message_id

    models.Topic.publish = topic_publish
    models.SNSBackend.publish = backend_publish
    models.PlatformEndpoint.publish = endpoint_publish
    _subscription_principal(models)


def _subscription_principal(models: Any) -> None:
    """AWS names who subscribed (`SubscriptionPrincipal`) among a subscription's attributes; moto
    omits it. Without IAM users the subscriber is the account's root principal."""
    original = models.SNSBackend.get_subscription_attributes

    def get_subscription_attributes(backend: Any, arn: str) -> dict[str, Any]:
        attributes = original(backend, arn)
        if "SubscriptionPrincipal" not in attributes:
            parts = arn.split(":")
            partition = parts[1] if len(parts) > 4 else "aws"
            attributes["SubscriptionPrincipal"] = f"arn:{partition}:iam::{backend.account_id}:root"
        return attributes

    models.SNSBackend.get_subscription_attributes = get_subscription_attributes


def _check_structure(message: str, error: type) -> None:
    """AWS rejects MessageStructure=json at Publish, not at delivery, when the body lacks a default."""
    try:
        structured = json.loads(message)
    except ValueError:
        raise error("Invalid parameter: Message Structure - JSON message body failed to parse") from None
    if not isinstance(structured, dict) or "default" not in structured:
        raise error("Invalid parameter: Message Structure - No default entry in JSON message body")
