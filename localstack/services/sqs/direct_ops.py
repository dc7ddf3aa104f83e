"""SendMessage, SendMessageBatch, ReceiveMessage and DeleteMessage in the JSON protocol, answered
against moto's sqs backend without moto's request parsing, dispatch and serializer: the same backend
calls and the same bytes moto's path writes, at a third of its Python calls. Whatever this module
does not render exactly as moto would (the query protocol, binary attributes, any error raised) goes
the general way.

DIRECT_OPS=0 in the environment sends every request the general way (the parity tests compare both).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services import plugins
from localstack.services.sqs import message_attributes, sender_identity
from localstack.utils.aws import request_context

# moto indents its JSON answers under MOTO_PRETTIFY_RESPONSES: this module writes them flat only.
_PATCHES = "localstack.services.sqs.patches"
ENABLED = get_config().direct_ops
OPERATIONS = frozenset(("SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage"))
_CONTENT_TYPE = "application/x-amz-json-1.0"
# moto's SUPPORTED_SYSTEM_MESSAGE_ATTRIBUTE_NAMES, in the order its ReceiveMessage lists them.
_SYSTEM_NAMES = (
    "AWSTraceHeader",
    "ApproximateFirstReceiveTimestamp",
    "ApproximateReceiveCount",
    "MessageDeduplicationId",
    "MessageGroupId",
    "SenderId",
    "SentTimestamp",
    "SequenceNumber",
)
_SEND_KEYS = frozenset(
    "QueueUrl MessageBody DelaySeconds MessageGroupId MessageDeduplicationId MessageAttributes".split()
)
_RECEIVE_KEYS = frozenset(
    (
        "QueueUrl",
        "AttributeNames",
        "MessageSystemAttributeNames",
        "MessageAttributeNames",
        "MaxNumberOfMessages",
        "WaitTimeSeconds",
        "VisibilityTimeout",
        "ReceiveRequestAttemptId",
    )
)
_DELETE_KEYS = frozenset(("QueueUrl", "ReceiptHandle"))
_BATCH_KEYS = frozenset(("QueueUrl", "Entries"))
_ENTRY_KEYS = frozenset(
    "Id MessageBody DelaySeconds MessageAttributes MessageSystemAttributes MessageDeduplicationId "
    "MessageGroupId".split()
)


def answer(operation: str, params: dict[str, Any], headers: Any) -> Response | None:
    """The answer to a JSON-protocol request, or None to let it go the general way."""
    if not plugins.patches_applied(_PATCHES):
        return None  # moto's sqs backend not built yet: the general path builds it, patched
    url = params.get("QueueUrl")
    if not isinstance(url, str) or "?" in url or "#" in url or ";" in url:
        return None
    scope = request_context.credential_scope(headers)
    if scope is None:
        return None
    backend = _backend(url, scope)
    if backend is None:
        return None
    name = url.rpartition("/")[2] if url.startswith(("http://", "https://")) else url
    queue = backend.queues.get(name)
    if queue is None:
        return None  # moto's QueueDoesNotExist, as moto words and shapes it
    if operation == "SendMessage":
        with sender_identity.sending_as(sender_identity.sender_id(headers)):
            return _send(backend, name, queue, params)
    if operation == "SendMessageBatch":
        with sender_identity.sending_as(sender_identity.sender_id(headers)):
            return _send_batch(backend, name, queue, params)
    if operation == "ReceiveMessage":
        return _receive(backend, name, queue, params)
    return _delete(backend, name, params)


def _backend(url: str, scope: tuple[str, str, str]) -> Any:
    """The backend moto's (patched) `SQSResponse.sqs_backend` picks: the queue URL's account, else
    the caller's."""
    from moto.sqs.models import sqs_backends

    account = None
    if url.startswith(("http://", "https://")):
        parts = url.split("/")  # scheme, "", host, account, name...
        if len(parts) > 3 and len(parts[3]) == 12 and parts[3].isdigit():
            account = parts[3]
    elif "/" in url:
        return None
    if account is None:
        account = request_context.account_for_access_key(scope[0])
    try:
        return sqs_backends[account][scope[1]]
    except KeyError:
        return None


def _respond(payload: str, status: int = 200) -> Response:
    from moto.utilities.aws_headers import gen_amzn_requestid_long

    headers = [("Content-Type", _CONTENT_TYPE), ("server", "amazon.com")]
    headers.append(("x-amzn-requestid", gen_amzn_requestid_long()))
    return Response(payload, status=status, headers=headers)


