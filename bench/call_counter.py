"""`python -m bench.call_counter start`: the emulator's command line, plus a count of the Python function
calls (and builtin calls, as cProfile counts them) made by threads started while counting is on.

The bench turns counting on with SIGUSR1, opens a new connection (the server gives each connection its own
thread, which inherits the profile hook), makes its calls, closes it, and sends SIGUSR2: the count is then
written to the file named by BENCH_CALL_COUNT_FILE. Unlike CPU or wall time, the count does not move with
the machine's load. The hook slows the counted calls, so CPU and wall time are measured with it off.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

_count = 0


def _profile(frame: Any, event: str, arg: Any) -> None:
    global _count
    if event == "call" or event == "c_call":
        _count += 1


def _on(signum: int, frame: Any) -> None:
    global _count
    _count = 0
    threading.setprofile(_profile)


def _off(signum: int, frame: Any) -> None:
    threading.setprofile(None)  # type: ignore[arg-type]
    path = os.environ.get("BENCH_CALL_COUNT_FILE")
    if path:
        with open(path + ".tmp", "w") as out:
            out.write(str(_count))
        os.replace(path + ".tmp", path)


def main() -> int:
    signal.signal(signal.SIGUSR1, _on)
    signal.signal(signal.SIGUSR2, _off)
    from localstack.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
