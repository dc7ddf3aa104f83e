"""Registers the kms service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import order_enums

# Enum value sets AWS lists in an order of its own (recorded against AWS, 2023). Its CreateKey KeySpec
# list was recorded with 12 values; the set has grown since, so the model's order stays for it.
ENUM_ORDERS = {"MacAlgorithmSpec": ("HMAC_SHA_384", "HMAC_SHA_256", "HMAC_SHA_224", "HMAC_SHA_512")}


def service() -> ServiceSpec:
    order_enums("kms", ENUM_ORDERS)
    return ServiceSpec(
        "kms", listeners=deferred(f"{__package__}.kms_listener:KmsListener"), patches=f"{__package__}.patches"
    )
