"""Corrections to moto's resourcegroupstaggingapi backend, applied before the backend is built."""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _last_page_token()


def _last_page_token() -> None:
    """GetResources' last page carries `PaginationToken: ""` (recorded); moto leaves it out, and
    callers that loop `while token:` after reading `response["PaginationToken"]` failed."""
    from moto.resourcegroupstaggingapi.responses import ResourceGroupsTaggingAPIResponse

    original = ResourceGroupsTaggingAPIResponse.get_resources

    def get_resources(self: Any) -> Any:
        answer = original(self)
        if isinstance(answer.result, dict) and answer.result.get("PaginationToken") is None:
            answer.result["PaginationToken"] = ""
        return answer

    ResourceGroupsTaggingAPIResponse.get_resources = get_resources
