"""PutBucketNotificationConfiguration checked as AWS checks it before moto stores it: filter rule
names (either case), overlapping configurations, and destinations that exist and let S3 publish."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from typing import Any

from localstack.services.s3 import service_model
from localstack.services.s3.s3_errors import S3Error
from localstack.services.sqs import queue_policy_access
from localstack.utils.aws.errors import AWSError, MalformedXML
from localstack.utils.aws.internal_client import connect_to

# (XML element, element naming the ARN, botocore service of the destination)
_KINDS = (
    ("QueueConfiguration", "Queue", "sqs"),
    ("TopicConfiguration", "Topic", "sns"),
    ("CloudFunctionConfiguration", "CloudFunction", "lambda"),
)
_FILTER_NAME = re.compile(r"(<Name>\s*)(prefix|suffix)(\s*</Name>)", re.IGNORECASE)
SKIP_VALIDATION_HEADER = "x-amz-skip-destination-validation"


@dataclass
class Destination:
    service: str
    arn: str
    events: list[str]
    prefix: str = ""
    suffix: str = ""
    rules: list[tuple[str, str]] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ElementTree.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def parse(body: bytes) -> list[Destination]:
    try:
        root = ElementTree.fromstring(body) if body.strip() else None
    except ElementTree.ParseError as error:
        raise MalformedXML(str(error)) from None
    if root is None:
        return []
    destinations = []
    for element_name, arn_name, service in _KINDS:
        for element in _children(root, element_name):
            arn = _text(element, arn_name)
            events = [(event.text or "").strip() for event in _children(element, "Event")]
            if not arn or not events:
                raise MalformedXML()
            destination = Destination(service, arn, events)
            for key_filter in _children(element, "Filter"):
                for s3_key in _children(key_filter, "S3Key"):
                    for rule in _children(s3_key, "FilterRule"):
                        if not _children(rule, "Name") or not _children(rule, "Value"):
                            raise MalformedXML()
                        destination.rules.append((_text(rule, "Name"), _text(rule, "Value")))
            _read_rules(destination)
            destinations.append(destination)
    return destinations


def _read_rules(destination: Destination) -> None:
    seen: set[str] = set()
    for name, value in destination.rules:
        lowered = name.lower()
        if lowered not in ("prefix", "suffix"):
            raise S3Error(
                "InvalidArgument",
                "filter rule name must be either prefix or suffix",
                ArgumentName="FilterRule.Name",
                ArgumentValue=name,
            )
        if lowered in seen:
            raise AWSError("InvalidArgument", f"Cannot specify more than one {lowered} rule in a filter.")
        seen.add(lowered)
        setattr(destination, lowered, value)


def _events_overlap(first: list[str], second: list[str]) -> bool:
    for a in first:
        for b in second:
            if a == b:
                return True
            a_family, b_family = a.rpartition(":")[0], b.rpartition(":")[0]
            if a_family == b_family and (a.endswith(":*") or b.endswith(":*")):
                return True
    return False


def _overlap(a: Destination, b: Destination) -> bool:
    prefixes = a.prefix.startswith(b.prefix) or b.prefix.startswith(a.prefix)
    suffixes = a.suffix.endswith(b.suffix) or b.suffix.endswith(a.suffix)
    return prefixes and suffixes and _events_overlap(a.events, b.events)


def check_overlaps(destinations: list[Destination]) -> None:
    for index, first in enumerate(destinations):
        for second in destinations[index + 1 :]:
            if _overlap(first, second):
                raise AWSError(
                    "InvalidArgument",
                    "Configurations overlap. Configurations on the same bucket cannot share a common "
                    "event type.",
                )


# (what S3 must be allowed to do, the destination's noun in AWS's reasons)
_PERMISSION = {
    "sqs": ("sqs:SendMessage", "queue"),
    "sns": ("sns:Publish", "topic"),
    "lambda": ("lambda:InvokeFunction", ""),
}


def _policy_of(destination: Destination, client: Any, resource: str, account_id: str) -> str | None:
    """The destination's resource policy; raises ClientError when the destination does not exist."""
    from botocore.exceptions import ClientError

    if destination.service == "sqs":
        url = client.get_queue_url(QueueName=resource, QueueOwnerAWSAccountId=account_id)["QueueUrl"]
        return (
            client.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
            .get("Attributes", {})
            .get("Policy")
        )
    if destination.service == "sns":
        return client.get_topic_attributes(TopicArn=destination.arn)["Attributes"].get("Policy")
    client.get_function(FunctionName=destination.arn)
    try:
        return client.get_policy(FunctionName=destination.arn)["Policy"]
    except ClientError:
        return None  # a function without a resource policy: nobody else may invoke it


