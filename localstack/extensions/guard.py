"""An extension's listener in our chain, kept from breaking it: a hook that raises or returns
something outside the listener contract is logged and skipped, and a slow one is named in the log."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from werkzeug.wrappers import Response

from localstack.extensions.api import describe
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request

LOG = logging.getLogger(__name__)

# A hook slower than this holds up every request to its service: say so (once per listener).
SLOW_HOOK_SECONDS = 1.0
# After the first traceback of a failing hook, one line every this many failures.
_REPEAT_EVERY = 100


class GuardedListener(ProxyListener):
    """Runs `listener` on behalf of extension `extension`.

    `AWSError` passes through on purpose (it is how a listener answers with an AWS error); any
    other exception, and any return value outside the contract, counts as `True` (forward) or
    `None` (keep the response), so a broken extension cannot take a service down with it. The
    first failure of each hook is logged in full, then one line every hundred.
    """

    def __init__(self, extension: str, listener: ProxyListener) -> None:
        self.extension = extension
        self.listener = listener
        self.failures = {"forward_request": 0, "return_response": 0}
        self._warned_slow = False
        self._lock = threading.Lock()

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        started = time.perf_counter()
        try:
            result = self.listener.forward_request(method, path, data, headers)
        except AWSError:
            raise
        except Exception:
            self._failed("forward_request", None)
            return True
        finally:
            self._check_time("forward_request", started)
        if result is True or (
            isinstance(result, (int, Response, Request, dict)) and not isinstance(result, bool)
        ):
            return result
        self._failed(
            "forward_request", f"returned {result!r}, not True, an int, a Response, a Request or a dict"
        )
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        started = time.perf_counter()
        try:
            result = self.listener.return_response(method, path, data, headers, response)
        except AWSError:
            raise
        except Exception:
            self._failed("return_response", None)
            return None
        finally:
            self._check_time("return_response", started)
        if result is None or isinstance(result, Response):
            return result
        self._failed("return_response", f"returned a {describe(result)}, not None or a Response")
        return None

    def _failed(self, hook: str, problem: str | None) -> None:
        with self._lock:
            self.failures[hook] += 1
            count = self.failures[hook]
        where = f"extension {self.extension}: {describe(self.listener)}.{hook}"
        if count == 1:
            if problem is None:
                LOG.exception("%s failed; the request goes on without it", where)
            else:
                LOG.error("%s %s; the request goes on without it", where, problem)
        elif count % _REPEAT_EVERY == 0:
            LOG.error("%s has failed %d times", where, count)

    def _check_time(self, hook: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        if elapsed > SLOW_HOOK_SECONDS and not self._warned_slow:
            self._warned_slow = True
            LOG.warning(
                "extension %s: %s.%s took %.1f s; listeners must not block the chain (hand slow work "
                "to a thread of your own)",
                self.extension,
                describe(self.listener),
                hook,
                elapsed,
            )
