"""SQS's own request rules that moto lacks or words differently, with AWS's codes and messages.

Each check takes the request's parameters in the JSON protocol's shape (`request_params` turns a
query-protocol form into that shape) and raises an `AWSError`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from localstack.services.sqs.message_attributes import (  # noqa: F401 (check_message_attributes: re-exported)
    _INVALID_CHARACTERS,
    INVALID_CHARACTERS_MESSAGE,
    MAX_MESSAGE_ATTRIBUTES,
    InvalidParameterValue,
    check_message_attributes,
)
from localstack.utils.aws.errors import AWSError

_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")
# moto's receipt handles: 185 lowercase letters. Anything else was never issued.
_RECEIPT_HANDLE = re.compile(r"[a-z]{185}")

# The operations whose parameters are checked here; every other request passes untouched.
CHECKED = frozenset(
    {
        "SendMessage",
        "ReceiveMessage",
        "CreateQueue",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "SetQueueAttributes",
        "ListQueues",
        "ListDeadLetterSourceQueues",
        "SendMessageBatch",
        "DeleteMessageBatch",
        "ChangeMessageVisibilityBatch",
    }
)


def request_params(operation: str, path: str, data: bytes, json_protocol: bool) -> dict[str, Any]:
    """The parameters of a checked operation in the JSON protocol's shape."""
    if json_protocol:
        try:
            params = json.loads(data or b"{}")
        except ValueError:
            return {}  # request_checks answers a malformed body
        return params if isinstance(params, dict) else {}
    form = dict(parse_qsl(path.split("?", 1)[1], keep_blank_values=True)) if "?" in path else {}
    if data:
        form.update(parse_qsl(data.decode("utf-8", "surrogateescape"), keep_blank_values=True))
    params: dict[str, Any] = {k: v for k, v in form.items() if "." not in k}
    attributes = _indexed(form, "Attribute")
    if attributes:
        params["Attributes"] = {a.get("Name", ""): a.get("Value", "") for a in attributes}
    entries = _indexed(form, f"{operation}RequestEntry")
    if entries:
        params["Entries"] = entries
    system_attributes = _indexed(form, "MessageSystemAttribute")
    if system_attributes:
        params["MessageSystemAttributes"] = {a.get("Name", ""): {} for a in system_attributes}
    message_attributes = _indexed(form, "MessageAttribute")
    if message_attributes:
        params["MessageAttributes"] = {
            a.get("Name", ""): {
                key.split(".", 1)[1]: value for key, value in a.items() if key.startswith("Value.")
            }
            for a in message_attributes
        }
    return params


def _indexed(form: dict[str, str], prefix: str) -> list[dict[str, str]]:
    """`Prefix.N.Rest=value` entries of a query form, as one dict of `Rest` per N."""
    entries: dict[str, dict[str, str]] = {}
    start = prefix + "."
    for key, value in form.items():
        if key.startswith(start):
            index, _, rest = key[len(start) :].partition(".")
            entries.setdefault(index, {})[rest] = value
    return [entries[index] for index in sorted(entries, key=lambda i: int(i) if i.isdigit() else 0)]


def check(operation: str, params: dict[str, Any]) -> None:
    if operation == "SendMessage":
        check_message_body(params.get("MessageBody"))
        if not str(params.get("QueueUrl") or "").endswith(".fifo"):
            check_standard_queue_fields(params)
        else:
            check_fifo_ids(params)
        check_delay_not_negative(params.get("DelaySeconds"))
        check_message_attributes(params.get("MessageAttributes") or {})
        check_message_system_attribute_names(params.get("MessageSystemAttributes"))
    elif operation == "ReceiveMessage":
        check_receive_limits(params)
    elif operation == "CreateQueue":
        check_queue_name(params.get("QueueName") or "", params.get("Attributes") or {})
        attributes = params.get("Attributes") or {}
        fifo = str(attributes.get("FifoQueue", "")).lower() == "true"
        check_integer_attributes(attributes)
        check_one_encryption(attributes)
        check_policy_documents(attributes)
        check_redrive_target(attributes)
        check_redrive_allow_policy(attributes)
        check_fifo_attributes(attributes, fifo)
        check_attribute_names(attributes, fifo, creating=True)
    elif operation in ("SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"):
        check_batch_size(params.get("Entries"))
        check_batch_entry_ids(params.get("Entries"))
        check_batch_not_empty_and_distinct(operation, params.get("Entries"))
        if operation == "SendMessageBatch" and str(params.get("QueueUrl") or "").endswith(".fifo"):
            check_fifo_batch_groups(params.get("Entries"))
    elif operation == "SetQueueAttributes":
        check_one_encryption(params.get("Attributes") or {})
        check_policy_documents(params.get("Attributes") or {})
        check_redrive_target(params.get("Attributes") or {})
        check_redrive_allow_policy(params.get("Attributes") or {})
        queue_fifo = str(params.get("QueueUrl") or "").endswith(".fifo")
        check_integer_attributes(params.get("Attributes") or {})
        check_fifo_attributes(params.get("Attributes") or {}, queue_fifo, current=params.get("QueueUrl"))
        check_attribute_names(params.get("Attributes") or {}, queue_fifo, creating=False)
    elif operation in ("ListQueues", "ListDeadLetterSourceQueues"):
        check_list_queues_paging(params)
    elif operation in ("DeleteMessage", "ChangeMessageVisibility"):
        check_receipt_handle(params.get("ReceiptHandle"))
        if operation == "ChangeMessageVisibility":
            check_visibility_change(params.get("VisibilityTimeout"))


