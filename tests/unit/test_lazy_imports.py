"""Deferred modules (utils/lazy_imports.py): run once, on first attribute access, whichever thread."""

import builtins
import sys
import threading
from pathlib import Path

import pytest

from localstack.utils import lazy_imports


@pytest.fixture
def deferred_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    package = tmp_path / "ls_deferred_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "heavy.py").write_text(
        "import time\nRUNS = __import__('builtins').__dict__.setdefault('_ls_heavy_runs', [])\n"
        "RUNS.append(1)\ntime.sleep(0.05)\nVALUE = 42\n\ndef answer():\n    return VALUE\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = lazy_imports._DeferringFinder(frozenset({"ls_deferred_pkg.heavy"}))
    sys.meta_path.insert(0, finder)
    yield "ls_deferred_pkg.heavy"
    sys.meta_path.remove(finder)
    for name in ("ls_deferred_pkg.heavy", "ls_deferred_pkg"):
        sys.modules.pop(name, None)
    builtins.__dict__.pop("_ls_heavy_runs", None)


def test_module_runs_on_first_attribute_access(deferred_package: str) -> None:
    from ls_deferred_pkg import heavy  # type: ignore[import-not-found]

    assert "_ls_heavy_runs" not in builtins.__dict__
    import ls_deferred_pkg.heavy  # noqa: F401 - a second import statement does not run it either

    assert "_ls_heavy_runs" not in builtins.__dict__
    assert heavy.answer() == 42
    assert builtins.__dict__["_ls_heavy_runs"] == [1]
    assert type(heavy) is type(sys)


def test_threads_touching_it_at_once_see_it_whole_and_run_it_once(deferred_package: str) -> None:
    from ls_deferred_pkg import heavy

    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(heavy.VALUE)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 8
    assert builtins.__dict__["_ls_heavy_runs"] == [1]
