"""SQS message attributes: names, types and values as AWS accepts them, with AWS's messages (the
developer guide's rules; the words as AWS answers them, where recorded)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from localstack.utils.aws.errors import AWSError

# AWS's allowed set: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
_INVALID_CHARACTERS = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
INVALID_CHARACTERS_MESSAGE = (
    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | "
    "#xE000 to #xFFFD | #x10000 to #x10FFFF"
)


class InvalidParameterValue(AWSError):
    def __init__(self, message: str) -> None:
        super().__init__("InvalidParameterValue", message)


MAX_MESSAGE_ATTRIBUTES = 10


def check_message_attributes(attributes: dict[str, Any]) -> None:
    if len(attributes) > MAX_MESSAGE_ATTRIBUTES:
        raise InvalidParameterValue(
            f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum "
            f"[{MAX_MESSAGE_ATTRIBUTES}]."
        )
    for name in attributes:
        if len(name.encode("utf-8")) >= 256:
            raise InvalidParameterValue("Message (user) attribute names must be shorter than 256 Bytes")
        # Letters and digits of any script (an AWS-validated test sends `attr.1øßä`), periods, hyphens
        # and underscores.
        if not name or not all(char.isalnum() or char in "_.-" for char in name):
            # AWS's own words, "score" and the trailing space included.
            raise InvalidParameterValue(
                "Message (user) attributes name can only contain upper and lower score characters, digits, "
                "periods, hyphens and underscores. "
            )
        lowered = name.lower()
        if lowered.startswith(("aws.", "amazon.")) or name.startswith(".") or name.endswith("."):
            raise InvalidParameterValue(
                "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are "
                "reserved for internal use. Additionally, they cannot start or end with '.'."
            )
        if ".." in name:
            # The developer guide forbids periods in succession; the words are an emulator's written
            # against AWS (local-aws-sqs).
            raise InvalidParameterValue(
                "Message (user) attribute name must not have successive '.' characters."
            )
    for name, attribute in attributes.items():
        if not isinstance(attribute, dict):
            continue
        data_type = str(attribute.get("DataType") or "")
        base_type = data_type.split(".", 1)[0]
        if data_type and base_type not in ("String", "Number", "Binary"):
            # As SQS answered a user (grafana/k6-jslib-aws#65); moto words AWS's older sentence.
            raise InvalidParameterValue(
                f"The type of message (user) attribute '{name}' is invalid. You must use only the following "
                "supported type prefixes: Binary, Number, String."
            )
        _check_attribute_value(name, data_type, base_type, attribute)
        value = attribute.get("StringValue")
        if base_type in ("String", "Number") and isinstance(value, str) and _INVALID_CHARACTERS.search(value):
            # A string value takes the characters a message body takes (SendMessage's API reference).
            raise InvalidParameterValue(INVALID_CHARACTERS_MESSAGE)
        if base_type == "Number":
            value = attribute.get("StringValue")
            try:
                float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise InvalidParameterValue(
                    f"Can't cast the value of message (user) attribute '{name}' to a number."
                ) from None


def _check_attribute_value(name: str, data_type: str, base_type: str, attribute: dict[str, Any]) -> None:
    """One value, in the field its type names; a value left out is refused as an empty one is (the
    words of an SQS emulator written against AWS, local-aws-sqs, which print the whole type)."""
    if base_type not in ("String", "Number", "Binary"):
        return
    given = [key for key in ("StringValue", "BinaryValue") if attribute.get(key) not in (None, "", b"")]
    if len(given) > 1:
        raise InvalidParameterValue(f"Message (user) attribute '{name}' must have a single value.")
    if not given:
        raise InvalidParameterValue(
            f"Message (user) attribute '{name}' must contain a non-empty value of type '{data_type}'."
        )
    wanted = "BinaryValue" if base_type == "Binary" else "StringValue"
    if given[0] != wanted:
        field = "Binary" if base_type == "Binary" else "String"
        raise InvalidParameterValue(
            f"Message (user) attribute '{name}' with type '{data_type}' must use field '{field}'."
        )


def message_size(body: str, attributes: dict[str, Any] | None) -> int:
    """A message's size as SQS limits it: the body's UTF-8 bytes and every attribute's name, type and
    value ("All components of a message attribute are included in the message size restriction",
    developer guide). Binary values count their decoded bytes."""
    total = len(body.encode("utf-8", "surrogatepass"))
    for name, attribute in (attributes or {}).items():
        total += len(str(name).encode("utf-8"))
        if not isinstance(attribute, dict):
            continue
        total += len(str(attribute.get("DataType") or "").encode("utf-8"))
        value = attribute.get("StringValue")
        if isinstance(value, str):
            total += len(value.encode("utf-8", "surrogatepass"))
        binary = attribute.get("BinaryValue")
        if isinstance(binary, bytes):
            total += len(binary)
        elif isinstance(binary, str):
            try:
                total += len(base64.b64decode(binary, validate=True))
            except (binascii.Error, ValueError):
                total += len(binary)
    return total


def too_large(largest: int) -> InvalidParameterValue:
    return InvalidParameterValue(
        f"One or more parameters are invalid. Reason: Message must be shorter than {largest} bytes."
    )


def apply(models: Any) -> None:
    """SendMessage measures the body's bytes and the attributes against the queue's MaximumMessageSize
    (moto counted the body's characters alone)."""
    original = models.SQSBackend.send_message

    def send_message(backend: Any, queue_name: str, message_body: str, *args: Any, **kwargs: Any) -> Any:
        attributes = kwargs.get("message_attributes", args[0] if args else None)
        queue = backend.get_queue(queue_name)
        largest = int(queue.maximum_message_size)
        if isinstance(message_body, str) and message_size(message_body, attributes) > largest:
            raise too_large(largest)
        return original(backend, queue_name, message_body, *args, **kwargs)

    models.SQSBackend.send_message = send_message


def _names_a_legal_attribute(name: str) -> bool:
    """A MessageAttributeNames entry that could name an attribute (reserved prefixes and misplaced
    periods name none: recorded against AWS, "AWS." and "..foo" filter like no names at all)."""
    return bool(name) and not name.startswith(("AWS.", "Amazon.", ".")) and ".." not in name


def filtered_to_nothing(receipt_handle: str, names: Any) -> bool:
    """Whether ReceiveMessage's JSON answer shows a message it gives without attributes with an empty
    MessageAttributes map: the message has attributes and the request named some, none of which
    matched (recorded against AWS in the JSON protocol: `"MessageAttributes": {}`)."""
    if not isinstance(names, list):
        return False
    if not any(isinstance(name, str) and _names_a_legal_attribute(name) for name in names):
        return False
    from localstack.services.sqs import patches

    original = patches._message_by_handle.get(receipt_handle)
    return original is not None and bool(len(original.message_attributes))


def apply_to_responses() -> None:
    """moto's general path of ReceiveMessage in the JSON protocol: the empty map where the names
    requested matched none of a message's attributes (the direct path writes the same)."""
    from moto.core.utils import get_service_model
    from moto.sqs.responses import SQSResponse

    original = SQSResponse.receive_message

    def receive_message(self: Any) -> Any:
        answer = original(self)
        result = answer.result
        if not isinstance(result, dict) or not result.get("Messages"):
            return answer
        if self.determine_response_protocol(get_service_model("sqs")) != "json":
            return answer  # the query protocol writes no element for an empty map
        names = self._get_param("MessageAttributeNames")
        for entry in result["Messages"]:
            if "MessageAttributes" not in entry and filtered_to_nothing(entry["ReceiptHandle"], names):
                entry["MessageAttributes"] = {}
        return answer

    SQSResponse.receive_message = receive_message
