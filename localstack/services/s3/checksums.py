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


try:  # pragma: no cover - the C module is compiled at install time where a C compiler is found
    from localstack.services.s3 import _native_crc as _native

    crc32c: Callable[..., int] = _native.crc32c
    crc64nvme: Callable[..., int] = _native.crc64nvme
    NATIVE = True
except ImportError:
    from localstack.services.s3 import crc

    crc32c = crc.crc32c
    crc64nvme = crc.crc64nvme
    NATIVE = False


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


class Hasher:
    """One S3 checksum computed piece by piece (over a body being spooled, or a stored object)."""

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm.upper()
        self._crc = 0
        self._hash = (
            hashlib.new(self.algorithm.lower(), usedforsecurity=False)
            if self.algorithm in ("SHA1", "SHA256")
            else None
        )
        self._update = {"CRC32": zlib.crc32, "CRC32C": crc32c, "CRC64NVME": crc64nvme}.get(self.algorithm)
        self._pending = bytearray() if self.algorithm in ("CRC32C", "CRC64NVME") and not NATIVE else None
        self._gather = 0
        if self._pending is not None:
            # The lane-parallel CRCs in crc.py run fastest over whole regions: small chunks are gathered.
            # Imported here: with the native CRCs, crc.py's tables are never built.
            from localstack.services.s3.crc import REGION_BYTES

            self._gather = REGION_BYTES

    def update(self, data: bytes | memoryview) -> None:
        if self._hash is not None:
            self._hash.update(data)
        elif self._pending is not None:
            pending = self._pending
            if not pending and len(data) >= self._gather:
                whole = len(data) - len(data) % self._gather
                self._crc = self._update(memoryview(data)[:whole], self._crc)
                pending += memoryview(data)[whole:]
                return
            pending += data
            if len(pending) >= self._gather:
                whole = len(pending) - len(pending) % self._gather
                self._crc = self._update(bytes(pending[:whole]), self._crc)
                del pending[:whole]
        elif self._update is not None:
            self._crc = self._update(data, self._crc)

    def digest(self) -> bytes:
        if self._hash is not None:
            return self._hash.digest()
        if self._pending:
            self._crc = self._update(bytes(self._pending), self._crc)
            self._pending.clear()
        return self._crc.to_bytes(_DIGEST_SIZES.get(self.algorithm, 4), "big")

    def encoded(self) -> str:
        return base64.b64encode(self.digest()).decode()


def requested_algorithm(headers: Any) -> str | None:
    """The algorithm an upload's checksum is in (a header, the trailer it announces, or the SDK's
    algorithm header), known before its body is read; None if it names none or an unknown one."""
    for algorithm in ALGORITHMS:
        if headers.get(header_name(algorithm)) is not None:
            return algorithm
    for name in (headers.get("x-amz-trailer") or "").split(","):
        name = name.strip().lower()
        if name.startswith("x-amz-checksum-") and name[len("x-amz-checksum-") :].upper() in ALGORITHMS:
            return name[len("x-amz-checksum-") :].upper()
    sdk = (headers.get("x-amz-sdk-checksum-algorithm") or "").upper()
    return sdk if sdk in ALGORITHMS else None


def encoded(data: bytes, algorithm: str) -> str:
    return base64.b64encode(digest(data, algorithm)).decode()


def header_name(algorithm: str) -> str:
    return f"x-amz-checksum-{algorithm.lower()}"


# Each algorithm's header, in ALGORITHMS' order (read on every upload).
_HEADER_NAMES = {algorithm: header_name(algorithm) for algorithm in ALGORITHMS}


def declared(headers: Any) -> tuple[str, str | None] | None:
    """(algorithm, value) an upload declares, from its x-amz-checksum-* or sdk algorithm header."""
    has_name_prefix = getattr(headers, "has_name_prefix", None)
    if has_name_prefix is not None and not (
        has_name_prefix("x-amz-checksum-") or has_name_prefix("x-amz-sdk-checksum-algorithm")
    ):
        return None
    found = [(a, v) for a, name in _HEADER_NAMES.items() if (v := headers.get(name)) is not None]
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


def check_upload(headers: Any, data: bytes) -> tuple[str, str] | None:
    """Verify the checksum an upload declares; (algorithm, value) to store, None if it declares none."""
    found = declared(headers)
    if found is None:
        return None
    algorithm, value = found
    if value is None:
        return algorithm, encoded(data, algorithm)
    _check_value(algorithm, value)
    _compare(algorithm, value, encoded(data, algorithm))
    return algorithm, value


def check_spooled(headers: Any, hasher: Hasher | None) -> tuple[str, str] | None:
    """`check_upload` for a body kept on disk, with the checksum computed while it was spooled."""
    found = declared(headers)
    if found is None:
        return None
    algorithm, value = found
    if value is not None:
        _check_value(algorithm, value)
    if hasher is None or hasher.algorithm != algorithm:
        # The algorithm was not known before the body was read (it never is for a well-formed upload).
        return (algorithm, value) if value else None
    computed = hasher.encoded()
    if value is None:
        return algorithm, computed
    _compare(algorithm, value, computed)
    return algorithm, value


def _check_value(algorithm: str, value: str) -> None:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != _DIGEST_SIZES[algorithm]:
        raise invalid_request(f"Value for {header_name(algorithm)} header is invalid.")


def _compare(algorithm: str, value: str, computed: str) -> None:
    if value != computed:
        raise S3Error("BadDigest", f"The {algorithm} you specified did not match the calculated checksum.")


def composite(part_digests: list[bytes], algorithm: str) -> str:
    """The COMPOSITE checksum of a multipart object: the checksum of the parts' raw checksums, "-N"."""
    return f"{encoded(b''.join(part_digests), algorithm)}-{len(part_digests)}"


def combined(part_values: list[tuple[str, int]], algorithm: str) -> str | None:
    """The FULL_OBJECT CRC of parts from their own CRCs ((base64 value, size) each), without reading
    them; None for an algorithm that is no CRC."""
    from localstack.services.s3 import crc

    combiner = {"CRC32": crc.crc32, "CRC32C": crc.crc32c, "CRC64NVME": crc.crc64nvme}.get(algorithm)
    if combiner is None:
        return None
    total = 0
    for value, size in part_values:
        total = combiner.combine(total, int.from_bytes(base64.b64decode(value), "big"), size)
    return base64.b64encode(total.to_bytes(_DIGEST_SIZES[algorithm], "big")).decode()
