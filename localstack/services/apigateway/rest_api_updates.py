"""UpdateRestApi's patch operations as API Gateway applies them (recorded against AWS), where moto's
differ: a binary media type is named by its path (`/binaryMediaTypes/image~1png`), not by a value;
`/minimumCompressionSize` is replaced only, with a size from 0 to 10 MiB or nothing (compression off);
`/binaryMediaTypes` alone is no path. Every operation is checked before any is applied."""

from __future__ import annotations

from typing import Any, Callable

from localstack.utils.aws.errors import AWSError

MEDIA_TYPES = "/binaryMediaTypes"
COMPRESSION = "/minimumCompressionSize"
MAX_COMPRESSION_SIZE = 10485760


def _bad_request(message: str) -> AWSError:
    return AWSError("BadRequestException", message)


def _compression_size(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = -1
    if not 0 <= size <= MAX_COMPRESSION_SIZE:
        raise _bad_request(f"Invalid minimum compression size, must be between 0 and {MAX_COMPRESSION_SIZE}")
    return size


def _check(operation: dict[str, Any]) -> None:
    path = operation.get("path")
    if path == COMPRESSION:
        if operation.get("op") != "replace":
            raise _bad_request("Invalid patch operation specified. Must be one of: [replace]")
        _compression_size(operation.get("value"))
    elif path == MEDIA_TYPES:
        raise _bad_request(f"Invalid patch path {path}")


def _media_type(path: str) -> str:
    """A JSON-pointer segment: `~1` is `/`, `~0` is `~`."""
    return path[len(MEDIA_TYPES) + 1 :].replace("~1", "/").replace("~0", "~")


def apply(api: Any, operations: list[dict[str, Any]], moto_apply: Callable[[Any, list], None]) -> None:
    for operation in operations:
        _check(operation)
    for operation in operations:
        path, kind = operation.get("path") or "", operation.get("op")
        if path == COMPRESSION:
            api.minimum_compression_size = _compression_size(operation.get("value"))
        elif path.startswith(MEDIA_TYPES + "/"):
            media_type = _media_type(path)
            if kind in ("remove", "replace") and media_type in api.binaryMediaTypes:
                api.binaryMediaTypes.remove(media_type)
            if kind == "add" and media_type not in api.binaryMediaTypes:
                api.binaryMediaTypes.append(media_type)
            elif kind == "replace" and operation.get("value"):
                api.binaryMediaTypes.append(operation["value"])
        elif path == "/description" and kind == "remove":
            api.description = None
        else:
            moto_apply(api, [operation])
