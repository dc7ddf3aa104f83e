"""Signatures of S3 requests (SigV4 and SigV2, in the Authorization header or a presigned URL) checked with
the secret IAM issued for the key: keys IAM did not issue (the default test keys, 12-digit account keys,
unknown keys) accept any signature, as before."""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from localstack import constants
from localstack.services.s3.aws_chunked import DECODED_HEADER
from localstack.services.s3.s3_errors import S3Error

# SigV2 sub-resources that are part of the string to sign.
_SIGV2_SUBRESOURCES = {
    "acl",
    "cors",
    "delete",
    "lifecycle",
    "location",
    "logging",
    "notification",
    "partNumber",
    "policy",
    "requestPayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "tagging",
    "torrent",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "website",
}


def secret_for(access_key: str) -> str | None:
    """The secret IAM issued for the key; None for keys it did not issue (they accept any signature).
    Raises InvalidAccessKeyId for a key IAM deactivated."""
    if not access_key or access_key == constants.TEST_ACCESS_KEY_ID or access_key.isdigit():
        return None
    iam = sys.modules.get("moto.iam.models")
    if iam is None:
        return None
    for account in list(iam.iam_backends.values()):
        for partition in ("aws", "aws-cn", "aws-us-gov"):
            try:
                backend = account[partition]
            except KeyError:
                continue
            found = backend.access_keys.get(access_key)
            if found is not None:
                if getattr(found, "status", "Active") == "Inactive":
                    # S3 treats a deactivated key as one it never saw.
                    raise _invalid_access_key(access_key)
                return found.secret_access_key
            if access_key in backend.__dict__.get("deleted_access_key_ids", ()):
                raise _invalid_access_key(access_key)
    return None


def _invalid_access_key(access_key: str) -> S3Error:
    return S3Error(
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        403,
        AWSAccessKeyId=access_key,
    )


def _hex_bytes(text: str) -> str:
    return " ".join(f"{byte:02x}" for byte in text.encode("utf-8"))


def _mismatch(access_key: str, string_to_sign: str, provided: str, canonical: str | None = None) -> S3Error:
    fields: dict[str, str] = {
        "AWSAccessKeyId": access_key,
        "StringToSign": string_to_sign,
        "SignatureProvided": provided,
        "StringToSignBytes": _hex_bytes(string_to_sign),
    }
    if canonical is not None:
        fields["CanonicalRequest"] = canonical
        fields["CanonicalRequestBytes"] = _hex_bytes(canonical)
    return S3Error(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
        403,
        **fields,
    )


def _encode(value: str) -> str:
    return quote(value, safe="-_.~")


def verify_presigned(method: str, path: str, headers: Any) -> None:
    """Raise SignatureDoesNotMatch for a presigned URL signed with the wrong secret of an IAM key."""
    raw_path, _, raw_query = path.partition("?")
    if not raw_query:
        return
    params = parse_qsl(raw_query, keep_blank_values=True)
    query = dict(params)
    if "X-Amz-Signature" in query and "X-Amz-Credential" in query:
        _verify_sigv4(method, raw_path, params, query, headers)
    elif "Signature" in query and "AWSAccessKeyId" in query:
        _verify_sigv2(method, raw_path, raw_query, query, headers)


