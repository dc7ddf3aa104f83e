"""Signatures of presigned S3 URLs (SigV4 and SigV2) checked with the secret IAM issued for the key: keys IAM
did not issue (the default test keys, 12-digit account keys) accept any signature, as before."""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from localstack import constants
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
    """The secret IAM issued for the key; None for keys it did not issue (they accept any signature)."""
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
                return found.secret_access_key
    return None


def _mismatch(access_key: str, string_to_sign: str, provided: str, canonical: str | None = None) -> S3Error:
    fields: dict[str, str] = {
        "AWSAccessKeyId": access_key,
        "StringToSign": string_to_sign,
        "SignatureProvided": provided,
    }
    if canonical is not None:
        fields["CanonicalRequest"] = canonical
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
        _verify_sigv2(method, raw_path, params, query, headers)


def _verify_sigv4(method: str, raw_path: str, params: list, query: dict, headers: Any) -> None:
    credential = query["X-Amz-Credential"]
    access_key, _, scope = credential.partition("/")
    secret = secret_for(access_key)
    if secret is None:
        return
    canonical_query = "&".join(
        f"{_encode(name)}={_encode(value)}" for name, value in sorted(params) if name != "X-Amz-Signature"
    )
    signed = [name.strip().lower() for name in query.get("X-Amz-SignedHeaders", "host").split(";") if name]
    canonical_headers = "".join(f"{name}:{' '.join((headers.get(name) or '').split())}\n" for name in signed)
    canonical = "\n".join(
        [
            method,
            quote(unquote(raw_path), safe="/-_.~"),
            canonical_query,
            canonical_headers,
            ";".join(signed),
            "UNSIGNED-PAYLOAD",
        ]
    )
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            query.get("X-Amz-Date", ""),
            scope,
            hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        ]
    )
    key = ("AWS4" + secret).encode("utf-8")
    for part in scope.split("/"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, query["X-Amz-Signature"]):
        raise _mismatch(access_key, string_to_sign, query["X-Amz-Signature"], canonical)


def _verify_sigv2(method: str, raw_path: str, params: list, query: dict, headers: Any) -> None:
    access_key = query["AWSAccessKeyId"]
    secret = secret_for(access_key)
    if secret is None:
        return
    amz_headers = sorted(
        (name.lower(), " ".join(value.split()))
        for name, value in headers.items()
        if name.lower().startswith("x-amz-")
    )
    # The path as sent, still URL-encoded, as botocore and the AWS SDKs sign it.
    resource = raw_path
    host = (headers.get("Host") or "").split(":")[0]
    if ".s3." in host or host.endswith(".s3"):
        resource = "/" + host.split(".s3", 1)[0] + resource
    subresources = sorted((name, value) for name, value in params if name in _SIGV2_SUBRESOURCES)
    if subresources:
        resource += "?" + "&".join(f"{name}={value}" if value else name for name, value in subresources)
    string_to_sign = "\n".join(
        [
            method,
            headers.get("Content-MD5") or "",
            headers.get("Content-Type") or "",
            query.get("Expires", ""),
        ]
    )
    string_to_sign += "\n" + "".join(f"{name}:{value}\n" for name, value in amz_headers) + resource
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    expected = base64.b64encode(digest).decode()
    if not hmac.compare_digest(expected, query["Signature"]):
        raise _mismatch(access_key, string_to_sign, query["Signature"])
