"""AWS's checks of SNS requests that moto skips or answers with other words: Publish and PublishBatch
(empty message, subject, phone number, size, message attributes, FIFO fields, batch entry ids),
Subscribe (protocol, endpoint, attributes) and SetSubscriptionAttributes.

The request is the query protocol's flat parameters (`MessageAttributes.entry.1.Name=...`).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any, Mapping

from localstack.services.sns import filters, json_errors
from localstack.utils.aws.errors import AWSError

MAX_MESSAGE_BYTES = 262144  # message, attribute names, types and values together
# A topic's MaximumMessageSize (SetTopicAttributes' API reference): 1 KiB to 1 MiB; above 256 KiB only
# for topics of at most 100 subscriptions, each SQS, Firehose or Lambda.
MIN_TOPIC_MESSAGE_BYTES, MAX_TOPIC_MESSAGE_BYTES = 1024, 1048576
LARGE_PAYLOAD_PROTOCOLS = ("sqs", "firehose", "lambda")
MAX_LARGE_PAYLOAD_SUBSCRIPTIONS = 100
SUBJECT_MAX = 100
PROTOCOLS = ("http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose")
SUBSCRIPTION_ATTRIBUTES = (
    "DeliveryPolicy",
    "FilterPolicy",
    "FilterPolicyScope",
    "RawMessageDelivery",
    "RedrivePolicy",
    "SubscriptionRoleArn",
)
# SetTopicAttributes' attribute names (API reference), delivery-status feedback ones included.
TOPIC_ATTRIBUTES = {
    "Policy",
    "DisplayName",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "SignatureVersion",
    "TracingConfig",
    "ContentBasedDeduplication",
    "FifoThroughputScope",
    "ArchivePolicy",
    "DataProtectionPolicy",
    "MaximumMessageSize",
    *(
        f"{protocol}{kind}"
        for protocol in ("Application", "Firehose", "HTTP", "Lambda", "SQS")
        for kind in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")
    ),
}
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
_E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
_ATTRIBUTE_NAME = re.compile(r"^(?!\.)(?!.*\.$)(?!.*\.\.)[a-zA-Z0-9_\-.]+$")
_ATTRIBUTE_CHARS = re.compile(r"[a-zA-Z0-9_\-.]")
_CUSTOM_TYPE = re.compile(r"^(String|Number|Binary)\..+$")
_BATCH_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"[^@\s;,]+@[^@\s;,]+")


def invalid(message: str) -> AWSError:
    return AWSError("InvalidParameter", f"Invalid parameter: {message}")


def value_invalid(message: str) -> AWSError:
    return AWSError("ParameterValueInvalid", message)


def message_attributes(
    params: Mapping[str, str], prefix: str = "MessageAttributes.entry."
) -> dict[str, dict]:
    """{name: {"DataType": .., "StringValue"/"BinaryValue": ..}} of the entries under `prefix`."""
    entries: dict[str, dict[str, str]] = {}
    for key, value in params.items():
        if not key.startswith(prefix):
            continue
        index, _, field = key[len(prefix) :].partition(".")
        entries.setdefault(index, {})[field] = value
    attributes: dict[str, dict] = {}
    for entry in entries.values():
        name = entry.get("Name")
        if name is None:
            continue
        attribute: dict[str, Any] = {}
        for field, member in (
            ("Value.DataType", "DataType"),
            ("Value.StringValue", "StringValue"),
            ("Value.BinaryValue", "BinaryValue"),
        ):
            if field in entry:
                attribute[member] = entry[field]
        attributes[name] = attribute
    return attributes


def _byte_size(text: Any) -> int:
    return len(text.encode("utf-8")) if isinstance(text, str) else len(text or b"")


def publish_size(message: str, attributes: Mapping[str, Mapping[str, Any]]) -> int:
    size = _byte_size(message)
    for name, attribute in attributes.items():
        size += _byte_size(name)
        for member, value in attribute.items():
            size += len(base64.b64decode(value)) if member == "BinaryValue" else _byte_size(value)
    return size


def check_data_types_present(attributes: Mapping[str, Mapping[str, Any]], path: str) -> None:
    """The request's framework check before SNS's own rules (recorded against AWS): an attribute without
    DataType is a ValidationError naming its path, e.g. 'messageAttributes.attr1.member.dataType'."""
    for name, attribute in attributes.items():
        if "DataType" not in attribute:
            raise AWSError(
                "ValidationError",
                f"1 validation error detected: Value null at '{path}.{name}.member.dataType' failed to "
                "satisfy constraint: Member must not be null",
            )


def check_message_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> None:
    """AWS's rules for message attribute names, types and values (ParameterValueInvalid)."""
    for name, attribute in attributes.items():
        if len(name) > 256:
            raise value_invalid("Length of message attribute name must be less than 256 bytes.")
        _check_attribute_name(name)
        data_type = attribute.get("DataType") or ""
        if data_type not in ("String", "Number", "Binary") and not _CUSTOM_TYPE.match(data_type):
            raise value_invalid(
                f"The message attribute '{name}' has an invalid message attribute type, the set of supported "
                "type prefixes is Binary, Number, and String."
            )
        if not any(member.endswith("Value") for member in attribute):
            raise value_invalid(
                f"The message attribute '{name}' must contain non-empty message attribute value for message "
                f"attribute type '{data_type}'."
            )
        kind = "Binary" if data_type.startswith("Binary") else "String"
        if f"{kind}Value" not in attribute:
            raise value_invalid(
                f"The message attribute '{name}' with type '{data_type}' must use field '{kind}'."
            )
        if not attribute[f"{kind}Value"]:
            raise value_invalid(
                f"The message attribute '{name}' must contain non-empty message attribute value for message "
                f"attribute type '{data_type}'."
            )
        if data_type.startswith("Number"):
            try:
                float(attribute["StringValue"])
            except ValueError:
                raise value_invalid(f"Could not cast message attribute '{name}' value to number.") from None


