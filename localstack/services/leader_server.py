"""The leader/follower HTTP server (GATEWAY_SERVER=leader): one thread serves ready connections inline,
a watchdog hands the lead to another thread when a request runs long."""

from __future__ import annotations

import collections
import logging
import os
import select
import socket
import threading
import time
from typing import Any

from localstack.services.epoll_connections import ARM, Connection, EpollConnections
from localstack.services.generic_proxy import _ConnectionHandler

LOG = logging.getLogger(__name__)

# A follower with nothing to do for this long ends (the threaded server's threads end with their
# connection; a burst of long requests must not leave its threads behind).
_FOLLOWER_IDLE = 1.0
# How long the leader waits for a body that follows its headers before handing the lead on, and
# the largest such body (a larger one takes more than one segment, and longer).
_BODY_WAIT_MS = 1
_BODY_WAIT_MAX = 65536
# The leader hands the lead on once ready connections have waited behind it this long.
_BEHIND = 0.001
# The watchdog sleeps until the next request once none came for this long.
_WATCH_QUIET = 1.0


class _Connection(Connection):
    __slots__ = ("poller",)

    def __init__(self, sock: socket.socket, handler: _ConnectionHandler) -> None:
        super().__init__(sock, handler)
        self.poller = select.poll()
        self.poller.register(self.fd, select.POLLIN)

    def body_check(self, hand_on: Any) -> Any:
        def check(environ: dict) -> None:
            """Hand the lead on before the app reads a body that has not all arrived."""
            if "HTTP_TRANSFER_ENCODING" in environ:
                if not self.pending().endswith(b"0\r\n\r\n"):
                    hand_on()
                return
            length = environ.get("CONTENT_LENGTH")
            if length and length != "0":
                missing = int(length) - len(self.pending())
                if missing > 0 and not self.arrives(missing):
                    hand_on()

        return check

    def arrives(self, missing: int) -> bool:
        """Whether `missing` more body bytes reach the socket within `_BODY_WAIT_MS`.

        A client sends its body with the send() after its headers' (http.client does), microseconds
        later: one poll() is cheaper than handing the lead on at every request with a body, and
        holds other clients up for at most a millisecond (a ready one already has its own thread).
        """
        if missing > _BODY_WAIT_MAX:
            return False
        try:
            if not self.poller.poll(_BODY_WAIT_MS):
                return False
            got = self.sock.recv(missing, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except OSError:
            return False
        return len(got) >= missing


class LeaderFollowerServer(EpollConnections):
    """Serves one WSGI app on one port with a pool of threads, one of which leads at a time.

    Idle keep-alive connections wait in one epoll set (EPOLLONESHOT: a ready connection is reported
    once, to one thread). The leader takes a ready connection and serves its request itself, so a
    fast request needs no hand-off between threads (a thread per connection needs at least one GIL
    hand-off per request with several busy clients: bench/RESULTS.md). When the leader's request runs
    longer than `budget` seconds (a long poll, a Lambda invoke, a streamed body, a slow client), the
    watchdog thread makes a follower the leader, and the old leader
    finishes its request on its own, then becomes a follower. No request holds others up longer than
    about twice the budget. The leader also hands the lead on before serving once ready connections have
    waited `_BEHIND` behind it: the active threads track the clients ready at once, as in the threaded
    server, while a lone client or a short burst is served inline. Accepting, the connection cap and
    idle timeouts: `EpollConnections`.
    """

    def __init__(
        self, host: str, port: int, app: Any, idle_timeout: float, max_connections: int, budget: float = 0.005
    ) -> None:
        super().__init__(host, port, app, idle_timeout, max_connections)
        self.budget = budget
        self._ready: collections.deque[_Connection] = collections.deque()
        self._turn = threading.Condition(self._lock)
        self._leader: threading.Thread | None = None
        self._followers = 0
        self._busy_since = 0.0
        self._served = 0
        self._started = False
        self._watch = threading.Event()

    # -- the watchdog --

    def _start(self) -> None:
        with self._lock:
            if self._started or self._stopping:
                return
            self._started = True
        threading.Thread(target=self._watchdog, name=f"http-{self.server_port}-watch", daemon=True).start()
        self._spawn()

    def _watchdog(self) -> None:
        """Tick every `budget` while requests come; sleep once none came for `_WATCH_QUIET` seconds.

        Not woken per request: a wake-up at each request would make the watchdog take the GIL from
        the leader mid-request, the very hand-off this server avoids.
        """
        served, quiet_since = -1, time.monotonic()
        while not self._stopping:
            time.sleep(self.budget)
            if self._busy_since:
                self._promote_if_stuck()
            if self._served != served:
                served, quiet_since = self._served, time.monotonic()
            elif not self._busy_since and time.monotonic() - quiet_since > _WATCH_QUIET:
                self._watch.clear()
                if self._served == served and not self._busy_since and not self._stopping:
                    self._watch.wait()
                quiet_since = time.monotonic()

    def _hand_on(self) -> None:
        """The leader is about to wait for its client: another thread leads from now."""
        with self._lock:
            if self._leader is not threading.current_thread() or self._stopping:
                return
            self._promote()

    def _promote_if_stuck(self) -> None:
        with self._lock:
            since = self._busy_since
            if self._stopping or not since or self._leader is None:
                return
            if time.monotonic() - since < self.budget:
                return
            self._promote()

    def _promote(self) -> None:
        """(Under the lock) the leader stops leading: a follower leads, or a new thread."""
        self._leader = None
        self._busy_since = 0.0
        if self._followers:
            self._turn.notify()
        else:
            # Started under the lock: it waits for it like any follower, then leads.
            self._spawn()

    def _spawn(self) -> None:
        try:
            threading.Thread(target=self._work, name=f"http-{self.server_port}", daemon=True).start()
        except RuntimeError as error:
            # No thread to spare: the demoted leader takes the lead back when its request ends.
            LOG.warning("http: cannot start a thread: %s", error)

    # -- the workers --

    def _work(self) -> None:
        me = threading.current_thread()
        while True:
            with self._lock:
                while self._leader is not None and not self._stopping:
                    self._followers += 1
                    woken = self._turn.wait(_FOLLOWER_IDLE)
                    self._followers -= 1
                    if not woken and self._leader is not None:
                        return
                if self._stopping:
                    return
                self._leader = me
            self._lead(me)

    def _lead(self, me: threading.Thread) -> None:
        """Serve ready connections until demoted or stopped."""
        ready = self._ready
        behind_since = time.monotonic()
        while not self._stopping:
            connection = ready.popleft() if ready else self._wait_ready()
            if connection is None:
                continue
            now = time.monotonic()
            if not ready:
                behind_since = now
            if ready and now - behind_since >= _BEHIND:
                # More clients ready than this thread keeps up with: another thread leads (and serves
                # the next one) while this one serves, so the active threads track the ready clients
                # and a loaded machine's scheduler gives the process as many shares as the threaded
                # server's. A lone client, or a short burst, is still served inline.
                self._hand_on()
            else:
                self._busy_since = now
            self._served += 1
            if not self._watch.is_set():
                self._watch.set()
            keep = self._serve(connection)
            with self._lock:
                leading = self._leader is me
                if leading:
                    self._busy_since = 0.0
            if not leading:
                # Another thread leads now: finish this connection's pipelined requests, then follow.
                while keep and connection.buffered():
                    keep = self._serve(connection)
                self._park(connection, keep)
                return
            if keep and connection.buffered():
                ready.append(connection)
            else:
                self._park(connection, keep)

    def _wait_ready(self) -> _Connection | None:
        timeout = max(0.0, self._next_sweep - time.monotonic())
        try:
            events = self._epoll.poll(timeout)
        except OSError:  # the epoll closed by stop
            return None
        connections = self._connections
        for fd, _ in events:
            if fd == self._wake_fd:
                try:
                    os.eventfd_read(self._wake_fd)
                except OSError:
                    pass
            else:
                connection = connections.get(fd)
                if connection is not None:
                    self._ready.append(connection)
        if time.monotonic() >= self._next_sweep:
            self._sweep()
        return self._ready.popleft() if self._ready else None

    def _park(self, connection: _Connection, keep: bool) -> None:
        """Back into the epoll set until its next request, or closed."""
        if keep and not self._stopping:
            try:
                self._epoll.modify(connection.fd, ARM)
                return
            except (OSError, ValueError):
                pass
        self._close(connection)

    # -- admitting (on the accepting thread) --

    def _connection(self, sock: socket.socket, handler: _ConnectionHandler) -> Connection:
        connection = _Connection(sock, handler)
        handler.before_app = connection.body_check(self._hand_on)
        return connection

    def _admitted(self) -> None:
        if not self._started:
            self._start()

    # -- stop --

    def _stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._turn.notify_all()
        self._watch.set()
        self._wake()