def verify_header(method: str, path: str, headers: Any) -> None:
    """Raise SignatureDoesNotMatch for a request signed in its Authorization header (SigV4 or SigV2)
    with the wrong secret of a key IAM issued."""
    auth = headers.get("Authorization") or ""
    raw_path, _, raw_query = path.partition("?")
    params = parse_qsl(raw_query, keep_blank_values=True)
    if auth.startswith(_SIGV4):
        fields = dict(
            part.strip().partition("=")[::2] for part in auth[len(_SIGV4) :].split(",") if "=" in part
        )
        credential, signature = fields.get("Credential", ""), fields.get("Signature", "")
        access_key, _, scope = credential.partition("/")
        signed = [name.strip().lower() for name in fields.get("SignedHeaders", "").split(";") if name.strip()]
        if not scope or not signature or not signed:
            return  # malformed: the gateway's signature syntax check answers it
        payload = headers.get("x-amz-content-sha256") or _EMPTY_SHA256
        date = headers.get("x-amz-date") or headers.get("Date") or ""
        _check_sigv4(method, raw_path, params, signed, headers, payload, access_key, scope, date, signature)
    elif auth.startswith("AWS "):
        access_key, _, signature = auth[4:].strip().rpartition(":")
        secret = secret_for(access_key)
        if secret is None:
            return
        # With x-amz-date, the Date line is empty (x-amz-date is signed among the x-amz- headers).
        date = "" if headers.get("x-amz-date") else headers.get("Date") or ""
        _check_sigv2(method, raw_path, raw_query, headers, date, access_key, secret, signature)


_SIGV4 = "AWS4-HMAC-SHA256"
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _verify_sigv4(method: str, raw_path: str, params: list, query: dict, headers: Any) -> None:
    access_key, _, scope = query["X-Amz-Credential"].partition("/")
    signed = [name.strip().lower() for name in query.get("X-Amz-SignedHeaders", "host").split(";") if name]
    params = [(name, value) for name, value in params if name != "X-Amz-Signature"]
    _check_sigv4(
        method,
        raw_path,
        params,
        signed,
        headers,
        "UNSIGNED-PAYLOAD",
        access_key,
        scope,
        query.get("X-Amz-Date", ""),
        query["X-Amz-Signature"],
    )


def _header_value(headers: Any, name: str) -> str:
    if name == "content-length":
        # The length as sent: the gateway decoded an aws-chunked body and gave its decoded length.
        value = headers.get(DECODED_HEADER) or headers.get("Content-Length") or ""
    else:
        value = headers.get(name) or ""
    return " ".join(value.split())