def allows_s3(document: str | None, action: str, resource: str, bucket: str, bucket_owner: str) -> bool:
    """Whether the resource policy lets S3 send this bucket's notifications: S3's test message carries the
    bucket's ARN and owner as aws:SourceArn and aws:SourceAccount."""
    return queue_policy_access.allows(
        document, queue_policy_access.S3, action, resource, f"arn:aws:s3:::{bucket}", bucket_owner
    )


def _refusal(destination: Destination, bucket: str, bucket_owner: str) -> str | None:
    """Why S3 could not validate a destination (AWS's ArgumentValue), or None when it can publish there."""
    from botocore.exceptions import ClientError

    parts = destination.arn.split(":", 5)
    if len(parts) != 6 or parts[2] != destination.service:
        raise AWSError("InvalidArgument", "The ARN is not well formed")
    _, _, _, region, account_id, resource = parts
    action, noun = _PERMISSION[destination.service]
    if destination.service == "lambda":
        missing = denied = f"Not authorized to invoke function [{destination.arn}]"
    else:
        missing = f"The destination {noun} does not exist"
        denied = (
            f"Permissions on the destination {noun} do not allow S3 to publish notifications from this bucket"
        )
    # FIFO queues are not S3 notification destinations on AWS.
    if destination.service == "sqs" and resource.endswith(".fifo"):
        return missing
    client = connect_to(destination.service, account_id=account_id, region=region)
    try:
        document = _policy_of(destination, client, resource, account_id)
    except ClientError:
        return missing
    if not allows_s3(document, action, destination.arn, bucket, bucket_owner):
        return denied
    return None


def _event_names() -> frozenset[str]:
    """The events S3 notifies of: the Event enumeration of botocore's S3 model."""
    global _EVENTS
    if _EVENTS is None:
        _EVENTS = service_model.enum("Event")
    return _EVENTS


_EVENTS: frozenset[str] | None = None


_ARN_NAMES = {service: arn_name for _, arn_name, service in _KINDS}


def check_arns(destinations: list[Destination]) -> None:
    """The first destination whose ARN cannot be parsed at all is refused, named by its element, whether
    or not destinations are validated (as S3 answered in LocalStack's recordings)."""
    for destination in destinations:
        parts = destination.arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not all(parts[1:3]):
            raise S3Error(
                "InvalidArgument",
                "The ARN could not be parsed",
                ArgumentName=_ARN_NAMES[destination.service],
                ArgumentValue=destination.arn,
            )


def check_events(destinations: list[Destination]) -> None:
    known = _event_names()
    for destination in destinations:
        if any(event not in known for event in destination.events):
            raise AWSError("InvalidArgument", "The event is not supported for notifications")


def check_destinations(destinations: list[Destination], bucket: str, bucket_owner: str) -> None:
    """AWS names each destination it could not validate, with its reason, as ArgumentName<n> and
    ArgumentValue<n>."""
    fields: dict[str, str] = {}
    for destination in destinations:
        reason = _refusal(destination, bucket, bucket_owner)
        if reason is not None:
            number = len(fields) // 2 + 1
            # A function is named with ", null" after its ARN, as S3 answered in LocalStack's recordings.
            named = f"{destination.arn}, null" if destination.service == "lambda" else destination.arn
            fields[f"ArgumentName{number}"] = named
            fields[f"ArgumentValue{number}"] = reason
    if fields:
        raise S3Error(
            "InvalidArgument", "Unable to validate the following destination configurations", **fields
        )


def validate(body: bytes, skip_destinations: bool, bucket: str, bucket_owner: str) -> bytes | None:
    """Raise AWS's error for a configuration AWS refuses; the body moto reads (rule names in lower
    case, which moto insists on), or None when it needs no change."""
    destinations = parse(body)
    check_arns(destinations)
    check_events(destinations)
    check_overlaps(destinations)
    if not skip_destinations:
        check_destinations(destinations, bucket, bucket_owner)
    text = body.decode("utf-8", errors="replace")
    normalized = _FILTER_NAME.sub(lambda m: m.group(1) + m.group(2).lower() + m.group(3), text)
    return None if normalized == text else normalized.encode("utf-8")