def check_message_system_attribute_names(attributes: Any) -> None:
    """AWSTraceHeader is the only system attribute a sender may set (the API reference); the words
    are those SQS emulators written against AWS agree on."""
    for name in attributes if isinstance(attributes, dict) else ():
        if name != "AWSTraceHeader":
            raise InvalidParameterValue(f"Message system attribute name '{name}' is invalid.")


def check_visibility_change(value: Any) -> None:
    """ChangeMessageVisibility's range, in the words AWS answered (a recorded AWS response in an SQS
    client's tests); the batch gives each entry the same. moto accepted a negative timeout (the
    message came back at once) and worded the upper bound its own way."""
    if value is None:
        return
    number = _as_int(value)
    if number is None or not 0 <= number <= 43_200:
        raise InvalidParameterValue(
            f"Value {value} for parameter VisibilityTimeout is invalid. "
            "Reason: VisibilityTimeout must be an integer between 0 and 43200."
        )


def check_list_queues_paging(params: dict[str, Any]) -> None:
    """ListQueues' paging rules, in the words two SQS emulators written against AWS agree on (the
    range is the API reference's)."""
    if params.get("MaxResults") is not None:
        count = _as_int(params["MaxResults"])
        if count is None or not 1 <= count <= 1000:
            raise InvalidParameterValue(
                "Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 "
                "and 1000."
            )
    elif params.get("NextToken"):
        raise InvalidParameterValue(
            "MaxResults is a mandatory parameter when you provide a value for NextToken."
        )


_BATCH_ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")


MAX_BATCH_ENTRIES = 10


def check_batch_size(entries: Any) -> None:
    """More than ten entries refuse the whole batch, whichever batch it is (recorded against AWS for
    SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch in LocalStack's snapshots)."""
    if isinstance(entries, list) and len(entries) > MAX_BATCH_ENTRIES:
        raise AWSError(
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            f"Maximum number of entries per request are {MAX_BATCH_ENTRIES}. You have sent {len(entries)}.",
        )


