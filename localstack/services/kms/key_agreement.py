"""DeriveSharedSecret (moto has none): ECDH between a KEY_AGREEMENT key's private half and a public key
the caller sends, answered with the raw shared secret as AWS does."""

from __future__ import annotations

import base64
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError


def derive_shared_secret(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.require_enabled(key)
    validation.require_usage(key, "KEY_AGREEMENT", "DeriveSharedSecret")
    algorithm = params.get("KeyAgreementAlgorithm") or ""
    if algorithm != "ECDH":
        raise validation.incompatible_algorithm(algorithm, key)
    private = key.private_key.private_key
    try:
        public = serialization.load_der_public_key(base64.b64decode(params.get("PublicKey") or ""))
    except ValueError:
        public = None
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != private.curve.name:
        raise AWSError("ValidationException", f"PublicKey is not a public key of key spec {key.key_spec}.")
    secret = private.exchange(ec.ECDH(), public)
    return {
        "KeyId": key.arn,
        "SharedSecret": base64.b64encode(secret).decode(),
        "KeyAgreementAlgorithm": "ECDH",
        "KeyOrigin": key.origin or "AWS_KMS",
    }


HANDLERS = {"DeriveSharedSecret": derive_shared_secret}