def _check_attribute_name(name: str) -> None:
    if _ATTRIBUTE_NAME.match(name):
        return
    if name.startswith("."):
        raise value_invalid("Invalid message attribute name starting with character '.' was found.")
    if name.endswith("."):
        raise value_invalid("Invalid message attribute name ending with character '.' was found.")
    for index, char in enumerate(name):
        if not _ATTRIBUTE_CHARS.match(char):
            raise value_invalid(
                f"Invalid non-alphanumeric character '#x{ord(char):X}' was found in the message attribute "
                "name. "
                "Can only include alphanumeric characters, hyphens, underscores, or dots."
            )
        if char == "." and name[index - 1] == ".":
            raise value_invalid("Message attribute name can not have successive '.' character.")


def _topic(arn: str) -> Any:
    """moto's topic for a topic ARN, or None."""
    from moto.sns.models import sns_backends

    parts = arn.split(":")
    if len(parts) != 6:
        return None
    try:
        return sns_backends[parts[4]][parts[3]].topics.get(arn)
    except (KeyError, ValueError):
        return None


def platform_of(application_arn: str) -> str:
    """The platform of a platform application (empty when there is no such application)."""
    from moto.sns.models import sns_backends

    parts = application_arn.split(":")
    if len(parts) != 6:
        return ""
    try:
        application = sns_backends[parts[4]][parts[3]].applications.get(application_arn)
    except (KeyError, ValueError):
        return ""
    return getattr(application, "platform", "") or ""


# Actions whose TopicArn (or ResourceArn) names a topic, checked before moto reads it (it failed with
# a 500 on an ARN of fewer than 6 parts).
TOPIC_ARN_ACTIONS = {
    "GetTopicAttributes": "TopicArn",
    "SetTopicAttributes": "TopicArn",
    "DeleteTopic": "TopicArn",
    "Subscribe": "TopicArn",
    "ListSubscriptionsByTopic": "TopicArn",
    "Publish": "TopicArn",
    "PublishBatch": "TopicArn",
    "AddPermission": "TopicArn",
    "RemovePermission": "TopicArn",
    "GetDataProtectionPolicy": "ResourceArn",
    "PutDataProtectionPolicy": "ResourceArn",
}


def check_topic_arn(action: str, params: Mapping[str, str], region: str) -> None:
    """A malformed topic ARN, a subscription ARN given as a topic, or a topic of another region."""
    arn = params.get(TOPIC_ARN_ACTIONS.get(action, ""))
    if arn is None:
        return
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn":
        raise invalid(f"TopicArn Reason: An ARN must have at least 6 elements, not {len(parts)}")
    if len(parts) > 6:
        raise invalid("Topic Name")
    if parts[3] != region:
        raise invalid("TopicArn")


def check_unsubscribe(params: Mapping[str, str]) -> None:
    arn = params.get("SubscriptionArn")
    if not arn:  # an empty value too (recorded against AWS for Unsubscribe)
        raise invalid("SubscriptionArn Reason: no value for required parameter")
    count = len(arn.split(":"))
    if count < 6 or not arn.startswith("arn:"):
        raise invalid(f"SubscriptionArn Reason: An ARN must have at least 6 elements, not {count}")
    if count == 6:
        raise invalid("SubscriptionId")