def check_batch_not_empty_and_distinct(operation: str, entries: Any) -> None:
    """An empty batch, or one repeating an entry id, is refused whole, whichever batch it is: moto answered a
    DeleteMessageBatch with repeated ids entry by entry and an empty ChangeMessageVisibilityBatch OK."""
    if not entries:
        raise AWSError(
            "AWS.SimpleQueueService.EmptyBatchRequest",
            f"There should be at least one {operation}RequestEntry in the request.",
        )
    seen: set[Any] = set()
    for entry in entries if isinstance(entries, list) else ():
        entry_id = entry.get("Id") if isinstance(entry, dict) else None
        if entry_id in seen:
            raise AWSError("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
        seen.add(entry_id)


def check_fifo_batch_groups(entries: Any) -> None:
    """A FIFO queue's SendMessageBatch entry without a MessageGroupId refuses the batch with
    InvalidParameterValue (SendMessage says MissingParameter; both recorded against AWS)."""
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and not entry.get("MessageGroupId"):
            raise InvalidParameterValue("The request must contain the parameter MessageGroupId.")


def check_batch_entry_ids(entries: Any) -> None:
    """An entry Id outside [A-Za-z0-9_-]{1,80} refuses the whole batch (recorded against AWS for
    SendMessageBatch and DeleteMessageBatch in LocalStack's SQS snapshots); an empty or oversized
    batch is left to its own errors."""
    if not isinstance(entries, list) or not 1 <= len(entries) <= 10:
        return
    for entry in entries:
        entry_id = entry.get("Id") if isinstance(entry, dict) else None
        if isinstance(entry_id, str) and not _BATCH_ENTRY_ID.fullmatch(entry_id):
            raise AWSError(
                "AWS.SimpleQueueService.InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                "It can be at most 80 letters long.",
            )


def check_policy_documents(attributes: dict[str, Any]) -> None:
    """A Policy or RedrivePolicy that is no JSON object: AWS's InvalidAttributeValue sentences (as
    real accounts answered them in users' logs; moto's parser crashed into a SerializationException)."""
    for name, reason in (
        ("Policy", ""),
        ("RedrivePolicy", " Reason: Redrive policy is not a valid JSON map."),
    ):
        raw = attributes.get(name)
        if raw is None or raw == "":
            continue
        try:
            document = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise AWSError("InvalidAttributeValue", f"Invalid value for the parameter {name}.{reason}")


def check_redrive_target(attributes: dict[str, Any]) -> None:
    """A RedrivePolicy without maxReceiveCount or deadLetterTargetArn, or whose deadLetterTargetArn is no
    ARN, is refused before any queue is looked up (AWS's sentences, recorded in LocalStack's SQS snapshots
    and users' logs); a well-formed ARN naming no queue is the dead-letter module's 'Dead letter target
    does not exist.'"""
    raw = attributes.get("RedrivePolicy")
    if not isinstance(raw, str):
        return
    try:
        policy = json.loads(raw)
    except ValueError:
        return
    if not isinstance(policy, dict):
        return
    # Both members are mandatory, maxReceiveCount named first (`{}` too: AWS does not take it as a
    # clear, users' logs show it refused; "" clears).
    for member in ("maxReceiveCount", "deadLetterTargetArn"):
        if member not in policy:
            raise InvalidParameterValue(
                f"Value {raw} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not "
                f"contain mandatory attribute: {member}."
            )
    target = policy.get("deadLetterTargetArn")
    count = _as_int(policy["maxReceiveCount"])
    if isinstance(target, str) and not target.startswith("arn:") and count is not None and 1 <= count <= 1000:
        raise InvalidParameterValue(
            f"Value {raw} for parameter RedrivePolicy is invalid. Reason: Invalid value for "
            "deadLetterTargetArn."
        )


_REDRIVE_PERMISSIONS = ("allowAll", "denyAll", "byQueue")
_CANNOT_CREATE_ALLOW_POLICY = "Amazon SQS can't create the redrive allow policy"
MAX_SOURCE_QUEUE_ARNS = 10


def check_redrive_allow_policy(attributes: dict[str, Any]) -> None:
    """RedriveAllowPolicy's rules (the developer guide's), in the words AWS answers them: a policy that
    is no JSON object with a known redrivePermission and only sourceQueueArns (a list of strings)
    beside it is 'in an unsupported format'; the source queues go with byQueue only, 1 to 10 of them."""
    raw = attributes.get("RedriveAllowPolicy")
    if raw is None or raw == "":
        return
    unsupported = InvalidParameterValue(
        "Invalid value for the parameter RedriveAllowPolicy. Reason: "
        f"{_CANNOT_CREATE_ALLOW_POLICY}, as it\u2019s in an unsupported format."
    )
    try:
        policy = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        raise unsupported from None
    if not isinstance(policy, dict) or policy.get("redrivePermission") not in _REDRIVE_PERMISSIONS:
        raise unsupported
    sources = policy.get("sourceQueueArns")
    if set(policy) - {"redrivePermission", "sourceQueueArns"} or (
        sources is not None
        and (not isinstance(sources, list) or not all(isinstance(arn, str) for arn in sources))
    ):
        raise unsupported

    def refused(reason: str) -> InvalidParameterValue:
        return InvalidParameterValue(
            f"Value {raw} for parameter RedriveAllowPolicy is invalid. "
            f"Reason: {_CANNOT_CREATE_ALLOW_POLICY}. {reason}"
        )

    if sources and policy["redrivePermission"] != "byQueue":
        raise refused("To specify one or more source queue ARNs, you must set redrivePermission to byQueue.")
    if policy["redrivePermission"] == "byQueue" and not sources:
        raise refused(
            "When you specify the byQueue permission type, you must also specify one or more sourceQueueArns "
            "values."
        )
    if sources and len(sources) > MAX_SOURCE_QUEUE_ARNS:
        raise refused(f"The maximum number of source queue ARNs you can specify is {MAX_SOURCE_QUEUE_ARNS}.")


def check_one_encryption(attributes: dict[str, Any]) -> None:
    """KMS and SQS-managed encryption asked for in one CreateQueue or SetQueueAttributes (AWS's
    sentence, recorded in LocalStack's SQS snapshots; for CreateQueue, quoted from AWS in an
    ansible-collections issue and asserted by a live SQS emulator suite)."""
    if attributes.get("KmsMasterKeyId") and str(attributes.get("SqsManagedSseEnabled", "")).lower() == "true":
        raise AWSError(
            "InvalidAttributeName",
            "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS "
            "SSE or SQS SSE.",
        )


def check_standard_queue_fields(params: dict[str, Any]) -> None:
    """A deduplication id is for FIFO queues only (AWS's answer, as a user's Lambda logged it in
    cdklabs/construct-hub#905). A group id is not refused: standard queues take it for fair queues."""
    dedup = params.get("MessageDeduplicationId")
    if dedup:
        raise InvalidParameterValue(
            f"Value {dedup} for parameter MessageDeduplicationId is invalid. Reason: The request include "
            "parameter that is not valid for this queue type."
        )


# Alphanumeric and punctuation characters, 1 to 128 (SendMessage's API reference).
_FIFO_ID = re.compile(r"[\x21-\x7e]{1,128}")


def check_fifo_ids(params: dict[str, Any]) -> None:
    """A FIFO message's group and deduplication ids outside AWS's rule, in the words users' logs of
    real queues show."""
    for name in ("MessageGroupId", "MessageDeduplicationId"):
        value = params.get(name)
        if isinstance(value, str) and value and not _FIFO_ID.fullmatch(value):
            raise InvalidParameterValue(
                f"Value {value} for parameter {name} is invalid. Reason: {name} can only include "
                "alphanumeric and punctuation characters. 1 to 128 in length."
            )


def check_delay_not_negative(value: Any) -> None:
    """moto refused a DelaySeconds above 900 in AWS's words, whose range starts at 0, and sent a
    negative one at once."""
    number = _as_int(value)
    if number is not None and number < 0:
        raise InvalidParameterValue(
            f"Value {value} for parameter DelaySeconds is invalid. "
            "Reason: DelaySeconds must be >= 0 and <= 900."
        )


def check_message_body(body: Any) -> None:
    if body is None or body == "":
        raise AWSError("MissingParameter", "The request must contain the parameter MessageBody.")
    if isinstance(body, str) and _INVALID_CHARACTERS.search(body):
        raise AWSError("InvalidMessageContents", INVALID_CHARACTERS_MESSAGE)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_receive_limits(params: dict[str, Any]) -> None:
    if params.get("MaxNumberOfMessages") is not None:
        count = _as_int(params["MaxNumberOfMessages"])
        if count is None or not 1 <= count <= 10:
            raise InvalidParameterValue(
                f"Value {params['MaxNumberOfMessages']} for parameter MaxNumberOfMessages is invalid. "
                "Reason: Must be between 1 and 10, if provided."
            )
    if params.get("WaitTimeSeconds") is not None:
        wait = _as_int(params["WaitTimeSeconds"])
        if wait is None or not 0 <= wait <= 20:
            raise InvalidParameterValue(
                f"Value {params['WaitTimeSeconds']} for parameter WaitTimeSeconds is invalid. "
                "Reason: Must be >= 0 and <= 20, if provided."
            )
    if params.get("VisibilityTimeout") is not None:
        visibility = _as_int(params["VisibilityTimeout"])
        # moto accepted a value below 0 and refused one above 43200 in its own words.
        if visibility is None or not 0 <= visibility <= 43_200:
            raise InvalidParameterValue(
                f"Value {params['VisibilityTimeout']} for parameter VisibilityTimeout is invalid. "
                "Reason: Must be >= 0 and <= 43200, if provided."
            )


def check_queue_name(name: str, attributes: dict[str, Any]) -> None:
    fifo = str(attributes.get("FifoQueue", "")).lower() == "true"
    if fifo and not _FIFO_QUEUE_NAME.fullmatch(name):
        raise InvalidParameterValue(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
            "must end with .fifo suffix and be 1 to 80 in length."
        )
    if not fifo and not _QUEUE_NAME.fullmatch(name):
        raise InvalidParameterValue(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        )


def check_receipt_handle(handle: Any) -> None:
    if isinstance(handle, str) and handle and not _RECEIPT_HANDLE.fullmatch(handle):
        raise AWSError(
            "ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is not a valid receipt handle.'
        )


def message_not_available(handle: str) -> InvalidParameterValue:
    """A well-formed handle whose message is gone, given to ChangeMessageVisibility."""
    return InvalidParameterValue(
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not "
        "available for visibility timeout change."
    )


_INTEGER = re.compile(r"-?[0-9]{1,12}")
# Queue attributes that take an integer, with the range the API reference gives each.
INTEGER_ATTRIBUTES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1024, 1_048_576),
    "MessageRetentionPeriod": (60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43_200),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400),
}


