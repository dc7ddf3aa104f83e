"""werkzeug's package module as the server imports it: the four names werkzeug's own `__init__` binds,
each imported from its submodule on first use.

werkzeug's `__init__` imports its development server (`werkzeug.serving`, with http.server) and its
test client (`werkzeug.test`) to bind `run_simple` and `Client`; the server uses neither (it has its
own HTTP server), yet every `from werkzeug.wrappers import ...` runs that `__init__` first. Installed by
`lazy_imports.install()` before werkzeug is first imported; this file then runs under the name
`werkzeug` with werkzeug's own directory as its path, so every submodule imports as usual.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> the submodule werkzeug's `__init__` imports it from.
_FROM = {
    "run_simple": "werkzeug.serving",
    "Client": "werkzeug.test",
    "Request": "werkzeug.wrappers",
    "Response": "werkzeug.wrappers",
}


def __getattr__(name: str) -> Any:
    """A name of werkzeug's package, imported from its submodule on first read. (Submodules are bound
    by the import system as they are imported, so a read of one that was not imported misses here
    and the import system imports it, as with werkzeug's own package.)"""
    source = _FROM.get(name)
    if source is None:
        raise AttributeError(f"module 'werkzeug' has no attribute {name!r}")
    value = getattr(importlib.import_module(source), name)
    globals()[name] = value
    return value
