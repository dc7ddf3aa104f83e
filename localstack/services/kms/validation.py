"""KMS's own refusals, with AWS's codes and sentences: keys that are missing, not Enabled (imported
material past its ValidTo is deleted on the way), of the wrong usage for an operation, MAC algorithms a
key cannot use, and policies that are not JSON."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from localstack.utils.aws.errors import AWSError

# A key id: a UUID, or a multi-Region key's mrk- and 32 hex digits (AWS's form; moto's are mrk- and a UUID).
_KEY_ID_RE = re.compile(
    r"^(mrk-[0-9a-f]{32}|(mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.I
)

MAC_SPECS = {
    "HMAC_SHA_224": "HMAC_224",
    "HMAC_SHA_256": "HMAC_256",
    "HMAC_SHA_384": "HMAC_384",
    "HMAC_SHA_512": "HMAC_512",
}


# The key usages each key spec allows (developer guide, "Key spec reference").
_ECC_NIST = ("SIGN_VERIFY", "KEY_AGREEMENT")
USAGES_BY_SPEC = {
    "SYMMETRIC_DEFAULT": ("ENCRYPT_DECRYPT",),
    **{spec: ("ENCRYPT_DECRYPT", "SIGN_VERIFY") for spec in ("RSA_2048", "RSA_3072", "RSA_4096")},
    **{spec: _ECC_NIST for spec in ("ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521")},
    "ECC_SECG_P256K1": ("SIGN_VERIFY",),
    "ECC_NIST_EDWARDS25519": ("SIGN_VERIFY",),
    "SM2": ("ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT"),
    **{spec: ("SIGN_VERIFY",) for spec in ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87")},
    **{spec: ("ENCAPSULATE_DECAPSULATE",) for spec in ("ML_KEM_512", "ML_KEM_768", "ML_KEM_1024")},
    **{spec: ("GENERATE_VERIFY_MAC",) for spec in MAC_SPECS.values()},
}


def check_key_usage_for_spec(params: dict[str, Any]) -> None:
    """CreateKey: a KeyUsage the KeySpec cannot have is a ValidationException (moto made such keys)."""
    spec = params.get("KeySpec") or params.get("CustomerMasterKeySpec") or "SYMMETRIC_DEFAULT"
    usage = params.get("KeyUsage")
    if not usage and spec != "SYMMETRIC_DEFAULT":
        # KeyUsage is optional for symmetric encryption keys only (API reference; recorded sentence).
        raise AWSError(
            "ValidationException",
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
        )
    allowed = USAGES_BY_SPEC.get(spec)
    if usage and allowed is not None and usage not in allowed:
        raise AWSError("ValidationException", f"KeyUsage {usage} is not compatible with KeySpec {spec}")


def find_key(backend: Any, key_id: str) -> Any:
    """The key a KeyId names (id, key ARN, alias name or alias ARN), or AWS's NotFoundException."""
    key_id = key_id or ""
    prefix = f"arn:aws:kms:{backend.region_name}:{backend.account_id}:"
    if key_id.startswith("alias/") or (key_id.startswith("arn:") and ":alias/" in key_id):
        found = backend.get_key_id_from_alias(backend.get_alias_name(key_id))
        if found is None or found not in backend.keys:
            shown = key_id if key_id.startswith("arn:") else prefix + key_id
            raise AWSError("NotFoundException", f"Alias {shown} is not found.")
        return backend.keys[found]
    if key_id.startswith("arn:") and key_id.count(":") >= 5:
        region = key_id.split(":")[3]
        if region != backend.region_name:
            raise AWSError("NotFoundException", f"Invalid arn {region}")  # recorded for DescribeKey
    raw = backend.get_key_id(key_id)
    if not _KEY_ID_RE.match(raw) or (key_id.startswith("arn:") and ":key/" not in key_id):
        # Quoted since AWS's recordings of late 2023 (GenerateMac, DescribeKey).
        raise AWSError("NotFoundException", f"Invalid keyId '{key_id}'")
    key = backend.keys.get(raw)
    if key is None:
        shown = key_id if key_id.startswith("arn:") else f"{prefix}key/{key_id}"
        raise AWSError("NotFoundException", f"Key '{shown}' does not exist")
    return key


