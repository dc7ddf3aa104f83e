"""Corrections to moto's sns backend, applied by the starter before the backend is built."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.sns import attribute_rules, delivery_policy, publishing


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
    # The listener refuses a message over its topic's MaximumMessageSize (up to 1 MiB); moto's own
    # check knew only 256 KiB.
    from localstack.services.sns.validation import MAX_TOPIC_MESSAGE_BYTES

    models.MAXIMUM_MESSAGE_LENGTH = MAX_TOPIC_MESSAGE_BYTES
    models.PlatformEndpoint.publish = endpoint_publish
    _batch_entry_failures(models)
    _create_topic_with_other_tags(models)
    _platform_credentials_not_shown(models)
    _subscription_principal(models)
    _filter_policy_scope(models)
    _filter_policy_checked_once(models)
    _subscription_delivery_policy(models)
    _topic_attributes()
    _paging(models)
    _delete_platform_application_idempotent(models)
    _sms_attribute_filter()
    _no_numbers_opted_out(models)
    attribute_rules.apply(models)


def _batch_entry_failures(models: Any) -> None:
    """PublishBatch fails an entry with an empty message or a refused subject on its own, in `Failed`
    with its Id, code, message and SenderFault, and publishes the others. moto published such
    entries, and dropped from both lists an entry whose Message was missing."""
    from localstack.services.sns import validation

    original = models.SNSBackend.publish_batch

    def publish_batch(self: Any, topic_arn: str, publish_batch_request_entries: list[dict[str, Any]]) -> Any:
        if len(publish_batch_request_entries) > 10:
            return original(self, topic_arn, publish_batch_request_entries)  # moto refuses the batch
        self.get_topic(topic_arn)  # a topic that does not exist refuses the whole batch
        kept, failed = [], []
        for entry in publish_batch_request_entries:
            failure = validation.batch_entry_failure(entry)
            if failure is None:
                kept.append(entry)
            else:
                code, message = failure
                failed.append({"Id": entry.get("Id"), "Code": code, "Message": message, "SenderFault": True})
        successful, moto_failed = original(self, topic_arn, kept) if kept else ([], [])
        return successful, [*moto_failed, *failed]

    models.SNSBackend.publish_batch = publish_batch


def _create_topic_with_other_tags(models: Any) -> None:
    """CreateTopic of an existing name is idempotent, unless it brings a tag the topic does not
    have: AWS's "Topic already exists with different tags" (moto returned the topic)."""
    from moto.sns.exceptions import InvalidParameterValue

    original = models.SNSBackend.create_topic

    def create_topic(self: Any, name: str, attributes: Any = None, tags: Any = None) -> Any:
        if tags:
            existing = next((t for t in self.topics.values() if t.name == name), None)
            if existing is not None and any(existing._tags.get(k) != v for k, v in tags.items()):
                raise InvalidParameterValue(
                    "Invalid parameter: Tags Reason: Topic already exists with different tags"
                )
        return original(self, name, attributes, tags)

    models.SNSBackend.create_topic = create_topic


_CREDENTIALS = ("PlatformCredential", "PlatformPrincipal")


def _platform_credentials_not_shown(models: Any) -> None:
    """A platform application's attributes never show its credentials (AWS keeps them write-only),
    and an application is Enabled from its creation; moto showed the credentials and no Enabled."""
    original_init = models.PlatformApplication.__init__
    original_set = models.SNSBackend.set_platform_application_attributes

    def __init__(self: Any, account_id: str, region: str, name: str, platform: str, attributes: Any) -> None:
        shown = {"Enabled": "true", **{k: v for k, v in (attributes or {}).items() if k not in _CREDENTIALS}}
        original_init(self, account_id, region, name, platform, shown)

    def set_platform_application_attributes(self: Any, arn: str, attributes: dict[str, Any]) -> Any:
        shown = {k: v for k, v in attributes.items() if k not in _CREDENTIALS}
        return original_set(self, arn, shown)

    models.PlatformApplication.__init__ = __init__
    models.SNSBackend.set_platform_application_attributes = set_platform_application_attributes


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