def _string_attributes(attributes: Any) -> dict[str, dict[str, str]] | None:
    """Message attributes as moto's parser stores them, if all carry a StringValue (else None)."""
    if not isinstance(attributes, dict):
        return None
    stored = {}
    for name, value in attributes.items():
        if not isinstance(value, dict) or value.keys() != {"DataType", "StringValue"}:
            return None
        text, data_type = value["StringValue"], value["DataType"]
        if not isinstance(text, str) or not isinstance(data_type, str):
            return None
        stored[name] = {"StringValue": text, "DataType": data_type}
    return stored


def _send(backend: Any, name: str, queue: Any, params: dict[str, Any]) -> Response | None:
    if not params.keys() <= _SEND_KEYS:
        return None
    body = params.get("MessageBody")
    delay = params.get("DelaySeconds")
    group = params.get("MessageGroupId")
    dedupe = params.get("MessageDeduplicationId")
    if not isinstance(body, str) or not (delay is None or type(delay) is int):
        return None
    if not (group is None or isinstance(group, str)) or not (dedupe is None or isinstance(dedupe, str)):
        return None
    attributes = params.get("MessageAttributes")
    stored: dict[str, Any] = {}
    if attributes:
        stored = _string_attributes(attributes)  # type: ignore[assignment]
        if stored is None:
            return None
        from moto.sqs.utils import validate_message_attributes

        try:
            validate_message_attributes(stored)
        except Exception:  # noqa: BLE001 - moto's path raises and renders it
            return None
    try:
        message = backend.send_message(
            name,
            body,
            message_attributes=stored,
            delay_seconds=delay,
            deduplication_id=dedupe,
            group_id=group,
            system_attributes=None,
        )
    except Exception:  # noqa: BLE001 - refused before anything was stored; moto's path answers it
        return None
    parts = [f'{{"MD5OfMessageBody": {json.dumps(message.body_md5)}']
    if message.message_attributes:
        parts.append(f'"MD5OfMessageAttributes": {json.dumps(message.attribute_md5)}')
    parts.append(f'"MessageId": {json.dumps(message.id)}')
    if queue.fifo_queue and message.sequence_number:
        parts.append(f'"SequenceNumber": {json.dumps(message.sequence_number)}')
    return _respond(", ".join(parts) + "}")


def _names(params: dict[str, Any], key: str) -> list | None:
    value = params.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return value


def _receive(backend: Any, name: str, queue: Any, params: dict[str, Any]) -> Response | None:
    from moto.sqs.constants import MAXIMUM_VISIBILITY_TIMEOUT

    if not params.keys() <= _RECEIVE_KEYS:
        return None
    system_names = _names(params, "AttributeNames")
    more_names = _names(params, "MessageSystemAttributeNames")
    attribute_names = _names(params, "MessageAttributeNames")
    if system_names is None or more_names is None or attribute_names is None:
        return None
    wanted = set(system_names) | set(more_names)
    count = params.get("MaxNumberOfMessages", 1)
    wait = params.get("WaitTimeSeconds", None)
    visibility = params.get("VisibilityTimeout", None)
    if type(count) is not int or not 1 <= count <= 10:
        return None
    if wait is None:
        wait = int(queue.receive_message_wait_time_seconds)
    if type(wait) is not int or not 0 <= wait <= 20:
        return None
    if visibility is None:
        visibility = queue.visibility_timeout
    elif type(visibility) is not int or not 0 <= visibility <= MAXIMUM_VISIBILITY_TIMEOUT:
        return None
    messages = backend.receive_message(name, count, wait, visibility, attribute_names)
    include_all = "All" in wanted
    shown = [n for n in _SYSTEM_NAMES if include_all or n in wanted]
    dead_letter_source = include_all or "DeadLetterQueueSourceArn" in wanted
    rendered = []
    for message in messages:
        entry = _message_json(message, shown, dead_letter_source, attribute_names)
        if entry is None:
            return _serialized(messages, shown, dead_letter_source, attribute_names)
        rendered.append(entry)
    if not rendered:
        return _respond("{}")
    return _respond('{"Messages": [' + ", ".join(rendered) + "]}")