def check_topic_name(params: Mapping[str, str]) -> None:
    """CreateTopic: a standard topic's name (FIFO names keep moto's own AWS message)."""
    fifo = ""
    for key, value in params.items():
        if key.startswith("Attributes.entry.") and key.endswith(".key") and value == "FifoTopic":
            fifo = params.get(key[: -len(".key")] + ".value", "")
    if fifo.lower() != "true" and not _TOPIC_NAME.fullmatch(params.get("Name") or ""):
        raise invalid("Topic Name")
    for key, value in params.items():
        if key.startswith("Attributes.entry.") and key.endswith(".key") and value == "Policy":
            topic_policy(params.get(key[: -len(".key")] + ".value", ""))
        if key.startswith("Attributes.entry.") and key.endswith(".key") and value == "MaximumMessageSize":
            # A new topic has no subscriptions yet: only the range applies.
            _check_maximum_message_size("", params.get(key[: -len(".key")] + ".value", ""))


def tag_resource(params: Mapping[str, str]) -> None:
    """TagResource: AWS refuses a request naming one key twice (moto keeps the last value)."""
    keys = [value for key, value in params.items() if key.startswith("Tags.member.") and key.endswith(".Key")]
    if len(keys) != len(set(keys)):
        raise invalid("Duplicated keys are not allowed.")


def topic_policy(text: str) -> None:
    """A topic Policy that is no JSON object: AWS's policy parser answers 'Policy Error: null' (the
    words AWS CloudFormation's SNS handlers pass on)."""
    if not text:
        return
    try:
        policy = json.loads(text)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise invalid("Policy Error: null")


def topic_or_not_found(arn: str) -> Any:
    topic = _topic(arn)
    if topic is None:
        raise AWSError("NotFound", "Topic does not exist", status=404)
    return topic


def data_protection_policy(text: str) -> None:
    try:
        policy = json.loads(text)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise invalid("DataProtectionPolicy")


def _check_endpoint_target(target_arn: str) -> None:
    """Publishing to a platform endpoint that does not exist (moto answers NotFound)."""
    from moto.sns.models import sns_backends

    parts = target_arn.split(":")
    if len(parts) != 6:
        return
    try:
        endpoints = sns_backends[parts[4]][parts[3]].platform_endpoints
    except (KeyError, ValueError):
        return
    if target_arn not in endpoints:
        raise invalid("TargetArn Reason: No endpoint found for the target arn specified")


def subject_allowed(subject: str | None) -> bool:
    """The API reference's rule (Publish's Subject in botocore's current model): UTF-8 text without line
    breaks or control characters, less than 100 characters long (a subject of 100 characters is refused:
    observed on AWS). Earlier references asked for ASCII; the current one accepts any UTF-8 text."""
    if subject is None:
        return True
    return 0 < len(subject) < SUBJECT_MAX and not _CONTROL.search(subject)