def _subscription_delivery_policy(models: Any) -> None:
    """An HTTP/S subscription shows AWS's EffectiveDeliveryPolicy (the topic's defaults with the
    subscription's own sections) and its DeliveryPolicy in AWS's full form; moto showed its own shape."""

    original = models.SNSBackend.get_subscription_attributes

    def get_subscription_attributes(backend: Any, arn: str) -> dict[str, Any]:
        attributes = original(backend, arn)
        subscription = backend.subscriptions.get(arn)
        if subscription is None or subscription.protocol not in ("http", "https"):
            return attributes
        own = attributes.get("DeliveryPolicy")
        shown = delivery_policy.subscription_policy_shown(own)
        if shown is None:
            attributes.pop("DeliveryPolicy", None)
        else:
            attributes["DeliveryPolicy"] = shown
        topic_policy = getattr(subscription.topic, "delivery_policy", "")
        attributes["EffectiveDeliveryPolicy"] = delivery_policy.effective_subscription_policy(
            own, topic_policy
        )
        return attributes

    models.SNSBackend.get_subscription_attributes = get_subscription_attributes


def _filter_policy_checked_once(models: Any) -> None:
    """A filter policy is checked by `filters.validate` (AWS's operators and sentences) before moto sees
    it; moto's own check refused an operator AWS accepts (`cidr`, IP address matching) after the
    listener had accepted them."""

    def validate_filter_policy(backend: Any, value: Any, scope: str | None) -> None:
        return None

    models.SNSBackend._validate_filter_policy = validate_filter_policy


def _filter_policy_scope(models: Any) -> None:
    """A subscription with a filter policy shows its `FilterPolicyScope`, `MessageAttributes` when
    none was set (AWS's default); moto shows only what was set."""
    original = models.SNSBackend.get_subscription_attributes

    def get_subscription_attributes(backend: Any, arn: str) -> dict[str, Any]:
        attributes = original(backend, arn)
        if attributes.get("FilterPolicy") and "FilterPolicyScope" not in attributes:
            attributes["FilterPolicyScope"] = "MessageAttributes"
        return attributes

    models.SNSBackend.get_subscription_attributes = get_subscription_attributes


# What AWS reports as a topic's EffectiveDeliveryPolicy when no DeliveryPolicy was set.
DEFAULT_HTTP_POLICY = {
    "defaultHealthyRetryPolicy": {
        "minDelayTarget": 20,
        "maxDelayTarget": 20,
        "numRetries": 3,
        "numMaxDelayRetries": 0,
        "numNoDelayRetries": 0,
        "numMinDelayRetries": 0,
        "backoffFunction": "linear",
    },
    "disableSubscriptionOverrides": False,
    "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
}


# Attributes CreateTopic and SetTopicAttributes store that GetTopicAttributes shows once set (API
# reference; Terraform reads them back): moto stored them and showed none.
_SHOWN_ONCE_SET = (
    "SignatureVersion",
    "TracingConfig",
    "ArchivePolicy",
    "FifoThroughputScope",
    "MaximumMessageSize",
    *(
        f"{protocol}{kind}"
        for protocol in ("Application", "Firehose", "HTTP", "Lambda", "SQS")
        for kind in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")
    ),
)


def _topic_attributes() -> None:
    """GetTopicAttributes as AWS answers it: subscription counts that count (moto's stay 0), no
    empty DeliveryPolicy, AWS's EffectiveDeliveryPolicy (moto's has another shape), and the
    attributes set on the topic."""
    from moto.core.utils import camelcase_to_underscores
    from moto.sns.responses import SNSResponse

    original = SNSResponse.get_topic_attributes

    def get_topic_attributes(self: Any) -> Any:
        answer = original(self)
        attributes = answer.result["Attributes"]
        topic = self.backend.get_topic(self._get_param("TopicArn"))
        subscriptions = [s for s in list(self.backend.subscriptions.values()) if s.topic is topic]
        pending = sum(1 for s in subscriptions if getattr(s, "ls_confirmation", "confirmed") == "pending")
        attributes["SubscriptionsPending"] = str(pending)
        attributes["SubscriptionsConfirmed"] = str(len(subscriptions) - pending)
        attributes["SubscriptionsDeleted"] = str(attributes.get("SubscriptionsDeleted", 0))
        if not attributes.get("DeliveryPolicy"):
            attributes.pop("DeliveryPolicy", None)
        else:
            attributes["DeliveryPolicy"] = delivery_policy.topic_policy_shown(attributes["DeliveryPolicy"])
        attributes["EffectiveDeliveryPolicy"] = _effective_delivery_policy(topic.delivery_policy)
        for name in _SHOWN_ONCE_SET:
            value = getattr(topic, camelcase_to_underscores(name), None)
            if value is not None and value != "":
                attributes[name] = str(value)
        return answer

    SNSResponse.get_topic_attributes = get_topic_attributes


