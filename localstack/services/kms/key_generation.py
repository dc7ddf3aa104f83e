"""Asymmetric private keys for KMS. With persistence on, a key made by a logged request (CreateKey,
GetParametersForImport) is kept in its record, so its replay after a crash has the same key (earlier
signatures and wrapped key material still fit) without making one again; records from before keys were
kept derive it again from their seeded `os.urandom`."""

from __future__ import annotations

import base64
import os
import sys
from typing import Any

_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]
# Miller-Rabin rounds: for random candidates of 1024 bits or more, far below 2**-100 wrong (FIPS 186-4 C.3).
_ROUNDS = 8


def _random_below(limit: int) -> int:
    size = (limit.bit_length() + 7) // 8 + 8
    return int.from_bytes(os.urandom(size), "big") % limit


def _probably_prime(candidate: int) -> bool:
    for small in _SMALL_PRIMES:
        if candidate % small == 0:
            return candidate == small
    odd, twos = candidate - 1, 0
    while odd % 2 == 0:
        odd //= 2
        twos += 1
    for _ in range(_ROUNDS):
        witness = 2 + _random_below(candidate - 3)
        value = pow(witness, odd, candidate)
        if value in (1, candidate - 1):
            continue
        for _ in range(twos - 1):
            value = pow(value, 2, candidate)
            if value == candidate - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, exponent: int) -> int:
    while True:
        # The top two bits set, so that two such primes make a modulus of exactly 2 * bits.
        candidate = int.from_bytes(os.urandom(bits // 8), "big") | (3 << (bits - 2)) | 1
        if (candidate - 1) % exponent and _probably_prime(candidate):
            return candidate


def rsa_private_key(key_size: int) -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    exponent = 65537
    while True:
        p, q = _prime(key_size // 2, exponent), _prime(key_size // 2, exponent)
        if p != q and (p * q).bit_length() == key_size:
            break
    d = pow(exponent, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p,
        q,
        d,
        rsa.rsa_crt_dmp1(d, p),
        rsa.rsa_crt_dmq1(d, q),
        rsa.rsa_crt_iqmp(p, q),
        rsa.RSAPublicNumbers(exponent, p * q),
    )
    return numbers.private_key()


_CURVES = {
    "ECC_NIST_P256": "SECP256R1",
    "ECC_NIST_P384": "SECP384R1",
    "ECC_NIST_P521": "SECP521R1",
    "ECC_SECG_P256K1": "SECP256K1",
}


def ec_private_key(spec: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec

    curve = getattr(ec, _CURVES[spec])()
    # A secret one bit shorter than the group order is always below it.
    return ec.derive_private_key(1 + _random_below(2 ** (curve.key_size - 1)), curve)


def seeded() -> bool:
    """Whether this request's randomness is seeded (persistence records or replays it)."""
    determinism = sys.modules.get("localstack.persistence.determinism")
    return determinism is not None and determinism.current_rng() is not None


def private_key(spec: str) -> Any:
    """A private key of a KMS key spec (RSA_* or ECC_*) from OpenSSL. A logged request (persistence)
    keeps the key in its record, and its replay takes it from there; a record from before keys were
    kept derives it again from its seeded source."""
    if not seeded():
        return _openssl_key(spec)
    from cryptography.hazmat.primitives import serialization

    from localstack.persistence import determinism

    if determinism.replaying():
        kept = determinism.given_value("kms-private-key")
        if kept is not None:
            return _load_kept(base64.b64decode(kept))
        if spec.startswith("RSA_"):
            return rsa_private_key(int(spec[4:]))
        return ec_private_key(spec)
    key = _openssl_key(spec)
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    determinism.keep_value("kms-private-key", base64.b64encode(der).decode())
    return key


def _load_kept(der: bytes) -> Any:
    """A key OpenSSL made and checked when it was first made: checking an RSA_4096 key again costs
    a quarter of a second."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_der_private_key(der, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography before 39 has no such option
        return serialization.load_der_private_key(der, password=None)


def _openssl_key(spec: str) -> Any:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if spec.startswith("RSA_"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(spec[4:]))
    return ec.generate_private_key(getattr(ec, _CURVES[spec])())
