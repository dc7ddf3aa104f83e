"""S3's defaults since 2023, applied to moto's models: SSE-S3 on every object, the default encryption rule,
BucketOwnerEnforced with Block Public Access on new buckets, and a CRC64NVME checksum for objects uploaded
without one (with the native CRC: a spooled body's computed as it arrives, a multipart object's joined from
its parts'; without it, a large object's in a helper process once stored, a small one's when first asked)."""

from __future__ import annotations

import base64
from typing import Any, Callable

from localstack.services.s3 import checksums, versioning

SSE_S3 = "AES256"
DEFAULT_ENCRYPTION = {
    "Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": SSE_S3}, "BucketKeyEnabled": False}
}


def new_bucket_defaults(original: Callable[..., None]) -> Callable[..., None]:
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        from moto.s3.models import PublicAccessBlock

        original(self, *args, **kwargs)
        self.ownership_rule = "BucketOwnerEnforced"
        self.public_access_block = PublicAccessBlock(True, True, True, True)
        # SSE-C is blocked on new general purpose buckets since April 2026.
        self.blocked_encryption_types = ["SSE-C"]

    return init


def sse_s3_by_default(original: Callable[..., None]) -> Callable[..., None]:
    """Also gives a new version the version id shape S3 gives it (moto made UUIDs)."""

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.encryption is None:
            self.encryption = SSE_S3
        version = self._version_id
        if version is not None and len(version) == 36:
            self._version_id = versioning.s3_version_id(version)

    return init


def default_encryption(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_bucket_encryption(self: Any, bucket_name: str) -> Any:
        return original(self, bucket_name) or DEFAULT_ENCRYPTION

    return get_bucket_encryption


def compute_checksum(body: bytes, algorithm: str, encode_base64: bool = True) -> bytes:
    """moto's signature; moto fell back to CRC32 for CRC32C and CRC64NVME without optional libraries."""
    if encode_base64:
        return checksums.encoded(body, algorithm).encode()
    return checksums.digest(body, algorithm)


def _get_checksum_value(key: Any) -> str | None:
    value = key.__dict__.get("_checksum_value")
    if value is None and key.__dict__.get("_default_checksum"):
        from localstack.services.s3 import background_checksum

        background_checksum.wait(key)
        value = key.__dict__.get("_checksum_value")
        if value is not None:
            return value
        algorithm = key.checksum_algorithm or checksums.DEFAULT_ALGORITHM
        from localstack.services.s3.streaming import stored_pieces

        hasher = checksums.Hasher(algorithm)
        for piece in stored_pieces(key):
            hasher.update(piece)
        value = hasher.encoded()
        key.__dict__["_checksum_value"] = value
    return value


def _set_checksum_value(key: Any, value: str | None) -> None:
    key.__dict__["_checksum_value"] = value
    if value is not None:
        key.__dict__["_default_checksum"] = False


checksum_value_property = property(_get_checksum_value, _set_checksum_value)


def mark_default_checksum(key: Any, algorithm: str | None = None) -> Any:
    """An object stored without a checksum gets CRC64NVME (FULL_OBJECT), as S3 does since 2025."""
    if key is not None and key.__dict__.get("_checksum_value") is None:
        key.checksum_algorithm = algorithm or checksums.DEFAULT_ALGORITHM
        key.checksum_type = "FULL_OBJECT"
        key.checksum_parts = None
        key.__dict__["_default_checksum"] = True
    return key


def _start_background(key: Any) -> None:
    if key is not None and key.__dict__.get("_default_checksum"):
        from localstack.services.s3 import background_checksum

        background_checksum.start(key)


def default_checksum_on_put(original: Callable[..., Any]) -> Callable[..., Any]:
    def put_object(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = original(self, *args, **kwargs)
        if kwargs.get("checksum_value") is None and kwargs.get("multipart") is None:
            mark_default_checksum(key)
            # Computed while the spooled body arrived (streaming.py), on either PutObject path.
            value = key.__dict__.get("_body_crc64nvme") if key is not None else None
            if value is not None and key.__dict__.get("_default_checksum"):
                key.__dict__["_checksum_value"] = base64.b64encode(value.to_bytes(8, "big")).decode()
            _start_background(key)
        return key

    return put_object


def default_checksum_on_complete(original: Callable[..., Any]) -> Callable[..., Any]:
    def complete_multipart_upload(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = original(self, *args, **kwargs)
        if key is not None and key.checksum_type == "FULL_OBJECT":
            mark_default_checksum(key, key.checksum_algorithm)
            multipart = getattr(key, "multipart", None)
            if checksums.NATIVE and key.checksum_algorithm == "CRC64NVME" and multipart is not None:
                from localstack.services.s3.streaming import parts_crc64nvme

                value = parts_crc64nvme(multipart).to_bytes(8, "big")
                key.__dict__["_checksum_value"] = base64.b64encode(value).decode()
            _start_background(key)
        return key

    return complete_multipart_upload


def lazy_full_object_build(original: Callable[..., Any]) -> Callable[..., Any]:
    """FULL_OBJECT checksums are computed from the stored object when asked: moto copied every part into
    a second buffer to hash it at completion."""

    def build(self: Any) -> Any:
        if self.checksum_type == "FULL_OBJECT":
            return ("FULL_OBJECT", None, 1)
        return original(self)

    return build


def add_part_without_copy(original: Callable[..., Any]) -> Callable[..., Any]:
    def add_part(self: Any, part: bytes) -> None:
        if self.checksum_type == "FULL_OBJECT":
            self.part_count += 1
            return
        original(self, part)

    return add_part