def _check_sigv4(
    method: str,
    raw_path: str,
    params: list,
    signed: list[str],
    headers: Any,
    payload: str,
    access_key: str,
    scope: str,
    date: str,
    provided: str,
) -> None:
    secret = secret_for(access_key)
    if secret is None:
        return
    canonical_query = "&".join(f"{_encode(name)}={_encode(value)}" for name, value in sorted(params))
    canonical_headers = "".join(f"{name}:{_header_value(headers, name)}\n" for name in signed)
    canonical = "\n".join(
        [
            method,
            quote(unquote(raw_path), safe="/-_.~"),
            canonical_query,
            canonical_headers,
            ";".join(signed),
            payload,
        ]
    )
    string_to_sign = "\n".join([_SIGV4, date, scope, hashlib.sha256(canonical.encode("utf-8")).hexdigest()])
    key = ("AWS4" + secret).encode("utf-8")
    for part in scope.split("/"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(access_key, string_to_sign, provided, canonical)


def _verify_sigv2(method: str, raw_path: str, raw_query: str, query: dict, headers: Any) -> None:
    access_key = query["AWSAccessKeyId"]
    secret = secret_for(access_key)
    if secret is None:
        return
    _check_sigv2(
        method, raw_path, raw_query, headers, query.get("Expires", ""), access_key, secret, query["Signature"]
    )


def _check_sigv2(
    method: str,
    raw_path: str,
    raw_query: str,
    headers: Any,
    date: str,
    access_key: str,
    secret: str,
    provided: str,
) -> None:
    # SigV2 trims header values but, unlike SigV4, keeps the spaces inside them.
    amz_headers = sorted(
        (name.lower(), value.strip()) for name, value in headers.items() if name.lower().startswith("x-amz-")
    )
    # The path as sent, still URL-encoded, as botocore and the AWS SDKs sign it.
    resource = raw_path
    host = (headers.get("Host") or "").split(":")[0]
    if ".s3." in host or host.endswith(".s3"):
        resource = "/" + host.split(".s3", 1)[0] + resource
    if resource.count("/") == 1 and resource != "/":
        # A bucket's resource ends with a slash, whether or not the path sent does.
        resource += "/"
    # Sub-resources as sent: `?tagging` and `?tagging=` sign differently; values are decoded.
    subresources = sorted(
        (name, f"{name}={unquote(value)}" if equals else name)
        for name, equals, value in (piece.partition("=") for piece in raw_query.split("&") if piece)
        if name in _SIGV2_SUBRESOURCES
    )
    if subresources:
        resource += "?" + "&".join(piece for _, piece in subresources)
    string_to_sign = "\n".join(
        [method, headers.get("Content-MD5") or "", headers.get("Content-Type") or "", date]
    )
    string_to_sign += "\n" + "".join(f"{name}:{value}\n" for name, value in amz_headers) + resource
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    expected = base64.b64encode(digest).decode()
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(access_key, string_to_sign, provided)


_SIGNED_STREAMING = ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")


class ChunkSignatures:
    """The signature chain of a SigV4 streaming upload: each chunk signed over the one before, starting
    from the seed signature of the Authorization header (checked as the body is read)."""

    def __init__(
        self, access_key: str, signing_key: bytes, date: str, scope: str, seed: str, trailer: bool = False
    ) -> None:
        self.access_key = access_key
        self.signing_key = signing_key
        self.date = date
        self.scope = scope
        self.previous = seed
        self.trailer = trailer
        self._pending: tuple[str, Any] | None = None

    def begin(self, extensions: bytes, size: int) -> None:
        self._finish()
        provided = ""
        for extension in extensions.decode("latin-1").split(";"):
            name, _, value = extension.strip().partition("=")
            if name == "chunk-signature":
                provided = value.strip()
        self._pending = (provided, hashlib.sha256())
        if size == 0:
            self._finish()

    def update(self, data: bytes) -> None:
        if self._pending is not None:
            self._pending[1].update(data)

    def _finish(self) -> None:
        if self._pending is None:
            return
        provided, digest = self._pending
        self._pending = None
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256-PAYLOAD",
                self.date,
                self.scope,
                self.previous,
                _EMPTY_SHA256,
                digest.hexdigest(),
            ]
        )
        expected = hmac.new(self.signing_key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, provided):
            raise _mismatch(self.access_key, string_to_sign, provided)
        self.previous = expected

    def end(self, trailers: list[tuple[str, str]]) -> None:
        """The trailer chunk of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER upload: its fields signed over
        the final chunk's signature, in `x-amz-trailer-signature`."""
        self._finish()
        if not self.trailer:
            return
        provided = ""
        fields = []
        for name, value in trailers:
            if name.lower() == "x-amz-trailer-signature":
                provided = value.strip()
            else:
                fields.append((name.strip().lower(), value.strip()))
        canonical = "".join(f"{name}:{value}\n" for name, value in sorted(fields))
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256-TRAILER",
                self.date,
                self.scope,
                self.previous,
                hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            ]
        )
        expected = hmac.new(self.signing_key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, provided):
            raise _mismatch(self.access_key, string_to_sign, provided)


def chunk_signatures(headers: Any) -> ChunkSignatures | None:
    """The chunk signature check of a signed streaming upload by a key IAM issued; None otherwise."""
    if (headers.get("x-amz-content-sha256") or "") not in _SIGNED_STREAMING:
        return None
    auth = headers.get("Authorization") or ""
    if not auth.startswith(_SIGV4):
        return None
    fields = dict(part.strip().partition("=")[::2] for part in auth[len(_SIGV4) :].split(",") if "=" in part)
    access_key, _, scope = fields.get("Credential", "").partition("/")
    seed = fields.get("Signature", "")
    if not scope or not seed:
        return None
    secret = secret_for(access_key)
    if secret is None:
        return None
    key = ("AWS4" + secret).encode("utf-8")
    for part in scope.split("/"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    date = headers.get("x-amz-date") or headers.get("Date") or ""
    trailer = headers.get("x-amz-content-sha256") == _SIGNED_STREAMING[1]
    return ChunkSignatures(access_key, key, date, scope, seed, trailer)
