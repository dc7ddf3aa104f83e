"""The signing key of this emulator's SNS messages, its certificate (served at SigningCertURL) and the
signatures of notifications and confirmations, computed as AWS documents them."""

from __future__ import annotations

import base64
import datetime
import hashlib
import threading
from typing import Any

_lock = threading.Lock()
_key: Any = None
_cert_pem: bytes = b""

CERT_NAME_PREFIX = "SimpleNotificationService-"

# Fields signed, in this order, when present (AWS: "Verifying the signatures of Amazon SNS messages").
NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")


def _ensure_key() -> Any:
    global _key, _cert_pem
    if _key is not None:
        return _key
    with _lock:
        if _key is None:
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            from cryptography.x509.oid import NameOID

            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=3650))
                .sign(key, hashes.SHA256())
            )
            _cert_pem = cert.public_bytes(serialization.Encoding.PEM)
            _key = key
    return _key


def has_key() -> bool:
    return _key is not None


def cert_name() -> str:
    """The file name of the certificate, derived from it as AWS names its own."""
    _ensure_key()
    return f"{CERT_NAME_PREFIX}{hashlib.md5(_cert_pem).hexdigest()}.pem"  # noqa: S324 (a name, not security)


def cert_pem() -> bytes:
    _ensure_key()
    return _cert_pem


def sign(fields: dict[str, Any], version: str = "1") -> str:
    """Base64 signature of the canonical string of `fields`: SHA1withRSA (version 1) or SHA256withRSA (2)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    names = NOTIFICATION_FIELDS if fields.get("Type") == "Notification" else CONFIRMATION_FIELDS
    text = "".join(f"{name}\n{fields[name]}\n" for name in names if fields.get(name) is not None)
    algorithm = hashes.SHA256() if version == "2" else hashes.SHA1()  # noqa: S303 (AWS's version 1)
    signature = _ensure_key().sign(text.encode("utf-8"), padding.PKCS1v15(), algorithm)
    return base64.b64encode(signature).decode("ascii")