def batch_entry_failure(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """The code and message with which AWS fails one PublishBatch entry on its own (the other entries
    are published): the refusals Publish gives a single message's body and subject."""
    if not entry.get("Message"):
        return "InvalidParameter", "Invalid parameter: Empty message"
    if not subject_allowed(entry.get("Subject")):
        return "InvalidParameter", "Invalid parameter: Subject"
    return None


def publish(params: Mapping[str, str]) -> None:
    """AWS's refusals of a Publish, in AWS's order."""
    check_data_types_present(message_attributes(params), "messageAttributes")
    topic_arn = params.get("TopicArn") or params.get("TargetArn") or ""
    phone = params.get("PhoneNumber")
    if not subject_allowed(params.get("Subject")):
        raise invalid("Subject")
    message = params.get("Message")
    if not message:
        raise invalid("Empty message")
    if not topic_arn and not phone:
        raise invalid("TopicArn or TargetArn Reason: no value for required parameter")
    if phone and not _E164.match(phone):
        raise invalid(f"PhoneNumber Reason: {phone} is not valid to publish to")
    attributes = message_attributes(params)
    check_message_attributes(attributes)
    if publish_size(message, attributes) > topic_message_limit(topic_arn):
        raise invalid("Message too long")
    _check_fifo_fields(topic_arn, params.get("MessageGroupId"), params.get("MessageDeduplicationId"))
    if ":endpoint/" in (params.get("TargetArn") or ""):
        _check_endpoint_target(params["TargetArn"])
    if params.get("MessageStructure") == "json":
        _check_json_structure(message, is_endpoint=":endpoint/" in (params.get("TargetArn") or ""))
    if topic_arn and not phone and ":endpoint/" not in topic_arn:
        topic_or_not_found(topic_arn)  # moto answered "Endpoint does not exist"


def _check_fifo_fields(topic_arn: str, group_id: str | None, dedup_id: str | None) -> None:
    if topic_arn.endswith(".fifo"):
        if not group_id:
            raise invalid("The MessageGroupId parameter is required for FIFO topics")
        topic = _topic(topic_arn)
        if topic is not None and not _content_dedup(topic) and not dedup_id:
            raise invalid(
                "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
                "provided explicitly"
            )
    elif dedup_id:
        raise invalid(
            "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that "
            "is not valid for this topic type"
        )


def _content_dedup(topic: Any) -> bool:
    return str(getattr(topic, "content_based_deduplication", "false")).lower() == "true"


def _check_json_structure(message: str, is_endpoint: bool) -> None:
    try:
        body = json.loads(message)
    except ValueError:
        raise invalid("Message Structure - JSON message body failed to parse") from None
    if not isinstance(body, dict):
        raise invalid("Message Structure - JSON message body failed to parse")
    # Only string values count: a non-string "default" is ignored as AWS does.
    if not isinstance(body.get("default"), str) and not is_endpoint:
        raise invalid("Message Structure - No default entry in JSON message body")


def publish_batch(params: Mapping[str, str]) -> None:
    """AWS's refusals of a PublishBatch that concern the whole batch (entry ids, size, FIFO fields)."""
    entries: dict[int, dict[str, str]] = {}
    prefix = "PublishBatchRequestEntries.member."
    for key, value in params.items():
        if key.startswith(prefix):
            index, _, field = key[len(prefix) :].partition(".")
            if index.isdigit():
                entries.setdefault(int(index), {})[field] = value
    for position, index in enumerate(sorted(entries), start=1):
        path = f"publishBatchRequestEntries.{position}.member.messageAttributes"
        check_data_types_present(message_attributes(entries[index], "MessageAttributes.entry."), path)
    if len(entries) > 10:
        raise AWSError(
            "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."
        )
    ordered = [entries[index] for index in sorted(entries)]
    ids = [entry.get("Id", "") for entry in ordered]
    if len(set(ids)) != len(ids):
        raise AWSError(
            "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."
        )
    for entry_id in ids:
        if len(entry_id) > 80:
            raise AWSError(
                "InvalidBatchEntryId", f"The Id of a batch entry in the batch request is too long: {entry_id}"
            )
        if not _BATCH_ID.match(entry_id):
            raise AWSError(
                "InvalidBatchEntryId",
                "The Id of a batch entry in the batch request contains an impermissible character: "
                + entry_id,
            )
    topic_arn = params.get("TopicArn") or ""
    total = 0
    for entry in ordered:
        attributes = message_attributes(entry, "MessageAttributes.entry.")
        check_message_attributes(attributes)
        total += publish_size(entry.get("Message") or "", attributes)
        if entry.get("MessageStructure") == "json":
            _check_json_structure(entry.get("Message") or "", is_endpoint=False)
    if topic_arn.endswith(".fifo"):
        if not all(entry.get("MessageGroupId") for entry in ordered):
            raise invalid("The MessageGroupId parameter is required for FIFO topics")
        topic = _topic(topic_arn)
        if topic is not None and not _content_dedup(topic):
            if not all(entry.get("MessageDeduplicationId") for entry in ordered):
                raise invalid(
                    "The topic should either have ContentBasedDeduplication enabled or "
                    "MessageDeduplicationId provided explicitly"
                )
    if total > MAX_MESSAGE_BYTES:
        raise AWSError(
            "BatchRequestTooLong", "The length of all the messages put together is more than the limit."
        )


def topic_message_limit(topic_arn: str) -> int:
    """The most bytes a message to this topic may have: its MaximumMessageSize, else 256 KiB."""
    topic = _topic(topic_arn) if topic_arn.count(":") == 5 else None
    try:
        return int(getattr(topic, "maximum_message_size", None) or MAX_MESSAGE_BYTES)
    except (TypeError, ValueError):
        return MAX_MESSAGE_BYTES


def _check_maximum_message_size(topic_arn: str, value: str) -> None:
    """MaximumMessageSize's range, and the topic's subscriptions when it goes above 256 KiB (the exact
    words of AWS's refusals are not documented: these name the parameter as SNS's other refusals do)."""
    try:
        size = int(value)
    except ValueError:
        raise invalid("MaximumMessageSize") from None
    if not MIN_TOPIC_MESSAGE_BYTES <= size <= MAX_TOPIC_MESSAGE_BYTES:
        raise invalid("MaximumMessageSize")
    if size <= MAX_MESSAGE_BYTES:
        return
    from moto.sns.models import sns_backends

    parts = topic_arn.split(":")
    if len(parts) != 6:
        return
    subscribed = [
        s for s in sns_backends[parts[4]][parts[3]].subscriptions.values() if s.topic.arn == topic_arn
    ]
    if len(subscribed) > MAX_LARGE_PAYLOAD_SUBSCRIPTIONS or any(
        s.protocol not in LARGE_PAYLOAD_PROTOCOLS for s in subscribed
    ):
        raise invalid(
            "MaximumMessageSize: a topic above 262144 bytes can have at most 100 subscriptions, each "
            "an Amazon SQS, Amazon Data Firehose or Lambda subscription"
        )


def set_topic_attribute(params: Mapping[str, str]) -> None:
    if (params.get("AttributeName") or "") not in TOPIC_ATTRIBUTES:
        raise invalid("AttributeName")
    if params.get("AttributeName") == "MaximumMessageSize":
        _check_maximum_message_size(params.get("TopicArn") or "", params.get("AttributeValue") or "")
    if params.get("AttributeName") == "Policy":
        topic_policy(params.get("AttributeValue") or "")
    if params.get("AttributeName") == "DeliveryPolicy" and params.get("AttributeValue"):
        try:
            policy = json.loads(params["AttributeValue"])
        except ValueError:
            raise invalid("DeliveryPolicy: failed to parse JSON.") from None
        if not isinstance(policy, dict):
            raise invalid("DeliveryPolicy: failed to parse JSON.")
        http = policy.get("http")
        if isinstance(http, dict) and isinstance(http.get("defaultHealthyRetryPolicy"), dict):
            _check_retry_policy(http["defaultHealthyRetryPolicy"], "http.defaultHealthyRetryPolicy", "")


# AWS's limits of a healthy retry policy (developer guide, "Amazon SNS message delivery retries").
_RETRY_REQUIRED = ("minDelayTarget", "maxDelayTarget", "numRetries")
_RETRY_COUNTS = ("numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries")
MAX_DELAY_TARGET = 3600
MAX_RETRIES = 100


def _check_retry_policy(policy: Mapping[str, Any], path: str, prefix: str) -> None:
    """A healthy retry policy's members and ranges; AWS names the member by its path in the policy:
    "Invalid parameter: [Attributes Reason: ]DeliveryPolicy: <path>.<member> must be ..."."""

    def refuse(reason: str) -> AWSError:
        return invalid(f"{prefix}DeliveryPolicy: {path}.{reason}")

    for key in _RETRY_REQUIRED:
        if key not in policy:
            raise refuse(f"{key} must be specified")
    values: dict[str, int] = {}
    for key in (*_RETRY_REQUIRED, *_RETRY_COUNTS):
        if key not in policy:
            continue
        value = policy[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, str))
            or not str(value).lstrip("-").isdigit()
        ):
            raise refuse(f"{key} must be an integer")
        values[key] = int(value)
    if values["minDelayTarget"] < 1:
        raise refuse("minDelayTarget must be greater than or equal to 1")
    if values["maxDelayTarget"] > MAX_DELAY_TARGET:
        raise refuse(f"maxDelayTarget must be less than or equal to {MAX_DELAY_TARGET}")
    if values["minDelayTarget"] > values["maxDelayTarget"]:
        raise refuse("maxDelayTarget must be greater than or equal to minDelayTarget")
    for key in ("numRetries", *_RETRY_COUNTS):
        if values.get(key, 0) < 0:
            raise refuse(f"{key} must be greater than or equal to 0")
    if values["numRetries"] > MAX_RETRIES:
        raise refuse(f"numRetries must be less than or equal to {MAX_RETRIES}")
    if values["numRetries"] < sum(values.get(key, 0) for key in _RETRY_COUNTS):
        raise refuse(
            "numRetries must be greater than or equal to total of numMinDelayRetries, numNoDelayRetries "
            "and numMaxDelayRetries"
        )


