"""Who sends an S3 request and how: anonymous, signed in the Authorization header, or presigned (SigV4 or
SigV2 query), with the account of its access key; presigned URLs past their expiry are refused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from localstack.services.s3.s3_errors import S3Error, access_denied
from localstack.utils.aws import request_context

MAX_PRESIGNED_SECONDS = 604800


@dataclass
class Identity:
    account_id: str | None  # None: anonymous
    access_key: str | None
    auth_type: str | None  # REST-HEADER, REST-QUERY-STRING, POST
    signature_version: str | None  # AWS4-HMAC-SHA256 or AWS

    @property
    def anonymous(self) -> bool:
        return self.account_id is None

    @property
    def arn(self) -> str | None:
        return f"arn:aws:iam::{self.account_id}:root" if self.account_id else None


ANONYMOUS = Identity(None, None, None, None)


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def of_request(headers: Any, query: dict[str, str], now: datetime.datetime | None = None) -> Identity:
    """The caller; raises AccessDenied for an expired presigned URL."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    auth = headers.get("Authorization") or ""
    if auth.startswith("AWS4-HMAC-SHA256"):
        return _signed(headers, "", "REST-HEADER", "AWS4-HMAC-SHA256")
    if auth.startswith("AWS "):
        return _signed(headers, "", "REST-HEADER", "AWS")
    if "X-Amz-Credential" in query:
        _check_sigv4_expiry(query, now)
        return _signed(headers, _query_string(query), "REST-QUERY-STRING", "AWS4-HMAC-SHA256")
    if "AWSAccessKeyId" in query and "Signature" in query:
        _check_sigv2_expiry(query, now)
        return _signed(headers, _query_string(query), "REST-QUERY-STRING", "AWS")
    return ANONYMOUS


def of_access_key(access_key: str, auth_type: str, signature_version: str) -> Identity:
    return Identity(
        request_context.account_for_access_key(access_key), access_key, auth_type, signature_version
    )


def _query_string(query: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


def _signed(headers: Any, query: str, auth_type: str, version: str) -> Identity:
    key = request_context.access_key_of(headers, query)
    return Identity(request_context.account_for_access_key(key), key, auth_type, version)


def _check_sigv4_expiry(query: dict[str, str], now: datetime.datetime) -> None:
    raw_expires = query.get("X-Amz-Expires", "")
    try:
        seconds = int(raw_expires)
    except ValueError:
        raise S3Error("AuthorizationQueryParametersError", "X-Amz-Expires should be a number", 400) from None
    if seconds < 0:
        raise S3Error("AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative", 400)
    if seconds > MAX_PRESIGNED_SECONDS:
        raise S3Error(
            "AuthorizationQueryParametersError",
            "X-Amz-Expires must be less than a week (in seconds) that is 604800",
            400,
        )
    try:
        signed_at = datetime.datetime.strptime(query.get("X-Amz-Date", ""), "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc
        )
    except ValueError:
        raise S3Error(
            "AuthorizationQueryParametersError",
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
            400,
        ) from None
    expires = signed_at + datetime.timedelta(seconds=seconds)
    if now > expires:
        error = access_denied("Request has expired")
        error.fields.update(
            {"X-Amz-Expires": str(seconds), "Expires": _iso(expires), "ServerTime": _iso(now)}
        )
        raise error


def _check_sigv2_expiry(query: dict[str, str], now: datetime.datetime) -> None:
    raw = query.get("Expires", "")
    if not raw.isdigit():
        return
    expires = datetime.datetime.fromtimestamp(int(raw), datetime.timezone.utc)
    if now > expires:
        error = access_denied("Request has expired")
        error.fields.update({"Expires": _iso(expires), "ServerTime": _iso(now)})
        raise error
