"""Corrections to moto's sts backend, applied by the starter before the backend is built.

AssumeRoleWithSAML: moto reads the assertion without a check and crashed on one that is not base64
SAML naming a role; STS answers such an assertion with InvalidIdentityToken.

AssumeRole of a role this emulator holds for longer than the role's MaxSessionDuration is refused as
STS refuses it; moto issued the credentials.
"""

from __future__ import annotations

import binascii
from typing import Any
from xml.parsers.expat import ExpatError

# What reading a malformed assertion raises in moto: bad base64, bad UTF-8, bad XML, missing parts.
_MALFORMED = (binascii.Error, ValueError, UnicodeDecodeError, ExpatError, KeyError, TypeError, AttributeError)


def apply() -> None:
    _patch_assume_role_with_saml()
    _patch_session_duration()
    _patch_packed_policy_size()


def _patch_packed_policy_size() -> None:
    """moto answers PackedPolicySize 6 whatever was sent; AWS answers none for an AssumeRole without
    session policies or tags and 0 for a GetFederationToken without a policy (recorded)."""
    from moto.sts.responses import TokenResponse

    original_assume, original_federation = TokenResponse.assume_role, TokenResponse.get_federation_token

    def _without_session_policy(self: Any) -> bool:
        return not any(key.startswith(("Policy", "Tags.")) for key in self.querystring)

    def assume_role(self: Any) -> Any:
        answer = original_assume(self)
        if _without_session_policy(self) and isinstance(answer.result, dict):
            answer.result.pop("PackedPolicySize", None)
        return answer

    def get_federation_token(self: Any) -> Any:
        answer = original_federation(self)
        if _without_session_policy(self) and isinstance(answer.result, dict):
            answer.result["PackedPolicySize"] = 0
        return answer

    TokenResponse.assume_role = assume_role
    TokenResponse.get_federation_token = get_federation_token


def _patch_session_duration() -> None:
    from moto.sts.exceptions import STSClientError
    from moto.sts.models import STSBackend

    original = STSBackend.assume_role

    def assume_role(
        self: Any,
        region_name: str,
        role_session_name: str,
        role_arn: str,
        policy: str,
        duration: int,
        external_id: str,
    ) -> Any:
        role = _held_role(role_arn)
        if role is not None and duration and int(duration) > int(role.max_session_duration or 3600):
            raise STSClientError(
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            )
        return original(self, region_name, role_session_name, role_arn, policy, duration, external_id)

    STSBackend.assume_role = assume_role


def _held_role(role_arn: str) -> Any:
    """moto's IAM role of that ARN, if the account holds it (roles of accounts this emulator never saw
    are assumed as moto assumes them)."""
    from moto.iam.models import iam_backends

    fields = role_arn.split(":", 5)
    if len(fields) < 6 or not fields[5].startswith("role/"):
        return None
    accounts = dict.get(iam_backends, fields[4])
    backend = dict.get(accounts, fields[1]) if accounts is not None else None
    if backend is None:
        return None
    name = fields[5].rsplit("/", 1)[-1]
    return next((role for role in list(backend.roles.values()) if role.name == name), None)


def _patch_assume_role_with_saml() -> None:
    from moto.sts.exceptions import STSClientError
    from moto.sts.models import STSBackend

    original = STSBackend.assume_role_with_saml

    def assume_role_with_saml(self: Any, **kwargs: Any) -> Any:
        try:
            return original(self, **kwargs)
        except _MALFORMED:
            raise STSClientError("InvalidIdentityToken", "Invalid SAML assertion.") from None

    STSBackend.assume_role_with_saml = assume_role_with_saml