# The protocols raw message delivery applies to (SNS developer guide).
RAW_PROTOCOLS = ("sqs", "http", "https", "firehose")


def subscribe(params: Mapping[str, str], attributes: Mapping[str, str]) -> None:
    """AWS's refusals of a Subscribe: protocol, endpoint and the subscription's attributes."""
    topic_arn = params.get("TopicArn") or ""
    protocol = params.get("Protocol") or ""
    endpoint = params.get("Endpoint") or ""
    if protocol not in PROTOCOLS:
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    if protocol in ("http", "https") and not endpoint.startswith(f"{protocol}://"):
        raise invalid("Endpoint must match the specified protocol")
    if protocol == "sms" and not _E164.match(endpoint):
        raise AWSError("InvalidParameter", f"Invalid SMS endpoint: {endpoint}")
    if protocol == "sqs" and (not endpoint.startswith("arn:") or len(endpoint.split(":")) < 6):
        raise invalid("SQS endpoint ARN")
    if protocol == "lambda" and (not endpoint.startswith("arn:") or len(endpoint.split(":")) < 7):
        raise invalid("Lambda endpoint ARN")
    if protocol == "firehose" and (not endpoint.startswith("arn:") or len(endpoint.split(":")) < 6):
        # The same family of sentences as SQS and Lambda endpoints.
        raise invalid("Firehose endpoint ARN")
    if protocol in ("email", "email-json") and not _EMAIL.fullmatch(endpoint):
        # One address only: AWS refuses "a@b.com;c@d.com" and text that is no address alike.
        raise invalid("Email address")
    if protocol == "application" and endpoint.split(":", 5)[-1].split("/", 1)[0] != "endpoint":
        # Recorded against AWS (an ARN that is no platform endpoint's, such as a topic's).
        raise invalid(f"Application endpoint arn invalid:{endpoint}")
    if endpoint.endswith(".fifo") and not topic_arn.endswith(".fifo"):
        raise invalid(
            "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"
        )
    for name, value in attributes.items():
        subscription_attribute(name, value, topic_arn, endpoint, "Attributes Reason: ")
    if str(attributes.get("RawMessageDelivery", "")).lower() == "true" and protocol not in RAW_PROTOCOLS:
        # Recorded against AWS for email.
        raise invalid(
            f"Attributes Reason: Delivery protocol [{protocol}] does not support raw message delivery."
        )
    _check_existing_subscription(topic_arn, protocol, endpoint, attributes)
    if "FilterPolicy" in attributes or "FilterPolicyScope" in attributes:
        _with_prefix(
            lambda: filters.validate(attributes.get("FilterPolicy"), attributes.get("FilterPolicyScope")),
            "Attributes Reason: ",
        )


