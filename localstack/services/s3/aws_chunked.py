"""`aws-chunked` request bodies (SigV4 streaming uploads, with or without trailing checksums) made plain for
moto: a body the gateway decoded keeps its data; one handed over whole (an in-process call) is decoded by the
gateway's own reader and rules (utils.http_body); either way the trailers become the headers a non-streaming
upload would carry and `aws-chunked` leaves Content-Encoding."""

from __future__ import annotations

from localstack.services.s3.s3_errors import S3Error
from localstack.utils.aws.errors import INCOMPLETE_BODY_MESSAGE, malformed_chunked_message
from localstack.utils.http import Request
from localstack.utils.http_body import IncompleteBody as IncompleteBodyError
from localstack.utils.http_body import (
    MalformedBody,
    aws_chunked_declared,
    check_decoded_length,
    checksum_trailers,
    decode_aws_chunked,
)

# Set by the gateway on a body it decoded (utils.http_body.AWS_CHUNKED_DECODED): the Content-Length sent.
DECODED_HEADER = "X-Localstack-Aws-Chunked-Length"
_CHECKSUM = "x-amz-checksum-"


def is_aws_chunked(headers: object) -> bool:
    get = headers.get  # type: ignore[attr-defined]
    return aws_chunked_declared(get("Content-Encoding"), get("x-amz-content-sha256"))


def decode(data: bytes) -> tuple[bytes, dict[str, str]]:
    """(payload, checksum trailers) of an aws-chunked body handed over whole, by the gateway's own reader and
    rules; refused with the gateway's codes and sentences (IncompleteBody, InvalidRequest)."""
    try:
        payload, reader = decode_aws_chunked(data)
    except IncompleteBodyError:
        raise _incomplete() from None
    except MalformedBody as error:
        raise S3Error("InvalidRequest", malformed_chunked_message(error)) from None
    return payload, dict(checksum_trailers(reader))


def _incomplete() -> S3Error:
    return S3Error("IncompleteBody", INCOMPLETE_BODY_MESSAGE)


def _check_length_declared(declared: str | None) -> None:
    """A decoded length that is no number: S3 knows no length for the upload."""
    if declared is not None and not declared.strip().isdigit():
        raise S3Error("MissingContentLength", "You must provide the Content-Length HTTP header.", 411)


def _malformed_trailer() -> S3Error:
    """The trailer sent is not the one x-amz-trailer declared (none sent, another, or one undeclared)."""
    return S3Error(
        "MalformedTrailerError",
        "The request contained trailing data that was not well-formed or did not conform to our published "
        "schema.",
    )


def to_plain(request: Request) -> Request:
    """The same upload with a plain body: trailers become headers, `aws-chunked` leaves Content-Encoding.

    A body the gateway already decoded (`DECODED_HEADER`, its trailers already headers) keeps its data."""
    headers = request.headers
    _check_length_declared(headers.get("x-amz-decoded-content-length"))
    declared_trailer = (headers.get("x-amz-trailer") or "").strip().lower()
    if headers.pop(DECODED_HEADER, None) is None:
        body, trailers = decode(request.data)
        try:
            check_decoded_length(headers.get("x-amz-decoded-content-length"), len(body))
        except IncompleteBodyError:
            raise _incomplete() from None
        sent = {name.lower() for name in trailers}
        if (not declared_trailer and sent) or (
            declared_trailer.startswith(_CHECKSUM) and sent != {declared_trailer}
        ):
            raise _malformed_trailer()
        for name, value in trailers.items():
            headers[name] = value
        request.data = body
        headers["Content-Length"] = str(len(body))
    elif declared_trailer.startswith(_CHECKSUM) and headers.get(declared_trailer) is None:
        raise _malformed_trailer()  # declared, never sent
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
