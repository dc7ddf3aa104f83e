"""A listener for every service: counts calls per service and says the count in a response header."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from werkzeug.wrappers import Response

from localstack.extensions import ProxyListener

HEADER = "X-Example-Calls"


class CallCounter(ProxyListener):
    """Added to each service's chain; one instance per service, sharing one tally."""

    def __init__(self, service: str, tally: Tally) -> None:
        self.service = service
        self.tally = tally

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> bool:
        self.tally.add(self.service)
        return True  # pass the request on

    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Response) -> None:
        response.headers[HEADER] = str(self.tally.get(self.service))
        return None  # keep the (now annotated) response


class Tally:
    """Calls per service, safe across the emulator's request threads."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, service: str) -> None:
        with self._lock:
            self._counts[service] += 1

    def get(self, service: str) -> int:
        with self._lock:
            return self._counts[service]

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
