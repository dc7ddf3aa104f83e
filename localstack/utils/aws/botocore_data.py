"""botocore's data files as the server keeps them: service models as plain dicts without their
documentation, and moto's per-service region lists computed once from endpoints.json, which is then
dropped."""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Callable

from botocore.loaders import JSONFileLoader, Loader

# Prose for documentation generators: half of a model's memory, never read by a server.
_DOC_KEYS = frozenset({"documentation", "documentationUrl"})


def _without_docs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Kept as "" rather than dropped: botocore's clients read some (`clientContextParams`) by key.
    # Only string values are documentation; a member may be *named* "documentation" (a dict).
    return {key: "" if key in _DOC_KEYS and isinstance(value, str) else value for key, value in pairs}


class CompactJSONFileLoader(JSONFileLoader):
    """botocore's JSON file loader, building plain dicts (botocore builds OrderedDicts, ~40% larger)
    and leaving the documentation text out."""

    def _load_file(self, full_path: str, open_method: Callable) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as file:
            payload = file.read().decode("utf-8")
        return json.loads(payload, object_pairs_hook=_without_docs)


def compact_loader(extra_search_paths: list[str] | None = None) -> Loader:
    """A botocore loader of compact models (moto's own loader class when it has extras to merge)."""
    return Loader(extra_search_paths=extra_search_paths, file_loader=CompactJSONFileLoader())


_service_data: dict[tuple[str, str], Any] = {}
_service_data_lock = threading.Lock()


def service_data(service: str, type_name: str = "service-2") -> Any:
    """A service's compact model (or other data file, e.g. paginators-1), loaded once per process and
    shared: the request checks and moto's serializers read the same file, and neither changes it
    (~1.2 MB for S3's model alone). Raises botocore's DataNotFoundError for an unknown service."""
    key = (service, type_name)
    data = _service_data.get(key)
    if data is None:
        with _service_data_lock:
            data = _service_data.get(key)
            if data is None:
                data = _service_data[key] = compact_loader().load_service_model(service, type_name)
    return data


_regions_table: str | None = None
_regions: dict[str, tuple[str, ...]] = {}
_regions_lock = threading.Lock()


def _build_regions_table() -> str:
    """One line per partition and endpoint prefix: `prefix<TAB>region,region,...`, the regional
    endpoints `Session.get_available_regions(service, partition)` lists, in endpoints.json's order.

    A boto3 session keeps endpoints.json (6.7 MB of objects) for its whole life only to answer that.
    The table is one string, made before anything else is kept: small objects made while the parsed
    file is alive would pin its memory pages after it is freed (measured: +7 MB RSS, against +1.5 MB).
    """
    data = Loader(file_loader=CompactJSONFileLoader()).load_data("endpoints")
    lines = []
    for partition in data["partitions"]:
        regional = partition["regions"]
        for prefix, service in partition["services"].items():
            regions = ",".join(name for name in service["endpoints"] if name in regional)
            lines.append(f"{prefix}\t{regions}")
    return "\n" + "\n".join(lines) + "\n"


def available_regions(endpoint_prefix: str) -> list[str]:
    """Every partition's regions of a service's endpoint prefix (as moto's backends list them)."""
    global _regions_table
    with _regions_lock:
        regions = _regions.get(endpoint_prefix)
        if regions is None:
            if _regions_table is None:
                _regions_table = _build_regions_table()
            found: list[str] = []
            start = _regions_table.find(f"\n{endpoint_prefix}\t")
            while start != -1:
                line_start = start + len(endpoint_prefix) + 2
                line = _regions_table[line_start : _regions_table.index("\n", line_start)]
                found.extend(name for name in line.split(",") if name)
                start = _regions_table.find(f"\n{endpoint_prefix}\t", line_start)
            regions = _regions[endpoint_prefix] = tuple(found)
    return list(regions)