def _check_existing_subscription(
    topic_arn: str, protocol: str, endpoint: str, attributes: Mapping[str, str]
) -> None:
    """Subscribe is idempotent for the same endpoint, unless it names other attribute values."""
    topic = _topic(topic_arn)
    if topic is None or not attributes:
        return
    for subscription in list(topic.sns_backend.subscriptions.values()):
        if (
            subscription.topic is not topic
            or subscription.endpoint != endpoint
            or subscription.protocol != protocol
        ):
            continue
        current = subscription.attributes or {}
        for name, value in attributes.items():
            shown = current.get(name)
            if name == "RawMessageDelivery":
                shown, value = str(shown).lower(), str(value).lower()
            if shown is not None and str(shown) != str(value):
                raise invalid("Attributes Reason: Subscription already exists with different attributes")
            if shown is None and name in ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy") and value:
                raise invalid("Attributes Reason: Subscription already exists with different attributes")


def subscription_attribute(
    name: str, value: str | None, topic_arn: str, endpoint: str, prefix: str = ""
) -> None:
    """One subscription attribute as SetSubscriptionAttributes (prefix "") or Subscribe checks it."""
    if name not in SUBSCRIPTION_ATTRIBUTES:
        raise invalid(f"{prefix}AttributeName")
    value = value or ""
    if name == "FilterPolicyScope" and value not in filters.SCOPES:
        raise invalid(
            f"{prefix}FilterPolicyScope: Invalid value [{value}]. "
            "Please use either MessageBody or MessageAttributes"
        )
    if name == "FilterPolicy" and value:
        try:
            json.loads(value)
        except ValueError:
            raise invalid(f"{prefix}FilterPolicy: {json_errors.parse_failure(value)}") from None
    if name == "RawMessageDelivery" and value.lower() not in ("true", "false"):
        raise invalid(f"{prefix}RawMessageDelivery: Invalid value [{value}]. Must be true or false.")
    if name == "DeliveryPolicy" and value:
        try:
            policy = json.loads(value)
        except ValueError:
            raise invalid(f"{prefix}DeliveryPolicy: {json_errors.parse_failure(value)}") from None
        if not isinstance(policy, dict):
            raise invalid(f"{prefix}DeliveryPolicy: failed to parse JSON.")
        if isinstance(policy.get("healthyRetryPolicy"), dict):
            _check_retry_policy(policy["healthyRetryPolicy"], "healthyRetryPolicy", prefix)
    if name == "RedrivePolicy" and value:
        _check_redrive_policy(value, topic_arn, endpoint, prefix)


