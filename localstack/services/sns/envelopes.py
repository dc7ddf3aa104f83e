"""The JSON documents SNS delivers, field for field as AWS sends them: the notification envelope (SQS,
HTTP/S, email-json), the subscription confirmation, and the Lambda event."""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import quote

from localstack.services.sns import signing
from localstack.services.sns.publishing import Published
from localstack.utils import fast_ids

# Message-structure keys: the protocol's own key, else "default".
_STRUCTURE_KEYS = {"https": "https", "http": "http", "email-json": "email-json"}


def timestamp() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def base_url() -> str:
    """The emulator's edge, as clients outside reach it (for SubscribeURL, UnsubscribeURL, certificates)."""
    from localstack.services import infra

    running = infra.current()
    return f"http://{running.config.hostname_external}:{running.edge_port}"


def cert_url() -> str:
    return f"{base_url()}/_localstack/sns/certs/{signing.cert_name()}"


def unsubscribe_url(subscription_arn: str) -> str:
    return f"{base_url()}/?Action=Unsubscribe&SubscriptionArn={quote(subscription_arn, safe=':')}"


def message_for(published: Published, protocol: str, platform: str | None = None) -> str:
    """The text a subscriber of `protocol` receives: with MessageStructure=json, its own key or default."""
    if published.message_structure != "json":
        return published.message
    try:
        structured = json.loads(published.message)
    except ValueError:
        return published.message
    key = platform or _STRUCTURE_KEYS.get(protocol, protocol)
    value = structured.get(key, structured.get("default", ""))
    return value if isinstance(value, str) else json.dumps(value)


def notification(
    published: Published, subscription_arn: str, message: str, signature_version: str = "1"
) -> dict[str, Any]:
    """The Notification envelope (keys in AWS's order; Subject and MessageAttributes only when given)."""
    envelope: dict[str, Any] = {"Type": "Notification", "MessageId": published.message_id}
    if published.sequence_number:
        envelope["SequenceNumber"] = published.sequence_number
    envelope["TopicArn"] = published.topic_arn
    if published.subject is not None:
        envelope["Subject"] = published.subject
    envelope["Message"] = message
    envelope["Timestamp"] = timestamp()
    if not (published.topic_arn or "").endswith(".fifo"):  # FIFO topics do not sign notifications
        envelope["SignatureVersion"] = signature_version
        envelope["Signature"] = signing.sign(envelope, signature_version)
        envelope["SigningCertURL"] = cert_url()
    envelope["UnsubscribeURL"] = unsubscribe_url(subscription_arn)
    if published.message_attributes:
        envelope["MessageAttributes"] = {
            name: {"Type": value["Type"], "Value": value["Value"]}
            for name, value in published.message_attributes.items()
        }
    return envelope


def to_json(document: dict[str, Any]) -> str:
    """AWS writes its envelopes indented by two, with ' : ' between key and value."""
    return json.dumps(document, indent=2, separators=(",", " : "), ensure_ascii=False)


def confirmation(topic_arn: str, token: str, signed: bool = True) -> dict[str, Any]:
    """The SubscriptionConfirmation document with SubscribeURL and Token (signed unless kept as email)."""
    subscribe_url = (
        f"{base_url()}/?Action=ConfirmSubscription&TopicArn={quote(topic_arn, safe=':')}&Token={token}"
    )
    document: dict[str, Any] = {
        "Type": "SubscriptionConfirmation",
        "MessageId": fast_ids.uuid4(),
        "Token": token,
        "TopicArn": topic_arn,
        "Message": (
            f"You have chosen to subscribe to the topic {topic_arn}.\n"
            "To confirm the subscription, visit the SubscribeURL included in this message."
        ),
        "SubscribeURL": subscribe_url,
        "Timestamp": timestamp(),
        "SignatureVersion": "1",
    }
    if signed:
        document["Signature"] = signing.sign(document, "1")
        document["SigningCertURL"] = cert_url()
    return document


def lambda_event(envelope: dict[str, Any], subscription_arn: str) -> dict[str, Any]:
    """The event a subscribed function receives: one record whose Sns part is the envelope, as Lambda
    spells it (SigningCertUrl, UnsubscribeUrl, Subject null and MessageAttributes {} when absent)."""
    sns = {
        "Type": envelope["Type"],
        "MessageId": envelope["MessageId"],
        "TopicArn": envelope["TopicArn"],
        "Subject": envelope.get("Subject"),
        "Message": envelope["Message"],
        "Timestamp": envelope["Timestamp"],
        "SignatureVersion": envelope["SignatureVersion"],
        "Signature": envelope["Signature"],
        "SigningCertUrl": envelope["SigningCertURL"],
        "UnsubscribeUrl": envelope["UnsubscribeURL"],
        "MessageAttributes": envelope.get("MessageAttributes", {}),
    }
    if "SequenceNumber" in envelope:
        sns["SequenceNumber"] = envelope["SequenceNumber"]
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": subscription_arn,
                "Sns": sns,
            }
        ]
    }
