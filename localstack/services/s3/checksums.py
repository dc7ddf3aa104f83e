"""S3's additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256): computing them, checking an upload's
declared value (BadDigest), and composing multipart checksums (COMPOSITE and FULL_OBJECT)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from typing import Any, Callable

from localstack.services.s3.s3_errors import S3Error, invalid_request

ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256")
DEFAULT_ALGORITHM = "CRC64NVME"
_DIGEST_SIZES = {"CRC32": 4, "CRC32C": 4, "CRC64NVME": 8, "SHA1": 20, "SHA256": 32}


def _reflected_table(polynomial: int, width: int) -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
        table.append(crc & ((1 << width) - 1))
    return table


_CRC32C_TABLE = _reflected_table(0x82F63B78, 32)
_CRC64NVME_TABLE = _reflected_table(0x9A6C9329AC4BC9B5, 64)


def _reflected_crc(table: list[int], mask: int) -> Callable[[bytes, int], int]:
    def update(data: bytes, crc: int = 0) -> int:
        crc ^= mask
        for byte in data:
            crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        return crc ^ mask

    return update


crc32c = _reflected_crc(_CRC32C_TABLE, 0xFFFFFFFF)
crc64nvme = _reflected_crc(_CRC64NVME_TABLE, 0xFFFFFFFFFFFFFFFF)
# The table-driven CRCs above cost about 0.15 s of CPU per MiB; awscrt (botocore[crt]) does it natively.
try:  # pragma: no cover - depends on an optional package
    from awscrt import checksums as _native

    crc32c = lambda data, crc=0: _native.crc32c(data, crc)  # noqa: E731
    crc64nvme = lambda data, crc=0: _native.crc64nvme(data, crc)  # noqa: E731
    NATIVE = True
except ImportError:
    NATIVE = False
# Largest object whose default checksum is computed in Python when first asked for; above it the
# checksum is left out of answers rather than stall a read for seconds.
MAX_PYTHON_CHECKSUM_BYTES = 16 * 1024 * 1024


def digest(data: bytes, algorithm: str) -> bytes:
    algorithm = algorithm.upper()
    if algorithm == "CRC32":
        return zlib.crc32(data).to_bytes(4, "big")
    if algorithm == "CRC32C":
        return crc32c(data).to_bytes(4, "big")
    if algorithm == "CRC64NVME":
        return crc64nvme(data).to_bytes(8, "big")
    if algorithm == "SHA1":
        return hashlib.sha1(data, usedforsecurity=False).digest()
    return hashlib.sha256(data).digest()


def encoded(data: bytes, algorithm: str) -> str:
    return base64.b64encode(digest(data, algorithm)).decode()


def header_name(algorithm: str) -> str:
    return f"x-amz-checksum-{algorithm.lower()}"


def declared(headers: Any) -> tuple[str, str | None] | None:
    """(algorithm, value) an upload declares, from its x-amz-checksum-* or sdk algorithm header."""
    found = [(a, headers.get(header_name(a))) for a in ALGORITHMS if headers.get(header_name(a)) is not None]
    if len(found) > 1:
        raise invalid_request(
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."
        )
    if found:
        return found[0]
    sdk = (headers.get("x-amz-sdk-checksum-algorithm") or "").upper()
    if sdk:
        if sdk not in ALGORITHMS:
            raise invalid_request(
                "Checksum algorithm provided is unsupported. Please try again with any of the "
                "valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
            )
        return sdk, None
    return None


def check_upload(headers: Any, data: bytes, body_spooled: bool = False) -> tuple[str, str] | None:
    """Verify the checksum an upload declares; (algorithm, value) to store, None if it declares none.

    A body the gateway kept on disk is not here: its declared value is stored as sent, and a missing one
    is left to the streaming store (`streaming._add_missing_checksum`), which reads the file once."""
    found = declared(headers)
    if found is None:
        return None
    algorithm, value = found
    if body_spooled:
        return (algorithm, value) if value else None
    slow = algorithm in ("CRC32C", "CRC64NVME") and not NATIVE and len(data) > MAX_PYTHON_CHECKSUM_BYTES
    if value is None:
        return (algorithm, encoded(data, algorithm)) if not slow else None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != _DIGEST_SIZES[algorithm]:
        raise invalid_request(f"Value for {header_name(algorithm)} header is invalid.")
    if slow:
        # Seconds of CPU in Python for a large body; over loopback the value is trusted as sent.
        return algorithm, value
    if value != encoded(data, algorithm):
        raise S3Error("BadDigest", f"The {algorithm} you specified did not match the calculated checksum.")
    return algorithm, value


def composite(part_digests: list[bytes], algorithm: str) -> str:
    """The COMPOSITE checksum of a multipart object: the checksum of the parts' raw checksums, "-N"."""
    return f"{encoded(b''.join(part_digests), algorithm)}-{len(part_digests)}"
