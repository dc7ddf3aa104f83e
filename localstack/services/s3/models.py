"""Our view of s3 state: moto's backend (keyed by account and partition) holds it all; these helpers find a
bucket or object by name from any account, as S3's global namespace does."""

from __future__ import annotations

import sys
from typing import Any


def find_bucket(name: str) -> Any:
    """moto's FakeBucket of that name in whichever account owns it, or None."""
    if not name or "moto.s3.models" not in sys.modules:
        return None
    from moto.s3.models import s3_backends

    owner = s3_backends.bucket_accounts.get(name)
    if owner is None:
        return None
    partition, account_id = owner
    return s3_backends[account_id][partition].buckets.get(name)


def find_key(bucket: Any, key: str, version_id: str | None = None) -> Any:
    """The current (or the given) version of an object, or None; delete markers count as absent."""
    if bucket is None:
        return None
    if version_id and version_id != "null":
        for candidate in bucket.keys.getlist(key, []):
            if str(candidate.version_id) == version_id:
                return candidate
        return None
    found = bucket.keys.get(key)
    if found is None or type(found).__name__ == "FakeDeleteMarker":
        return None
    return found
