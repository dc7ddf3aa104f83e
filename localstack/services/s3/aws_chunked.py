"""`aws-chunked` request bodies (SigV4 streaming uploads, with or without trailing checksums) decoded into
a plain body, the trailers turned into the headers a non-streaming upload would carry."""

from __future__ import annotations

from localstack.services.s3.s3_errors import S3Error
from localstack.utils.http import Request

_STREAMING_PREFIX = "STREAMING-"
# Set by the gateway on a body it decoded (utils.http_body.AWS_CHUNKED_DECODED): the Content-Length sent.
DECODED_HEADER = "X-Localstack-Aws-Chunked-Length"


def is_aws_chunked(headers: object) -> bool:
    encoding = (headers.get("Content-Encoding") or "").lower()  # type: ignore[attr-defined]
    sha = headers.get("x-amz-content-sha256") or ""  # type: ignore[attr-defined]
    return "aws-chunked" in encoding or sha.startswith(_STREAMING_PREFIX)


def decode(data: bytes) -> tuple[bytes, dict[str, str]]:
    """(payload, trailers) of an aws-chunked body; raises IncompleteBody for a truncated one."""
    chunks: list[bytes] = []
    position = 0
    trailers: dict[str, str] = {}
    view = memoryview(data)
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            raise _incomplete()
        size_field = data[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise _incomplete() from None
        position = line_end + 2
        if size == 0:
            break
        if position + size > len(data):
            raise _incomplete()
        chunks.append(bytes(view[position : position + size]))
        position += size
        if data[position : position + 2] == b"\r\n":
            position += 2
    for line in data[position:].split(b"\r\n"):
        name, sep, value = line.decode("latin-1").partition(":")
        if sep and not name.lower().startswith("x-amz-trailer-signature"):
            trailers[name.strip().lower()] = value.strip()
    return b"".join(chunks), trailers


def _incomplete() -> S3Error:
    return S3Error("IncompleteBody", "The request body terminated unexpectedly")


def to_plain(request: Request) -> Request:
    """The same upload with a plain body: trailers become headers, `aws-chunked` leaves Content-Encoding.

    A body the gateway already decoded (`DECODED_HEADER`, its trailers already headers) keeps its data."""
    headers = request.headers
    if headers.pop(DECODED_HEADER, None) is None:
        body, trailers = decode(request.data)
        declared = headers.get("x-amz-decoded-content-length")
        if declared is not None and declared.isdigit() and int(declared) != len(body):
            raise _incomplete()
        for name, value in trailers.items():
            headers[name] = value
        request.data = body
        headers["Content-Length"] = str(len(body))
    for name in ("x-amz-decoded-content-length", "x-amz-trailer"):
        headers.pop(name, None)
    encodings = [
        part.strip()
        for part in (headers.get("Content-Encoding") or "").split(",")
        if part.strip() and part.strip().lower() != "aws-chunked"
    ]
    if encodings:
        headers["Content-Encoding"] = ", ".join(encodings)
    else:
        headers.pop("Content-Encoding", None)
    headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD"
    return request
