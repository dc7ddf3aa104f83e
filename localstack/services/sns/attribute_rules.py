"""SNS attribute rules checked against what the account already holds, in the words AWS answers them
with (recorded by the AWS SNS connector tests of ballerina-platform, which run against a real
account): CreateTopic of an existing name with other attributes, feedback sample rates outside 0-100,
more than 50 tags, platform applications made again under a name with other properties, and an SMS
usage-report bucket that does not exist; content-based deduplication on a standard topic is refused in
that connector's own words (it checks this itself, AWS's answer was not found). Applied by
patches.apply()."""

from __future__ import annotations

import json
from typing import Any, Mapping

from localstack.utils.aws.errors import AWSError

MAX_TAGS = 50
SAMPLE_RATES = tuple(
    f"{kind}SuccessFeedbackSampleRate" for kind in ("HTTP", "SQS", "Lambda", "Firehose", "Application")
)
# Attributes whose value CreateTopic of an existing name must repeat (JSON ones compared as documents).
_COMPARED = ("DisplayName", "KmsMasterKeyId", "SignatureVersion", "TracingConfig", "FifoTopic")
_COMPARED_JSON = ("Policy", "DeliveryPolicy")


def _invalid(message: str) -> AWSError:
    return AWSError("InvalidParameter", message)


def _is_rate(value: Any) -> bool:
    text = str(value).strip()
    return text.isdigit() and 0 <= int(text) <= 100


def check_topic_attributes(attributes: Mapping[str, Any]) -> None:
    for name in SAMPLE_RATES:
        if name in attributes and not _is_rate(attributes[name]):
            raise _invalid(
                f"Invalid parameter: Attributes Reason: {name}: {attributes[name]} value provided is not an "
                "integer between 0-100"
            )
    fifo = str(attributes.get("FifoTopic", "")).lower() == "true"
    # Not AWS's recorded sentence: the ballerina connector raises this one itself before it calls AWS
    # (its validateInitializableTopicAttributes); AWS's own answer was not found.
    if not fifo and str(attributes.get("ContentBasedDeduplication", "")).lower() == "true":
        raise _invalid("If content-based deduplication is enabled, it must also be a FIFO topic.")


def _same(name: str, current: Any, wanted: Any) -> bool:
    if name in _COMPARED_JSON:
        try:
            return json.loads(current or "{}") == json.loads(wanted or "{}")
        except (TypeError, ValueError):
            return str(current) == str(wanted)
    return str(current if current is not None else "").lower() == str(wanted).lower()


def check_existing_topic(topic: Any, attributes: Mapping[str, Any]) -> None:
    """CreateTopic of an existing name is idempotent only with the same attributes."""
    from moto.core.utils import camelcase_to_underscores

    for name in (*_COMPARED, *_COMPARED_JSON):
        if name in attributes and not _same(
            name, getattr(topic, camelcase_to_underscores(name), ""), attributes[name]
        ):
            raise _invalid(
                "Invalid parameter: Attributes Reason: Topic already exists with different attributes"
            )


def check_application_attributes(attributes: Mapping[str, Any]) -> None:
    rate = attributes.get("SuccessFeedbackSampleRate")
    if rate is not None and not _is_rate(rate):
        raise _invalid(
            "Invalid parameter: Attributes Reason: Invalid value for attribute: SuccessFeedbackSampleRate: "
            f"{rate} value provided is not an integer between 0-100"
        )


def apply(models: Any) -> None:
    original_create_topic = models.SNSBackend.create_topic
    original_set_topic_attribute = models.SNSBackend.set_topic_attribute
    original_create_application = models.SNSBackend.create_platform_application
    original_set_application = models.SNSBackend.set_platform_application_attributes
    original_set_sms = models.SNSBackend.set_sms_attributes

    def create_topic(self: Any, name: str, attributes: Any = None, tags: Any = None) -> Any:
        attributes = attributes or {}
        check_topic_attributes(attributes)
        if tags and len(tags) > MAX_TAGS:
            from moto.sns.exceptions import TagLimitExceededError

            raise TagLimitExceededError  # as TagResource answers it (CreateTopic's recorded too)
        existing = next((t for t in self.topics.values() if t.name == name), None)
        if existing is not None:
            check_existing_topic(existing, attributes)
        return original_create_topic(self, name, attributes, tags)

    def set_topic_attribute(self: Any, topic_arn: str, attribute_name: str, attribute_value: Any) -> None:
        if attribute_name in SAMPLE_RATES and not _is_rate(attribute_value):
            # As CreateTopic words it, without the "Attributes Reason:" it cannot have here.
            raise _invalid(
                f"Invalid parameter: {attribute_name}: {attribute_value} value provided is not an integer "
                "between 0-100"
            )
        original_set_topic_attribute(self, topic_arn, attribute_name, attribute_value)

    def create_platform_application(self: Any, name: str, platform: str, attributes: Any) -> Any:
        attributes = attributes or {}
        check_application_attributes(attributes)
        for application in self.applications.values():
            if application.name == name and application.platform == platform:
                shown = {
                    k: v
                    for k, v in attributes.items()
                    if k not in ("PlatformCredential", "PlatformPrincipal")
                }
                if any(application.attributes.get(k) != v for k, v in shown.items()):
                    raise _invalid(
                        "Invalid parameter: Name Reason: An application with the same name but different "
                        "properties already exists"
                    )
                return application
        return original_create_application(self, name, platform, attributes)

    def set_platform_application_attributes(self: Any, arn: str, attributes: dict[str, Any]) -> Any:
        check_application_attributes(attributes)
        return original_set_application(self, arn, attributes)

    def set_sms_attributes(self: Any, attrs: dict[str, str]) -> None:
        bucket = attrs.get("UsageReportS3Bucket")
        if bucket:
            from moto.s3.models import s3_backends

            if bucket not in s3_backends[self.account_id]["global"].buckets:
                raise _invalid(
                    "Invalid parameter: UsageReportS3Bucket Reason: The bucket you provided does not exist"
                )
        original_set_sms(self, attrs)

    models.SNSBackend.create_topic = create_topic
    models.SNSBackend.set_topic_attribute = set_topic_attribute
    models.SNSBackend.create_platform_application = create_platform_application
    models.SNSBackend.set_platform_application_attributes = set_platform_application_attributes
    models.SNSBackend.set_sms_attributes = set_sms_attributes
