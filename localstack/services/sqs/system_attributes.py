"""`MD5OfMessageSystemAttributes` in SendMessage and SendMessageBatch answers (moto leaves it out):
the MD5 of the message system attributes (AWSTraceHeader), encoded as AWS encodes message attributes
for their MD5. Applied by patches.apply()."""

from __future__ import annotations

import base64
import hashlib
import struct
from typing import Any, Mapping

STRING_FIELD = 1
BINARY_FIELD = 2


def md5_of(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """AWS's MD5 of message (system) attributes: per name in sorted order, the length-prefixed name,
    type and value (after a byte telling string from binary)."""
    digest = hashlib.md5()  # noqa: S324 (AWS's checksum, not a security measure)

    def add(value: bytes) -> None:
        digest.update(struct.pack("!I", len(value)))
        digest.update(value)

    for name in sorted(attributes):
        attribute = attributes[name]
        add(name.encode("utf-8"))
        add(str(attribute.get("DataType", "")).encode("utf-8"))
        if attribute.get("StringValue") is not None:
            digest.update(bytes([STRING_FIELD]))
            add(str(attribute["StringValue"]).encode("utf-8"))
        elif attribute.get("BinaryValue") is not None:
            value = attribute["BinaryValue"]
            digest.update(bytes([BINARY_FIELD]))
            add(base64.b64decode(value) if isinstance(value, str) else bytes(value))
    return digest.hexdigest()


def apply() -> None:
    from moto.sqs.responses import SQSResponse

    original_send = SQSResponse.send_message
    original_batch = SQSResponse.send_message_batch

    def send_message(self: Any) -> Any:
        answer = original_send(self)
        system = self._get_param("MessageSystemAttributes")
        if system and isinstance(answer.result, dict):
            answer.result["MD5OfMessageSystemAttributes"] = md5_of(system)
        return answer

    def send_message_batch(self: Any) -> Any:
        answer = original_batch(self)
        entries = self._get_param("Entries") or []
        by_id = {
            entry.get("Id"): md5_of(entry["MessageSystemAttributes"])
            for entry in entries
            if isinstance(entry, dict) and entry.get("MessageSystemAttributes")
        }
        if by_id and isinstance(answer.result, dict):
            for success in answer.result.get("Successful", []):
                if success.get("Id") in by_id:
                    success["MD5OfMessageSystemAttributes"] = by_id[success["Id"]]
        return answer

    SQSResponse.send_message = send_message
    SQSResponse.send_message_batch = send_message_batch