def _check_redrive_policy(value: str, topic_arn: str, endpoint: str, prefix: str) -> None:
    try:
        policy = json.loads(value)
    except ValueError:
        raise invalid(f"{prefix}RedrivePolicy: {json_errors.parse_failure(value)}") from None
    target = policy.get("deadLetterTargetArn", "") if isinstance(policy, dict) else ""
    parts = target.split(":", 5) if isinstance(target, str) else []
    if len(parts) < 6 or parts[0] != "arn":
        raise invalid(f"{prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn")
    if topic_arn.endswith(".fifo") and endpoint.endswith(".fifo"):
        if parts[2] != "sqs" or not parts[5].endswith(".fifo"):
            raise invalid(
                f"{prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a "
                "FIFO Topic."
            )


def _with_prefix(check: Any, prefix: str) -> None:
    """Run a check whose errors read "Invalid parameter: X", answering "Invalid parameter: <prefix>X"."""
    try:
        check()
    except AWSError as error:
        head = "Invalid parameter: "
        if error.message.startswith(head) and prefix:
            error.message = head + prefix + error.message[len(head) :]
            error.args = (error.message,)
        raise


# CreatePlatformApplication's platforms (API reference). Every one but GCM (an API key or a service
# account's JSON in PlatformCredential alone) takes its credentials as a principal and a credential.
PLATFORMS = (
    "ADM",
    "APNS",
    "APNS_SANDBOX",
    "APNS_VOIP",
    "APNS_VOIP_SANDBOX",
    "BAIDU",
    "GCM",
    "MACOS",
    "MACOS_SANDBOX",
    "MPNS",
    "WNS",
)
_APPLICATION_NAME = re.compile(r"[A-Za-z0-9._-]+")
_NULL_ATTRIBUTES = (
    "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: "
    "Member must not be null"
)


def create_platform_application(name: str, platform: str, attributes: Mapping[str, str]) -> None:
    """CreatePlatformApplication's name, platform and credential attributes, in AWS's order. The
    credentials themselves are not checked with Apple, Google and the others as AWS checks them."""
    reason = ""
    if not name:
        reason = "cannot be empty"
    elif len(name) > 256:
        reason = "must be at most 256 characters long"
    elif not _APPLICATION_NAME.fullmatch(name):
        reason = "must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'"
    if reason:
        raise invalid(f"{name} Reason: {reason}")
    if platform not in PLATFORMS:
        raise invalid(f"Platform Reason: {platform} is not supported")
    if not attributes:
        if platform in ("APNS", "GCM"):
            return  # AWS creates these without credentials (token-based set-up comes later)
        raise AWSError("ValidationError", _NULL_ATTRIBUTES)
    credential, principal = "PlatformCredential" in attributes, "PlatformPrincipal" in attributes
    if platform == "GCM":
        if principal and not credential:
            raise invalid(
                "Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential"
            )
        check_credential_shapes(platform, attributes)
        return
    if credential and not principal:
        raise invalid("Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal")
    if principal and not credential:
        raise invalid("Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential")
    check_credential_shapes(platform, attributes)


