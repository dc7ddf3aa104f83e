"""Who is asking and where: access key, account and region read off a request, never rewritten."""

from __future__ import annotations

import re
import sys
from typing import Mapping
from urllib.parse import parse_qs

from localstack import constants
from localstack.config import get_config
from localstack.utils import lazy_imports, memory

_CREDENTIAL_RE = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")
_SIGV2_RE = re.compile(r"^AWS ([^:\s]+):")
_ACCOUNT_RE = re.compile(r"^\d{12}$")
_ISSUED_KEY_PREFIXES = ("AKIA", "ASIA")


# The last Authorization header read and its scope: one request's is read 4-5 times (routing, the
# listener's checks, the backend's account, the request log). One entry, replaced whole (thread-safe).
_NO_SCOPE: tuple[str, tuple[str, str, str]] = ("", ("", "", ""))
_last_scope = _NO_SCOPE


def _forget_last_scope() -> None:
    # Made by the last request of a load, it would pin the arena it landed in after the load's data is gone.
    global _last_scope
    _last_scope = _NO_SCOPE


memory.release_after_large_deletes(_forget_last_scope)


def credential_scope(headers: Mapping[str, str], query: str = "") -> tuple[str, str, str] | None:
    """(access_key, region, signing_name) of a SigV4 header or presigned query, if any."""
    global _last_scope
    auth = headers.get("Authorization") or ""
    last = _last_scope
    if auth and auth == last[0]:
        return last[1]
    match = _CREDENTIAL_RE.search(auth)
    if match:
        scope = match.group(1), match.group(3), match.group(4)
        _last_scope = (auth, scope)
        return scope
    if "X-Amz-Credential" in query:
        values = parse_qs(query).get("X-Amz-Credential")
        if values:
            parts = values[0].split("/")
            if len(parts) == 5:
                return parts[0], parts[2], parts[3]
    return None


def access_key_of(headers: Mapping[str, str], query: str = "") -> str | None:
    """The access key id of a SigV4 or SigV2 signature, in the header or a presigned query."""
    scope = credential_scope(headers, query)
    if scope:
        return scope[0]
    match = _SIGV2_RE.match(headers.get("Authorization") or "")
    if match:
        return match.group(1)
    if "AWSAccessKeyId=" in query:
        values = parse_qs(query).get("AWSAccessKeyId")
        if values:
            return values[0]
    return None


def account_for_access_key(access_key: str | None) -> str:
    """A 12-digit access key id selects that account; a key IAM or STS issued (CreateAccessKey,
    AssumeRole) acts in the account that issued it; any other key in the default account."""
    if access_key and _ACCOUNT_RE.match(access_key):
        return access_key
    if access_key and access_key.startswith(_ISSUED_KEY_PREFIXES):
        # Only if IAM/STS ever ran here: an unused moto IAM must not be imported (or, deferred by
        # lazy_imports, run) on the hot path.
        iam = sys.modules.get("moto.iam.models")
        if iam is not None and not lazy_imports.is_pending(iam):
            account = iam.get_account_id_from(access_key)
            if account != getattr(iam, "DEFAULT_ACCOUNT_ID", account):
                return account
    return constants.DEFAULT_ACCOUNT_ID


def region_of(headers: Mapping[str, str], query: str, default_region: str) -> str:
    """The region the request was signed for; the default region only for unsigned requests."""
    scope = credential_scope(headers, query)
    return scope[1] if scope else default_region


def account_and_region(headers: Mapping[str, str], query: str = "") -> tuple[str, str]:
    """(account id, region) a request acts in: the account of its access key, the region it was signed
    for (the configured default region for unsigned requests). One scope read for a signed request."""
    scope = credential_scope(headers, query)
    if scope:
        return account_for_access_key(scope[0]), scope[1]
    return account_for_access_key(access_key_of(headers, query)), get_config().default_region
