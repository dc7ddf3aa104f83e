"""Who sends an S3 request and how: anonymous, signed in the Authorization header, or presigned (SigV4 or
SigV2 query), with the account of its access key; presigned URLs past their expiry are refused."""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from localstack.services.s3.s3_errors import S3Error, access_denied
from localstack.utils.aws import request_context

if TYPE_CHECKING:
    from localstack.services.s3.identity_policies import Principal

MAX_PRESIGNED_SECONDS = 604800
# How far a header-signed request's time may be from the server's, either way (S3's 15 minutes).
MAX_SKEW = datetime.timedelta(minutes=15)


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
    def principal(self) -> Principal | None:
        """The IAM user or assumed role of a key IAM or STS issued; None for root and anonymous callers."""
        if "_principal" not in self.__dict__:
            key = self.access_key
            if not key or not key.startswith(("AKIA", "ASIA")):
                # Only IAM and STS issue these prefixes: other keys (an SDK's "test") are root callers, and
                # the policy modules stay unimported until a key that can carry policies is seen.
                self.__dict__["_principal"] = None
            else:
                from localstack.services.s3 import identity_policies

                self.__dict__["_principal"] = identity_policies.principal_of(key)
        return self.__dict__["_principal"]

    @property
    def arn(self) -> str | None:
        principal = self.principal if self.account_id else None
        if principal is not None:
            return principal.arn
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
        if not replaying():
            _check_sigv4_expiry(query, now)
        return _signed(headers, _query_string(query), "REST-QUERY-STRING", "AWS4-HMAC-SHA256")
    if "AWSAccessKeyId" in query or "Signature" in query:
        if not all(name in query for name in ("AWSAccessKeyId", "Signature", "Expires")):
            raise access_denied(
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"
            )
        if not replaying():
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
            "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
            "less than 604800 seconds",
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


def check_request_time(headers: Any, now: datetime.datetime | None = None) -> None:
    """RequestTimeTooSkewed for a request signed in its Authorization header whose x-amz-date (or Date)
    is more than 15 minutes from the server's clock. A time that does not parse is left to the signature
    checks."""
    if not headers.get("Authorization"):
        return
    sent = headers.get("x-amz-date") or headers.get("Date")
    if not sent:
        return
    moment = _parse_request_time(sent)
    if moment is None:
        return
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if abs(now - moment) > MAX_SKEW:
        raise S3Error(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            403,
            RequestTime=sent,
            ServerTime=_iso(now),
            MaxAllowedSkewMilliseconds=int(MAX_SKEW.total_seconds() * 1000),
        )


def _parse_request_time(sent: str) -> datetime.datetime | None:
    from email.utils import parsedate_to_datetime

    if len(sent) == 16 and sent[8] == "T" and sent[15] == "Z" and sent.isascii():
        # SDKs' x-amz-date (yyyymmddThhmmssZ), read without strptime (~40 us per request); anything
        # this does not read goes the general way below, which answers the same for it.
        digits = sent[:8] + sent[9:15]
        if digits.isdigit():
            try:
                return datetime.datetime(
                    int(digits[0:4]),
                    int(digits[4:6]),
                    int(digits[6:8]),
                    int(digits[8:10]),
                    int(digits[10:12]),
                    int(digits[12:14]),
                    tzinfo=datetime.timezone.utc,
                )
            except ValueError:
                pass
    try:
        return datetime.datetime.strptime(sent, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(sent)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def replaying() -> bool:
    """True while persistence replays its request log: its requests were signed, and their times and
    expiries checked, when they first ran."""
    background = sys.modules.get("localstack.persistence.background")
    return bool(getattr(background, "replaying", False))
