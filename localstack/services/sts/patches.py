"""Corrections to moto's sts backend, applied by the starter before the backend is built.

AssumeRoleWithSAML: moto reads the assertion without a check and crashed on one that is not base64
SAML naming a role; STS answers such an assertion with InvalidIdentityToken.
"""

from __future__ import annotations

import binascii
from typing import Any
from xml.parsers.expat import ExpatError

# What reading a malformed assertion raises in moto: bad base64, bad UTF-8, bad XML, missing parts.
_MALFORMED = (binascii.Error, ValueError, UnicodeDecodeError, ExpatError, KeyError, TypeError, AttributeError)


def apply() -> None:
    _patch_assume_role_with_saml()


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
