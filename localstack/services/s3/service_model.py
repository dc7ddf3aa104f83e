"""botocore's S3 model as the S3 modules read it: the server's one compact copy (without documentation)
for shapes and enumerations, and the one fact the documentation alone carries (which operations directory
buckets refuse), read once."""

from __future__ import annotations

import re
import threading
from typing import Any

_lock = threading.Lock()
_directory_unsupported: frozenset[str] | None = None
_NOTE = "This operation is not supported for directory buckets"


def model() -> Any:
    """The compact S3 ServiceModel every service shares (request_checks loads it once per process)."""
    from localstack.utils.aws.request_checks.models import service_model

    return service_model("s3")


def enum(shape: str) -> frozenset[str]:
    return frozenset(model().shape_for(shape).enum)


def directory_unsupported() -> frozenset[str]:
    """The operations S3's API reference marks "not supported for directory buckets": the note is in each
    operation's documentation, which the compact model leaves out, so the raw model is read once for it
    and dropped."""
    global _directory_unsupported
    if _directory_unsupported is None:
        with _lock:
            if _directory_unsupported is None:
                from botocore.loaders import create_loader

                raw = create_loader().load_service_model("s3", "service-2")
                _directory_unsupported = frozenset(
                    name
                    for name, operation in raw["operations"].items()
                    if _NOTE in re.sub(r"<[^>]+>", "", operation.get("documentation") or "")
                )
    return _directory_unsupported
