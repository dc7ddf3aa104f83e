"""Our own kms state: pending key-material imports (GetParametersForImport's wrapping key, by import
token), keyed by account and region; moto's backend holds the keys themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from localstack.utils.aws.stores import AccountRegionStore, RegionStore


@dataclass
class PendingImport:
    """What GetParametersForImport handed out: the key it is for, the wrapping algorithm and the
    private half of the wrapping key, and until when it may be used (epoch seconds)."""

    key_id: str
    wrapping_algorithm: str
    wrapping_key: Any
    valid_to: float


class KmsStore(RegionStore):
    def __init__(self) -> None:
        self.imports: dict[str, PendingImport] = {}


kms_stores = AccountRegionStore(KmsStore)
