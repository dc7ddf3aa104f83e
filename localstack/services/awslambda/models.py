"""Our own lambda state: resolved function specs cached per account and region (moto holds the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from localstack.utils.aws.stores import AccountRegionStore, RegionStore

if TYPE_CHECKING:
    from localstack.services.awslambda.functions import FunctionSpec


class LambdaRegionStore(RegionStore):
    def __init__(self) -> None:
        # (function name or ARN as sent, qualifier) -> the spec moto's records resolved to; cleared by
        # every Lambda API call that changes something in this account and region.
        self.specs: dict[tuple[str, str | None], FunctionSpec] = {}


lambda_stores: AccountRegionStore[LambdaRegionStore] = AccountRegionStore(LambdaRegionStore)
