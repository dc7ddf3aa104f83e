"""RSA wrapping keys for imported key material, derived from a seed: GetParametersForImport's import
token carries the seed, so ImportKeyMaterial can rebuild the key from the token alone (a request-log
replay runs ImportKeyMaterial but not the read-only GetParametersForImport).

    private_key = derive(seed, 2048)

Prime search in Python is fast enough for RSA_2048 (~0.3 s) and RSA_3072 (~2 s); RSA_4096 keys come
from the cryptography library instead and are not replayable (see key_material.py).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

PUBLIC_EXPONENT = 65537
DERIVED_SIZES = (2048, 3072)
_SMALL_PRIMES = [n for n in range(3, 2000, 2) if all(n % d for d in range(3, int(n**0.5) + 1, 2))]


def _probably_prime(candidate: int, rng: random.Random, rounds: int = 40) -> bool:
    for small in _SMALL_PRIMES:
        if candidate % small == 0:
            return candidate == small
    odd, twos = candidate - 1, 0
    while odd % 2 == 0:
        odd //= 2
        twos += 1
    for _ in range(rounds):
        witness = pow(rng.randrange(2, candidate - 2), odd, candidate)
        if witness in (1, candidate - 1):
            continue
        for _ in range(twos - 1):
            witness = pow(witness, 2, candidate)
            if witness == candidate - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        # Top two bits set: the product of two such primes has exactly 2 * bits bits.
        candidate = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if candidate % PUBLIC_EXPONENT != 1 and _probably_prime(candidate, rng):
            return candidate


@lru_cache(maxsize=16)
def derive(seed: bytes, size: int) -> Any:
    """The RSA private key of `size` bits that `seed` determines."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    rng = random.Random(seed)  # noqa: S311 (a reproducible key for a local emulator, by design)
    while True:
        p, q = _prime(size // 2, rng), _prime(size // 2, rng)
        if p != q:
            break
    p, q = max(p, q), min(p, q)
    phi = (p - 1) * (q - 1)
    d = pow(PUBLIC_EXPONENT, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=d % (p - 1),
        dmq1=d % (q - 1),
        iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(PUBLIC_EXPONENT, p * q),
    )
    return numbers.private_key()
