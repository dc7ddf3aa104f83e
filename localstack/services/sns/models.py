"""Our own SNS state beside moto's: pending confirmations, FIFO deduplication and ordering, and the
messages kept for email, SMS and platform endpoints (read at GET /_localstack/sns/messages)."""

from __future__ import annotations

import collections
from typing import Any

from localstack.utils.aws.stores import AccountRegionStore, RegionStore

# How many kept messages (email, SMS, platform endpoints) each account and region remembers.
MAX_KEPT_MESSAGES = 10_000


class SnsRegionStore(RegionStore):
    def __init__(self) -> None:
        # Token -> subscription ARN of subscriptions that wait for ConfirmSubscription.
        self.pending_tokens: dict[str, str] = {}
        # (topic ARN, deduplication id) -> time seen, for the 5-minute FIFO deduplication window.
        self.fifo_dedup: dict[tuple[str, str | None, str], float] = {}
        # Topic ARN -> messages waiting for in-order delivery, and the topics being drained.
        self.fifo_lanes: dict[str, collections.deque] = {}
        self.fifo_draining: set[str] = set()
        self.kept_messages: collections.deque[dict[str, Any]] = collections.deque(maxlen=MAX_KEPT_MESSAGES)
        # SMS sandbox destination number -> {"status": Pending|Verified, "otp": the code sent to it}.
        self.sandbox_numbers: dict[str, dict[str, str]] = {}


sns_stores: AccountRegionStore[SnsRegionStore] = AccountRegionStore(SnsRegionStore)


def store_for_arn(arn: str) -> SnsRegionStore:
    """The store of the account and region an ARN names."""
    parts = arn.split(":")
    return sns_stores[parts[4]][parts[3]]
