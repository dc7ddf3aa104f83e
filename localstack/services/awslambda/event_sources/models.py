"""What we keep beside moto's mappings: state transitions, stream checkpoints, last processing results."""

from __future__ import annotations

from localstack.utils.aws.stores import AccountRegionStore, RegionStore


class MappingStates(RegionStore):
    def __init__(self) -> None:
        # uuid -> "Creating" | "Enabling" | "Disabling" | "Updating" until the pollers have caught up.
        self.transitions: dict[str, str] = {}
        # uuid -> shard id -> sequence number of the last record handled (resumed after re-enabling).
        self.checkpoints: dict[str, dict[str, str]] = {}
        # uuid -> shard id -> iterator taken when a LATEST mapping was created (records after that moment).
        self.start_iterators: dict[str, dict[str, str]] = {}
        # uuid -> LastProcessingResult of a stream mapping.
        self.last_results: dict[str, str] = {}

    def forget(self, uuid: str) -> None:
        for table in (self.transitions, self.checkpoints, self.start_iterators, self.last_results):
            table.pop(uuid, None)


mapping_states: AccountRegionStore[MappingStates] = AccountRegionStore(MappingStates)