def check_integer_attributes(attributes: dict[str, Any]) -> None:
    """An integer attribute that is not a whole number in its range: AWS's InvalidAttributeValue."""
    for name, (low, high) in INTEGER_ATTRIBUTES.items():
        if name not in attributes:
            continue
        value = attributes[name]
        number = int(value) if isinstance(value, str) and _INTEGER.fullmatch(value) else None
        if number is None or not low <= number <= high:
            raise AWSError("InvalidAttributeValue", f"Invalid value for the parameter {name}.")


# The queue attributes CreateQueue and SetQueueAttributes take (API reference); the others
# (QueueArn, ApproximateNumberOfMessages...) are read-only.
SETTABLE_ATTRIBUTES = frozenset(
    {
        "DelaySeconds",
        "MaximumMessageSize",
        "MessageRetentionPeriod",
        "Policy",
        "ReceiveMessageWaitTimeSeconds",
        "VisibilityTimeout",
        "RedrivePolicy",
        "RedriveAllowPolicy",
        "KmsMasterKeyId",
        "KmsDataKeyReusePeriodSeconds",
        "SqsManagedSseEnabled",
        "FifoQueue",
        "ContentBasedDeduplication",
        "DeduplicationScope",
        "FifoThroughputLimit",
    }
)


def check_attribute_names(attributes: dict[str, Any], fifo: bool, creating: bool) -> None:
    """An attribute SQS does not take, or ContentBasedDeduplication turned on for a standard queue:
    AWS's InvalidAttributeName 'Unknown Attribute <name>.' (a false value, which tools send, passes)."""
    for name in attributes:
        content_dedup_on_standard = (
            name == "ContentBasedDeduplication" and not fifo and str(attributes[name]).lower() == "true"
        )
        if name not in SETTABLE_ATTRIBUTES or content_dedup_on_standard:
            raise AWSError("InvalidAttributeName", f"Unknown Attribute {name}.")
        if name == "FifoQueue" and not creating:
            check_queue_type_kept(str(attributes[name]).lower(), fifo)


