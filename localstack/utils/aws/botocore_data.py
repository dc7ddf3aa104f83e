"""botocore's data files as the server keeps them: service models as plain dicts without their
documentation, and moto's per-service region lists computed once from endpoints.json, which is then
dropped."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

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


_files: dict[tuple[str, str], Any] = {}
_models: dict[tuple[str, str], Any] = {}
_data_lock = threading.RLock()


def data_file(service: str, type_name: str) -> Any:
    """A service's data file (service-2, paginators-1...) of its latest version, compact, without
    extras: loaded once per process and never changed, so every model made from it shares it."""
    key = (service, type_name)
    with _data_lock:
        data = _files.get(key)
        if data is None:
            loader = compact_loader()
            version = loader.determine_latest_version(service, type_name)
            name = os.path.join(service, version, type_name)
            data = _files[key] = _cached_load(loader, name)
    return data


# Parsing a model is most of its cost (S3's: 1.4 MB of gzipped JSON, ~11 ms of CPU to unzip and parse
# with the documentation left out): the compact result is kept in the user's cache directory in
# marshal's format, which loads in ~1.6 ms. Keyed by the source file's path, size and mtime and the
# interpreter's bytecode tag (marshal's format is the interpreter's): a new botocore, a changed
# model or another Python never reads a stale copy.
_CACHE_FORMAT = 1


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "localstack" / "botocore-models"


def _source_file(loader: Loader, name: str) -> str | None:
    """The file botocore's loader reads for `name` (the first search path that has it)."""
    for path in loader.search_paths:
        for suffix in (".json", ".json.gz"):
            candidate = os.path.join(path, name + suffix)
            if os.path.isfile(candidate):
                return candidate
    return None


def _cached_load(loader: Loader, name: str) -> Any:
    source = _source_file(loader, name)
    if source is None:
        return loader.load_data(name)
    try:
        stat = os.stat(source)
    except OSError:
        return loader.load_data(name)
    tag = f"{_CACHE_FORMAT}|{sys.implementation.cache_tag}|{source}|{stat.st_size}|{stat.st_mtime_ns}"
    cached = _cache_dir() / (hashlib.sha256(tag.encode()).hexdigest()[:32] + ".marshal")
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass  # not cached yet, or unreadable: parse it
    data = loader.load_data(name)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_bytes(marshal.dumps(data))
        os.replace(partial, cached)  # whole or absent, for other servers starting at once
    except (OSError, ValueError):
        pass  # a read-only home: parse it each time, as before
    return data


def with_extras(data: Any, extras: Iterable[Any]) -> Any:
    """`data` with botocore extras files' `merge` parts applied as botocore applies them, copying only
    the dicts they change: the rest stays shared with `data`."""
    for extra in extras:
        if "merge" in extra:
            data = _merged(data, extra["merge"])
    return data


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def service_data(service: str, type_name: str = "service-2") -> Any:
    """A service's model (or other data file) as botocore's own loader gives it, with botocore's SDK
    extras; made once per process. moto's models of the same file share all it does not change
    (moto_apps): S3's model alone is ~1.2 MB. Raises botocore's DataNotFoundError for an unknown one."""
    key = (service, type_name)
    with _data_lock:
        data = _models.get(key)
        if data is None:
            loader = compact_loader()
            version = loader.determine_latest_version(service, type_name)
            extras = loader._find_extras(service, type_name, version)
            data = _models[key] = with_extras(data_file(service, type_name), extras)
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