def _no_numbers_opted_out(models: Any) -> None:
    """An account starts with no opted-out numbers (recorded against AWS: ListPhoneNumbersOptedOut
    answers an empty list); moto listed eight sample numbers and called every number ending in 99
    opted out. A number is opted out while it is in the account's list."""
    original_init = models.SNSBackend.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.opt_out_numbers = []

    models.SNSBackend.__init__ = init
    # Backends built before start-up patched them (the SMS sandbox reads them first) hold moto's list.
    for regions in models.sns_backends.values():
        for backend in list(regions.values()):
            backend.opt_out_numbers = []
    models.SNSBackend.check_if_phone_number_is_opted_out = lambda self, number: number in self.opt_out_numbers


def _delete_platform_application_idempotent(models: Any) -> None:
    """Deleting a platform application that does not exist succeeds, as SNS's other deletes do (moto
    failed with a 500 on the missing key)."""
    original = models.SNSBackend.delete_platform_application

    def delete_platform_application(self: Any, platform_arn: str) -> None:
        if platform_arn in self.applications:
            original(self, platform_arn)

    models.SNSBackend.delete_platform_application = delete_platform_application


def _paging(models: Any) -> None:
    """List pages of 100 with a NextToken only when more remain (moto hands one to an empty page after
    exactly 100), and AWS's InvalidParameter for a token it did not give (moto fails with a 500)."""
    from moto.sns.exceptions import SNSInvalidParameter

    def get_values_nexttoken(self: Any, values_map: dict[str, Any], next_token: str | None = None) -> Any:
        try:
            start = int(next_token or "0")
        except ValueError:
            raise SNSInvalidParameter("Invalid parameter: NextToken") from None
        if start < 0:
            raise SNSInvalidParameter("Invalid parameter: NextToken")
        values = list(values_map.values())
        end = start + models.DEFAULT_PAGE_SIZE
        return values[start:end], (end if end < len(values) else None)

    models.SNSBackend._get_values_nexttoken = get_values_nexttoken


def _effective_delivery_policy(delivery_policy: str) -> str:
    try:
        given = json.loads(delivery_policy) if delivery_policy else {}
    except ValueError:
        given = {}
    http = dict(DEFAULT_HTTP_POLICY)
    for key, value in ((given or {}).get("http") or {}).items():
        http[key] = (
            {**http[key], **value} if isinstance(http.get(key), dict) and isinstance(value, dict) else value
        )
    return json.dumps({"http": http}, separators=(",", ":"))


def _check_structure(message: str, error: type) -> None:
    """AWS rejects MessageStructure=json at Publish, not at delivery, when the body lacks a default."""
    try:
        structured = json.loads(message)
    except ValueError:
        raise error("Invalid parameter: Message Structure - JSON message body failed to parse") from None
    if not isinstance(structured, dict) or "default" not in structured:
        raise error("Invalid parameter: Message Structure - No default entry in JSON message body")


def _sms_attribute_filter() -> None:
    """GetSMSAttributes answers every name it is asked for (moto read only attributes.member.1)."""
    from moto.sns.responses import SNSResponse

    def get_sms_attributes(self: Any) -> Any:
        from moto.core.responses import ActionResult

        names = {value[0] for key, value in self.querystring.items() if key.startswith("attributes.member.")}
        return ActionResult({"attributes": self.backend.get_sms_attributes(names)})

    SNSResponse.get_sms_attributes = get_sms_attributes
