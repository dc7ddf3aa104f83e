"""Ed25519ph as KMS's ED25519_PH_SHA_512 computes it (cryptography has no prehashed mode)."""

from __future__ import annotations


def test_ed25519ph_matches_rfc_8032_test_vector():
    """KMS's ED25519_PH_SHA_512 is RFC 8032's Ed25519ph of the bytes sent; the RFC's "abc" vector."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from localstack.services.kms import modern_keys

    private = ed25519.Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42")
    )
    holder = modern_keys.PrivateKeyHolder(private)
    key = type("Key", (), {"private_key": holder})()
    expected = (
        "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
        "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406"
    )
    assert modern_keys._ed25519ph_sign(private, b"abc").hex() == expected
    signature = modern_keys.sign(key, "ED25519_PH_SHA_512", "DIGEST", b"x" * 64)
    assert modern_keys.verify(key, "ED25519_PH_SHA_512", "DIGEST", b"x" * 64, signature)
    assert not modern_keys.verify(key, "ED25519_PH_SHA_512", "DIGEST", b"y" * 64, signature)