def _system_attributes(message: Any, shown: list[str], dead_letter_source: bool) -> dict[str, Any] | None:
    """The Attributes map as moto's ReceiveMessage (and dead_letters' patch of it) builds it."""
    attributes: dict[str, Any] = {}
    for key in shown:
        if key == "SenderId":
            attributes[key] = message.sender_id
        elif key == "SentTimestamp":
            attributes[key] = str(message.sent_timestamp)
        elif key == "ApproximateReceiveCount":
            attributes[key] = str(message.approximate_receive_count)
        elif key == "ApproximateFirstReceiveTimestamp":
            attributes[key] = str(message.approximate_first_receive_timestamp)
        elif key == "MessageDeduplicationId":
            if message.deduplication_id is not None:
                attributes[key] = message.deduplication_id
        elif key == "MessageGroupId":
            if message.group_id is not None:
                attributes[key] = message.group_id
        elif key == "AWSTraceHeader":
            if message.system_attributes and message.system_attributes.get("AWSTraceHeader"):
                attributes[key] = message.system_attributes["AWSTraceHeader"].get("StringValue")
        elif key == "SequenceNumber" and message.sequence_number is not None:
            attributes[key] = message.sequence_number
    if dead_letter_source:
        from localstack.services.sqs import patches

        original = patches._message_by_handle.get(message.receipt_handle)
        source = getattr(original, "ls_dead_letter_source", None)
        if source:
            attributes["DeadLetterQueueSourceArn"] = source
            return attributes
    return attributes if shown else None


def _message_json(message: Any, shown: list[str], dead_letter_source: bool, names: list) -> str | None:
    """One message as moto's JSON serializer writes it (members in the shape's order), or None when
    its attributes hold anything but string and binary values."""
    dumps = json.dumps
    parts = [
        f'{{"MessageId": {dumps(message.id)}',
        f'"ReceiptHandle": {dumps(message.receipt_handle)}',
        f'"MD5OfBody": {dumps(message.body_md5)}',
        f'"Body": {dumps(message.body)}',
    ]
    attributes = _system_attributes(message, shown, dead_letter_source)
    if attributes is not None:
        if not all(isinstance(value, str) for value in attributes.values()):
            return None
        parts.append(f'"Attributes": {dumps(attributes)}')
    if len(message.message_attributes):
        values = {}
        for key, value in message.message_attributes.items():
            rendered = {}
            for member, content in value.items():
                if member in ("StringValue", "DataType") and isinstance(content, str):
                    rendered[member] = content
                elif member == "BinaryValue" and isinstance(content, bytes):
                    rendered[member] = base64.b64encode(content).decode("ascii")
                else:
                    return None
            if list(rendered) not in (["StringValue", "DataType"], ["BinaryValue", "DataType"]):
                return None  # moto's serializer writes the shape's member order
            values[key] = rendered
        parts.append(f'"MD5OfMessageAttributes": {dumps(message.attribute_md5)}')
        parts.append(f'"MessageAttributes": {dumps(values)}')
    elif message_attributes.filtered_to_nothing(message.receipt_handle, names):
        parts.append('"MessageAttributes": {}')
    return ", ".join(parts) + "}"


def _serialized(messages: list, shown: list[str], dead_letter_source: bool, names: list) -> Response:
    """Received messages this module cannot render itself, written by moto's own serializer."""
    from moto.core.serialize import XFormedAttributePicker, get_serializer_class
    from moto.core.utils import get_service_model

    result = []
    for message in messages:
        entry: dict[str, Any] = {
            "MessageId": message.id,
            "ReceiptHandle": message.receipt_handle,
            "MD5OfBody": message.body_md5,
            "Body": message.body,
        }
        if len(message.message_attributes):
            entry["MessageAttributes"] = message.message_attributes
            entry["MD5OfMessageAttributes"] = message.attribute_md5
        elif message_attributes.filtered_to_nothing(message.receipt_handle, names):
            entry["MessageAttributes"] = {}
        attributes = _system_attributes(message, shown, dead_letter_source)
        if attributes is not None:
            entry["Attributes"] = attributes
        result.append(entry)
    operation = get_service_model("sqs").operation_model("ReceiveMessage")
    serializer = get_serializer_class("sqs", "json")(
        operation_model=operation, pretty_print=False, value_picker=XFormedAttributePicker()
    )
    body = serializer.serialize({"Messages": result} if result else {})["body"]
    return _respond(body)