def check_queue_type_kept(value: str, fifo: bool) -> None:
    """SetQueueAttributes never changes a queue's type (moto turned one into the other): FifoQueue is
    an unknown attribute of a standard queue, and a FIFO queue takes only `true` (LocalStack's
    AWS-validated queue rules; an SQS written against AWS words the FIFO case the same)."""
    if not fifo and value == "true":
        raise AWSError("InvalidAttributeName", "Unknown Attribute FifoQueue.")
    if fifo and value != "true":
        raise AWSError(
            "InvalidAttributeValue",
            "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
        )


# High-throughput FIFO settings and their allowed values.
FIFO_SETTINGS = {
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}


def check_fifo_attributes(attributes: dict[str, Any], fifo: bool, current: Any = None) -> None:
    """DeduplicationScope and FifoThroughputLimit: FIFO queues only, known values, and high throughput
    (perMessageGroupId) only with deduplication per message group."""
    for name, allowed in FIFO_SETTINGS.items():
        if name not in attributes:
            continue
        if not fifo:
            # AWS's two sentences differ in their final period.
            ending = "." if name == "FifoThroughputLimit" else ""
            raise AWSError(
                "InvalidAttributeName",
                f"You can specify the {name} only when FifoQueue is set to true{ending}",
            )
        if attributes[name] not in allowed:
            raise AWSError("InvalidAttributeValue", f"Invalid value for the parameter {name}.")
    limit = attributes.get("FifoThroughputLimit")
    scope = attributes.get("DeduplicationScope")
    if limit == "perMessageGroupId" and scope is None and current is not None:
        scope = _current_attribute(current, "DeduplicationScope")
    if limit == "perMessageGroupId" and (scope or "queue") != "messageGroup":
        raise AWSError(
            "InvalidAttributeValue",
            "Invalid value for the parameter FifoThroughputLimit. Reason: To set FifoThroughputLimit to "
            "perMessageGroupId, the DeduplicationScope must be messageGroup.",
        )


def _current_attribute(queue_url: Any, name: str) -> Any:
    """An attribute of the queue a SetQueueAttributes names (None if the queue is not found)."""
    from moto.sqs.models import sqs_backends

    parts = str(queue_url).rstrip("/").split("/")
    if len(parts) < 2:
        return None
    account, queue_name = parts[-2], parts[-1]
    for region_backend in sqs_backends[account].values() if account in sqs_backends else []:
        queue = region_backend.queues.get(queue_name)
        if queue is not None:
            return getattr(queue, "deduplication_scope", None)
    return None