def settle_creation(key: Any) -> None:
    """A replica made by ReplicateKey is Creating until its moment has passed, then Enabled."""
    until = getattr(key, "creating_until", None)
    if until is not None and key.key_state == "Creating" and time.time() >= until:
        key.key_state = "Enabled"
        key.enabled = True
        key.creating_until = None


def expire_key_material(key: Any) -> None:
    """Imported key material past its ValidTo is deleted, as AWS does, and the key waits for an import."""
    valid_to = getattr(key, "import_valid_to", None)
    if valid_to is not None and valid_to <= time.time() and key.key_state in ("Enabled", "Disabled"):
        clear_key_material(key)


def clear_key_material(key: Any) -> None:
    key.key_material = None
    key.key_state = "PendingImport"
    key.enabled = False
    key.import_valid_to = None
    key.import_expiration_model = None
    key.key_material_id = None


def key_state_error(key: Any) -> AWSError | None:
    """AWS's error for using a key that is not Enabled: the message names the key's ARN."""
    settle_creation(key)
    expire_key_material(key)
    if key.key_state == "Disabled":
        return AWSError("DisabledException", f"{key.arn} is disabled.")
    if key.key_state == "PendingDeletion":
        return AWSError("KMSInvalidStateException", f"{key.arn} is pending deletion.")
    if key.key_state == "PendingImport":
        return AWSError("KMSInvalidStateException", f"{key.arn} is pending import.")
    if key.key_state == "Creating":
        return AWSError("KMSInvalidStateException", f"{key.arn} is creating.")  # words unconfirmed
    return None


def require_enabled(key: Any) -> None:
    error = key_state_error(key)
    if error is not None:
        raise error


def refuse_pending_deletion(key: Any) -> None:
    """Management operations (rotation, grants) on a key waiting to be deleted: KMSInvalidStateException."""
    if key.key_state == "PendingDeletion":
        require_enabled(key)


def key_usage(key: Any) -> str:
    return key.key_usage or "ENCRYPT_DECRYPT"


def require_usage(key: Any, usage: str, operation: str) -> None:
    if key_usage(key) != usage:
        raise AWSError(
            "InvalidKeyUsageException",
            f"{key.arn} key usage is {key_usage(key)} which is not valid for {operation}.",
        )


def incompatible_algorithm(algorithm: str, key: Any) -> AWSError:
    return AWSError(
        "InvalidKeyUsageException", f"Algorithm {algorithm} is incompatible with key spec {key.key_spec}."
    )


def require_mac_algorithm(key: Any, algorithm: str) -> None:
    if MAC_SPECS.get(algorithm) != key.key_spec:
        raise incompatible_algorithm(algorithm, key)


def check_policy_name(name: str | None) -> None:
    """The only key policy is named "default" (PolicyName may be left out)."""
    if name is not None and name != "default":
        raise AWSError("NotFoundException", "No such policy exists")


def check_policy_document(policy: Any) -> None:
    """A key policy must be a JSON object; anything else is MalformedPolicyDocumentException."""
    if policy is None:
        return
    try:
        document = json.loads(policy)
    except (TypeError, ValueError):
        document = None
    if not isinstance(document, dict):
        raise AWSError(
            "MalformedPolicyDocumentException",
            "The policy is not valid JSON.",
        )


def check_tags(tags: Any) -> None:
    """CreateKey and TagResource: AWS's TagException for duplicate keys, more than 50 tags, and the
    reserved aws: prefix (any case)."""
    if not isinstance(tags, list):
        return
    keys = [str(tag.get("TagKey") or "") for tag in tags if isinstance(tag, dict)]
    if len(set(keys)) < len(keys):
        raise AWSError("TagException", "Duplicate tag keys")
    if len(keys) > 50:
        raise AWSError("TagException", "Too many tags")
    if any(key.lower().startswith("aws:") for key in keys):
        raise AWSError("TagException", "Tags beginning with aws: are reserved")


def check_tag_total(existing: dict[str, str], tags: Any) -> None:
    """The 50-tag quota counts the key's tags after the request (a new value for a key it has is no
    new tag); past it, the same TagException CreateKey answers for 51 tags."""
    if not isinstance(tags, list):
        return
    keys = set(existing) | {str(tag.get("TagKey") or "") for tag in tags if isinstance(tag, dict)}
    if len(keys) > 50:
        raise AWSError("TagException", "Too many tags")
