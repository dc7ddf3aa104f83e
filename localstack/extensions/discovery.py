"""Finds the extensions to load: `EXTENSIONS=pkg.module:Class,...` and the `localstack.extensions`
entry points of installed packages.

`importlib.metadata` costs about 30 ms to import and 5-12 ms to list entry points, more than a
tenth of our start-up, and nothing else imports it. So installed packages are first scanned
directly: one directory listing per `sys.path` entry and a read of each `entry_points.txt`
(about 1.5 ms for 170 packages). Only when one of those files declares the group does
`importlib.metadata` read them properly.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Iterable, NamedTuple

if TYPE_CHECKING:
    from localstack.config import Config

ENTRY_POINT_GROUP = "localstack.extensions"
# Lists every configured extension, loaded or failed (`{"extensions": []}` when there are none).
LIST_PATH = "/_localstack/extensions"
_GROUP_HEADER = f"[{ENTRY_POINT_GROUP}]".encode()


class ExtensionRef(NamedTuple):
    """Where an extension comes from: `value` is `module:attribute`."""

    value: str
    origin: str
    entry_point: str | None = None


def configured(config: Config) -> list[ExtensionRef]:
    """Every extension to load: those EXTENSIONS names, in its order, then the entry points
    (unless EXTENSIONS_AUTOLOAD=0) by name, each once. A failure to list the entry points is
    logged, never fatal."""
    refs = parse_extensions(config.extensions)
    if config.extensions_autoload:
        named = {ref.value for ref in refs}
        try:
            found = find_entry_points()
        except Exception:
            import logging

            logging.getLogger(__name__).exception("Cannot list the %s entry points", ENTRY_POINT_GROUP)
            found = []
        refs.extend(ref for ref in found if ref.value not in named)
    return refs


class ExtensionSpecError(ValueError):
    """An `EXTENSIONS` item that is not `module:attribute`."""


def parse_extensions(raw: Iterable[str]) -> list[ExtensionRef]:
    """The items of `EXTENSIONS`, in their order, each once."""
    refs: list[ExtensionRef] = []
    seen: set[str] = set()
    for item in raw:
        value = item.strip()
        if not value or value in seen:
            continue
        seen.add(value)
        refs.append(ExtensionRef(value, "EXTENSIONS"))
    return refs


def check_value(value: str) -> tuple[str, str]:
    """(module, attribute path) of `pkg.module:Class`; raise ExtensionSpecError otherwise."""
    module, sep, attribute = value.partition(":")
    names = [*module.split("."), *attribute.split(".")]
    if not sep or not all(name.isidentifier() for name in names):
        raise ExtensionSpecError(f"{value!r} is not of the form package.module:Class")
    return module, attribute


def may_declare_entry_points(paths: Iterable[str] | None = None) -> bool:
    """Whether any installed distribution on `paths` (default `sys.path`) declares the group.

    False is certain for directories; a zip archive on the path cannot be scanned cheaply and
    counts as a maybe.
    """
    for entry in sys.path if paths is None else paths:
        try:
            listing = os.scandir(entry or ".")
        except NotADirectoryError:
            return True
        except OSError:
            continue
        with listing:
            for item in listing:
                if item.name.endswith((".dist-info", ".egg-info")) and _declares(item.path):
                    return True
    return False


def _declares(metadata_dir: str) -> bool:
    try:
        with open(os.path.join(metadata_dir, "entry_points.txt"), "rb") as handle:
            return _GROUP_HEADER in handle.read()
    except OSError:
        return False


def find_entry_points(paths: list[str] | None = None) -> list[ExtensionRef]:
    """The group's entry points, sorted by name (the first distribution on the path wins a name)."""
    if not may_declare_entry_points(paths):
        return []
    import importlib.metadata

    if paths is None:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    else:
        found = [
            entry
            for dist in importlib.metadata.distributions(path=paths)
            for entry in dist.entry_points
            if entry.group == ENTRY_POINT_GROUP
        ]
    refs: dict[str, ExtensionRef] = {}
    for entry in found:
        dist = getattr(entry, "dist", None)
        where = f" of {dist.metadata['Name']}" if dist is not None else ""
        refs.setdefault(entry.name, ExtensionRef(entry.value, f"entry point {entry.name}{where}", entry.name))
    return [refs[name] for name in sorted(refs)]


def load_object(value: str) -> object:
    """Import `module` and follow the attribute path of `module:Class.attr`."""
    module_name, attribute = check_value(value)
    target: object = importlib.import_module(module_name)
    for name in attribute.split("."):
        target = getattr(target, name)
    return target