def _delete(backend: Any, name: str, params: dict[str, Any]) -> Response | None:
    if not params.keys() <= _DELETE_KEYS or not isinstance(params.get("ReceiptHandle"), str):
        return None
    try:
        backend.delete_message(name, params["ReceiptHandle"])
    except Exception:  # noqa: BLE001 - refused before anything changed; moto's path answers it
        return None
    return _respond("{}")


def _batch_entries(params: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The entries as moto's SendMessageBatch handler hands them to its backend (keyed by position,
    MessageAttributes and DelaySeconds always present), or None for anything its parser could read
    differently from the JSON itself."""
    from moto.sqs.utils import validate_message_attributes

    if not params.keys() <= _BATCH_KEYS:
        return None
    listed = params.get("Entries")
    if not isinstance(listed, list) or not listed:
        return None
    entries: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(listed):
        if not isinstance(entry, dict) or not entry.keys() <= _ENTRY_KEYS:
            return None
        if not isinstance(entry.get("Id"), str) or not isinstance(entry.get("MessageBody"), str):
            return None
        delay = entry.get("DelaySeconds")
        if not (delay is None or type(delay) is int):
            return None
        if not all(entry.get(key) is None or isinstance(entry[key], str) for key in _FIFO_IDS):
            return None
        stored = dict(entry)
        if "MessageAttributes" in entry:
            attributes = _string_attributes(entry["MessageAttributes"])
            if attributes is None:
                return None
            try:
                validate_message_attributes(attributes)
            except Exception:  # noqa: BLE001 - moto's handler refuses the batch; its path answers it
                return None
            stored["MessageAttributes"] = attributes
        else:
            stored["MessageAttributes"] = {}
        if (
            "MessageSystemAttributes" in entry
            and _string_attributes(entry["MessageSystemAttributes"]) is None
        ):
            return None
        stored.setdefault("DelaySeconds", None)
        entries[str(index)] = stored
    return entries


_FIFO_IDS = ("MessageGroupId", "MessageDeduplicationId")


def _send_batch(backend: Any, name: str, queue: Any, params: dict[str, Any]) -> Response | None:
    from localstack.services.sqs.system_attributes import md5_of

    entries = _batch_entries(params)
    if entries is None:
        return None
    stored_before = len(queue._messages)
    try:
        messages, failed = backend.send_message_batch(name, entries)
    except Exception as error:  # noqa: BLE001 - refused before anything was stored; moto's path answers it
        if len(queue._messages) == stored_before:
            return None
        # Some entries were stored before the refusal: going the general way would store them twice.
        from localstack.utils.aws.errors import AWSError

        code, message = getattr(error, "code", None), getattr(error, "message", None)
        if isinstance(code, str) and isinstance(message, str):
            raise AWSError(code, message) from error
        raise
    system_md5 = {
        entry["Id"]: md5_of(entry["MessageSystemAttributes"])
        for entry in entries.values()
        if entry.get("MessageSystemAttributes")
    }
    successful = []
    for message in messages:
        result: dict[str, Any] = {
            "Id": message.user_id,
            "MessageId": message.id,
            "MD5OfMessageBody": message.body_md5,
        }
        if len(message.message_attributes) > 0:
            result["MD5OfMessageAttributes"] = message.attribute_md5
        if message.user_id in system_md5:
            result["MD5OfMessageSystemAttributes"] = system_md5[message.user_id]
        if queue.fifo_queue and message.sequence_number is not None:
            result["SequenceNumber"] = message.sequence_number
        successful.append(result)
    if failed or not all(isinstance(value, str) for entry in successful for value in entry.values()):
        return _serialized_batch(successful, failed)
    dumps = json.dumps
    rendered = ", ".join(
        "{" + ", ".join(f"{dumps(key)}: {dumps(value)}" for key, value in entry.items()) + "}"
        for entry in successful
    )
    return _respond(f'{{"Successful": [{rendered}], "Failed": []}}')


def _serialized_batch(successful: list[dict[str, Any]], failed: list[dict[str, Any]]) -> Response:
    """A batch answer with failed entries, written by moto's own serializer."""
    from moto.core.serialize import XFormedAttributePicker, get_serializer_class
    from moto.core.utils import get_service_model

    operation = get_service_model("sqs").operation_model("SendMessageBatch")
    serializer = get_serializer_class("sqs", "json")(
        operation_model=operation, pretty_print=False, value_picker=XFormedAttributePicker()
    )
    return _respond(serializer.serialize({"Successful": successful, "Failed": failed})["body"])
