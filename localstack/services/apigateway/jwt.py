"""JSON Web Tokens for JWT and Cognito authorizers: structure, issuer, audience and time checks.

Signatures are not verified: the keys would come from the issuer's JWKS endpoint, which an offline
emulator cannot fetch (and test tokens are often unsigned or HS256 with a local secret)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any


class JWTError(Exception):
    pass


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode_unverified(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWS; raises JWTError if it is not one, or has expired."""
    parts = token.split(".")
    if len(parts) != 3:
        raise JWTError("not a JWT")
    try:
        header = json.loads(_b64url(parts[0]))
        claims = json.loads(_b64url(parts[1]))
    except ValueError as error:
        raise JWTError(f"undecodable JWT: {error}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict) or "alg" not in header:
        raise JWTError("not a JWT")
    now = time.time()
    if isinstance(claims.get("exp"), (int, float)) and claims["exp"] < now:
        raise JWTError("expired")
    if isinstance(claims.get("nbf"), (int, float)) and claims["nbf"] > now + 5:
        raise JWTError("not yet valid")
    return header, claims


def validate(token: str, issuer: str | None, audiences: list[str] | None) -> dict:
    """The claims of a token an HTTP API JWT authorizer accepts: issuer equal, `aud` (or `client_id`)
    one of the audiences, not expired, not before its `nbf`."""
    _, claims = decode_unverified(token)
    if issuer and claims.get("iss") != issuer:
        raise JWTError("wrong issuer")
    if audiences:
        aud = claims.get("aud", claims.get("client_id"))
        values = aud if isinstance(aud, list) else [aud]
        if not any(value in audiences for value in values):
            raise JWTError("wrong audience")
    return claims


def claims_as_strings(claims: dict[str, Any]) -> dict[str, str]:
    """HTTP APIs hand claims on as strings; lists as `[a b]`."""
    out = {}
    for key, value in claims.items():
        if isinstance(value, str):
            out[key] = value
        elif isinstance(value, list):
            out[key] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, dict):
            out[key] = json.dumps(value)
        else:
            out[key] = str(value)
    return out