# AWS's answer when Apple or Google refuse the credentials, as users quote it (terraform-provider-aws
# #20309 and #37564, pulumi-aws #5717, aws-sdk-ruby #1328).
CREDENTIALS_INVALID = "Attributes Reason: Platform credentials are invalid"
APPLE_PLATFORMS = ("APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "MACOS", "MACOS_SANDBOX")
_PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"
_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")


def check_credential_shapes(platform: str, attributes: Mapping[str, str]) -> None:
    """What can be told about credentials without Apple or Google (AWS asks them; we cannot, so
    placeholder strings are kept and only credentials that cannot be right are refused):
    - Apple, certificate based: a PEM certificate as PlatformPrincipal needs a PEM private key as
      PlatformCredential, and the certificate alone (AWS refuses a principal that carries the key too,
      aws-sdk-ruby #1328);
    - Apple, token based: a PEM private key (.p8) as PlatformCredential needs the signing key ID as
      PlatformPrincipal, not a PEM block;
    - FCM: a PlatformCredential given as JSON (a service account's key file) must be a JSON object."""
    principal = attributes.get("PlatformPrincipal") or ""
    credential = attributes.get("PlatformCredential") or ""
    if platform in APPLE_PLATFORMS:
        if _PEM_CERTIFICATE in principal and (
            _PEM_PRIVATE_KEY.search(principal) or not _PEM_PRIVATE_KEY.search(credential)
        ):
            raise invalid(CREDENTIALS_INVALID)
        if (
            _PEM_PRIVATE_KEY.search(credential)
            and "-----BEGIN" in principal
            and _PEM_CERTIFICATE not in principal
        ):
            raise invalid(CREDENTIALS_INVALID)
    elif platform == "GCM" and credential.lstrip().startswith(("{", "[")):
        try:
            document = json.loads(credential)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise invalid(CREDENTIALS_INVALID)


def set_platform_application_attributes(attributes: Mapping[str, str], platform: str = "") -> None:
    if not attributes:
        raise AWSError("ValidationError", _NULL_ATTRIBUTES)
    if platform and ("PlatformCredential" in attributes or "PlatformPrincipal" in attributes):
        check_credential_shapes(platform, attributes)


# SetSMSAttributes' attribute names and DefaultSMSType's values (API reference).
SMS_ATTRIBUTES = frozenset(
    {
        "MonthlySpendLimit",
        "DeliveryStatusIAMRole",
        "DeliveryStatusSuccessSamplingRate",
        "DefaultSenderID",
        "DefaultSMSType",
        "UsageReportS3Bucket",
    }
)
SMS_TYPES = ("Promotional", "Transactional")
_SENDER_ID = re.compile(r"[A-Za-z0-9]{1,11}")


def set_sms_attributes(attributes: Mapping[str, str]) -> None:
    """An attribute name the API reference does not list, or a DefaultSMSType other than Promotional or
    Transactional, is refused before anything is stored. Sentences as LocalStack words them (not
    confirmed against AWS)."""
    for name in attributes:
        if name not in SMS_ATTRIBUTES:
            raise AWSError("InvalidParameter", f"{name} is not a valid attribute")
    sms_type = attributes.get("DefaultSMSType")
    if sms_type is not None and sms_type not in SMS_TYPES:
        raise AWSError("InvalidParameter", "DefaultSMSType is invalid")
    sender = attributes.get("DefaultSenderID")
    if sender is not None and not (_SENDER_ID.fullmatch(sender) and any(c.isalpha() for c in sender)):
        # Recorded against AWS for a 12-character ID; the rule (1 to 11 letters and digits, one letter at
        # least) is the SMS developer guide's.
        raise AWSError("InvalidParameter", "DefaultSenderID is invalid")


def create_platform_endpoint(params: Mapping[str, str], attributes: Mapping[str, str]) -> None:
    """CreatePlatformEndpoint's refusals as recorded against AWS: an application ARN whose resource is
    not app/PLATFORM/NAME, an empty token, an empty Token attribute."""
    arn = params.get("PlatformApplicationArn") or ""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[5].count("/") != 2:
        raise invalid(
            "PlatformApplicationArn Reason: Wrong number of slashes in relative portion of the ARN."
        )
    if params.get("Token") == "":
        raise invalid("Token Reason: cannot be empty")
    if attributes.get("Token") == "":
        raise invalid("Attributes Reason: Invalid value for attribute: Token: cannot be empty")


_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_OPT_PHONE = re.compile(r"^\+?\d+$")


def add_permission(params: Mapping[str, str]) -> None:
    """AddPermission with an account ID that is not 12 digits (recorded against AWS)."""
    accounts = [v for k, v in params.items() if k.startswith("AWSAccountId.member.")]
    if any(not _ACCOUNT_ID.fullmatch(account) for account in accounts):
        raise invalid("A provided account ID is not valid")


def opt_in_phone_number(params: Mapping[str, str]) -> None:
    """OptInPhoneNumber refuses what CheckIfPhoneNumberIsOptedOut refuses (recorded against AWS)."""
    if not _OPT_PHONE.match(params.get("phoneNumber") or ""):
        raise invalid("PhoneNumber Reason: input incorrectly formatted")
