"""The signing key specs moto does not know: ECC_NIST_EDWARDS25519 (ED25519_SHA_512 over RAW messages,
ED25519_PH_SHA_512 over SHA-512 digests) and ML_DSA_44/65/87 (ML_DSA_SHAKE_256 over RAW messages or a
64-byte EXTERNAL_MU). Keys come from the `cryptography` package (moto's own dependency); Ed25519ph, which
it lacks, is computed here from RFC 8032."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from localstack.utils.aws.errors import AWSError

ED25519 = "ECC_NIST_EDWARDS25519"
ML_DSA_SPECS = ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87")
SPECS = (ED25519, *ML_DSA_SPECS)
SIGNING_ALGORITHMS = {
    ED25519: ["ED25519_SHA_512", "ED25519_PH_SHA_512"],
    **{spec: ["ML_DSA_SHAKE_256"] for spec in ML_DSA_SPECS},
}
# The MessageType each algorithm takes (API reference, Sign's MessageType).
_MESSAGE_TYPES = {
    "ED25519_SHA_512": ("RAW",),
    "ED25519_PH_SHA_512": ("DIGEST",),
    "ML_DSA_SHAKE_256": ("RAW", "EXTERNAL_MU"),
}


def available(spec: str) -> bool:
    """Whether the installed `cryptography` builds keys of `spec` (ML-DSA and ML-KEM came in its 2025-26
    releases; an older one leaves those specs refused as moto refuses them)."""
    import importlib.util

    module = {"ML_DSA": "mldsa", "ML_KEM": "mlkem"}.get(spec[:6])
    if module is None:
        return True
    return importlib.util.find_spec(f"cryptography.hazmat.primitives.asymmetric.{module}") is not None


# Specs AWS offers that the installed `cryptography` cannot build (it has no ML-KEM-512 at all).
_NEVER_BUILT = ("ML_KEM_512",)
_LIBRARY_BUILT = ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ML_KEM_768", "ML_KEM_1024")


def refuse_unbuildable(spec: str | None) -> None:
    """A spec in AWS's enum that this emulator cannot build answers KMS's UnsupportedOperationException
    in plain words, rather than an enum listing that leaves the spec out (the words are ours)."""
    if spec in _NEVER_BUILT or (spec in _LIBRARY_BUILT and not available(spec)):
        raise AWSError(
            "UnsupportedOperationException",
            f"KeySpec {spec} is not supported by this emulator (the installed cryptography package cannot "
            "build its keys).",
        )


class PrivateKeyHolder:
    """Stands where moto keeps its private-key wrapper: `.private_key` is the cryptography key."""

    def __init__(self, private_key: Any) -> None:
        self.private_key = private_key


def private_key(spec: str) -> Any:
    """A new key of `spec`, from a 32-byte seed read from os.urandom (seeded per request when persistence
    logs it, so a replayed CreateKey makes the same key)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

    seed = os.urandom(32)
    if spec == ED25519:
        return ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    return getattr(mldsa, f"MLDSA{spec[7:]}PrivateKey").from_seed_bytes(seed)


def _check_message(algorithm: str, message_type: str, message: bytes) -> None:
    if message_type not in _MESSAGE_TYPES[algorithm]:
        # The rule is the API reference's; these words are ours (no recording found).
        raise AWSError(
            "ValidationException",
            f"MessageType {message_type} is not supported for signing algorithm {algorithm}.",
        )
    if message_type == "DIGEST" and len(message) != 64:
        raise AWSError("ValidationException", f"Digest is invalid length for algorithm {algorithm}.")
    if message_type == "EXTERNAL_MU" and len(message) != 64:
        raise AWSError("ValidationException", f"Digest is invalid length for algorithm {algorithm}.")


def sign(key: Any, algorithm: str, message_type: str, message: bytes) -> bytes:
    _check_message(algorithm, message_type, message)
    private = key.private_key.private_key
    if algorithm == "ED25519_SHA_512":
        return private.sign(message)
    if algorithm == "ED25519_PH_SHA_512":
        return _ed25519ph_sign(private, message)
    if message_type == "EXTERNAL_MU":
        return private.sign_mu(message)
    return private.sign(message)


def verify(key: Any, algorithm: str, message_type: str, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    _check_message(algorithm, message_type, message)
    public = key.private_key.private_key.public_key()
    try:
        if algorithm == "ED25519_PH_SHA_512":
            return _ed25519ph_verify(public, message, signature)
        if message_type == "EXTERNAL_MU":
            public.verify_mu(signature, message)
        else:
            public.verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# Ed25519ph (RFC 8032 section 5.1): the message is SHA-512(M), here M being the caller's digest (KMS
# hashes the DIGEST it receives once more), signed with the dom2 prefix for phflag 1 and an empty context.
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_DOM2 = b"SigEd25519 no Ed25519 collisions" + bytes([1, 0])


def _add(a: tuple, b: tuple) -> tuple:
    # Extended twisted Edwards coordinates (X, Y, Z, T).
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    e = (y1 - x1) * (y2 - x2) % _P
    f = (y1 + x1) * (y2 + x2) % _P
    g = 2 * _D * t1 * t2 % _P
    h = 2 * z1 * z2 % _P
    e, f, g, h = f - e, h - g, h + g, f + e
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: tuple) -> tuple:
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _encode(point: tuple) -> bytes:
    x, y, z, _ = point
    inverse = pow(z, _P - 2, _P)
    x, y = x * inverse % _P, y * inverse % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _decode(data: bytes) -> tuple | None:
    if len(data) != 32:
        return None
    value = int.from_bytes(data, "little")
    sign, y = value >> 255, value & ((1 << 255) - 1)
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * pow(2, (_P - 1) // 4, _P) % _P
    if (x * x - x2) % _P or (x == 0 and sign):
        return None
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


_BASE = _decode((4 * pow(5, _P - 2, _P) % _P).to_bytes(32, "little"))


def _h(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha512(_DOM2 + b"".join(parts)).digest(), "little")


def _ed25519ph_sign(private: Any, digest: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization

    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    expanded = hashlib.sha512(seed).digest()
    secret = int.from_bytes(expanded[:32], "little")
    secret &= (1 << 254) - 8
    secret |= 1 << 254
    public = _encode(_multiply(secret, _BASE))
    prehashed = hashlib.sha512(digest).digest()
    nonce = _h(expanded[32:], prehashed) % _L
    r = _encode(_multiply(nonce, _BASE))
    s = (nonce + _h(r, public, prehashed) * secret) % _L
    return r + s.to_bytes(32, "little")


def _ed25519ph_verify(public: Any, digest: bytes, signature: bytes) -> bool:
    from cryptography.hazmat.primitives import serialization

    if len(signature) != 64:
        return False
    encoded = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    point, r = _decode(encoded), _decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if point is None or r is None or s >= _L:
        return False
    k = _h(signature[:32], encoded, hashlib.sha512(digest).digest()) % _L
    return _encode(_multiply(s, _BASE)) == _encode(_add(r, _multiply(k, point)))
