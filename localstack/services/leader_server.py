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

from localstack.services.generic_proxy import _BadRequest, _ConnectionHandler, _shutdown

LOG = logging.getLogger(__name__)

_ARM = select.EPOLLIN | select.EPOLLONESHOT if hasattr(select, "epoll") else 0
# A follower with nothing to do for this long ends (the threaded server's threads end with their
# connection; a burst of long requests must not leave its threads behind).
_FOLLOWER_IDLE = 1.0
# The watchdog sleeps until the next request once none came for this long.
_WATCH_QUIET = 1.0


class _Connection:
    __slots__ = ("sock", "fd", "handler")

    def __init__(self, sock: socket.socket, handler: _ConnectionHandler) -> None:
        self.sock = sock
        self.fd = sock.fileno()
        self.handler = handler

    def body_check(self, hand_on: Any) -> Any:
        def check(environ: dict) -> None:
            """Hand the lead on before the app reads a body that has not all arrived."""
            if "HTTP_TRANSFER_ENCODING" in environ:
                if not self.pending().endswith(b"0\r\n\r\n"):
                    hand_on()
                return
            length = environ.get("CONTENT_LENGTH")
            if length and length != "0" and len(self.pending()) < int(length):
                hand_on()

        return check

    def pending(self) -> bytes:
        """What the reader holds. The raw reader answers "no data" during the probe: no syscall."""
        rfile = self.handler.rfile
        raw = rfile.raw
        raw.probing = True
        try:
            return rfile.peek(1)
        except (OSError, ValueError):
            return b""
        finally:
            raw.probing = False

    def buffered(self) -> bool:
        """Whether request bytes already sit in the reader's buffer: a re-armed epoll would never
        report them."""
        return bool(self.pending())


class LeaderFollowerServer:
    """Serves one WSGI app on one port with a pool of threads, one of which leads at a time.

    Idle keep-alive connections wait in one epoll set (EPOLLONESHOT: a ready connection is reported
    once, to one thread). The leader takes a ready connection and serves its request itself, so a
    fast request needs no hand-off between threads (a thread per connection needs at least one GIL
    hand-off per request with several busy clients: bench/RESULTS.md). When the leader's request runs
    longer than `budget` seconds (a long poll, a Lambda invoke, a streamed body, a slow client), the
    watchdog thread makes a follower the leader, and the old leader
    finishes its request on its own, then becomes a follower. No request holds others up longer than
    about twice the budget.

    `idle_since` is shared with `_ConnectionHandler`: when each open connection went idle, 0.0 while it
    serves a request. Idle timeouts and the connection cap end a connection by shutting it down: the
    epoll then reports it, and the thread that serves it sees end of input and closes it, so a
    connection is only ever closed by the one thread that owns it.
    """

    def __init__(
        self, host: str, port: int, app: Any, idle_timeout: float, max_connections: int, budget: float = 0.005
    ) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections
        self.budget = budget
        self.idle_since: dict[socket.socket, float] = {}
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(128)
        except OSError:
            self.socket.close()
            raise
        self.socket.setblocking(False)
        self.server_address = self.socket.getsockname()
        self.server_port = self.server_address[1]
        self._listen_fd = self.socket.fileno()
        self._epoll = select.epoll()
        self._wake_fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._epoll.register(self._wake_fd, select.EPOLLIN)
        self._connections: dict[int, _Connection] = {}
        self._ready: collections.deque[_Connection] = collections.deque()
        self._lock = threading.Lock()
        self._turn = threading.Condition(self._lock)
        self._leader: threading.Thread | None = None
        self._followers = 0
        self._busy_since = 0.0
        self._served = 0
        self._next_sweep = time.monotonic() + self._sweep_every()
        self._stopping = False
        self._started = False
        self._watch = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    # -- the watchdog --

    def fileno(self) -> int:
        """The listening socket's: the emulator's acceptor waits on it with the other ports'."""
        return self._listen_fd

    def _handle_request_noblock(self) -> None:
        """Accept what is pending (the acceptor calls this when the listening socket is readable)."""
        self._accept()

    def serve_forever(self, poll_interval: float = 0.2) -> None:
        """Accept on this thread until `shutdown` (without the emulator's acceptor: tests, tools)."""
        self._stopped.clear()
        try:
            while not self._stopping:
                readable, _, _ = select.select([self.socket], [], [], poll_interval)
                if readable and not self._stopping:
                    self._accept()
        finally:
            self._stopped.set()

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
        while not self._stopping:
            connection = ready.popleft() if ready else self._wait_ready()
            if connection is None:
                continue
            self._busy_since = time.monotonic()
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

    def _serve(self, connection: _Connection) -> bool:
        """One request of the connection; True if it stays open for another."""
        handler = connection.handler
        try:
            return handler._handle_one()
        except _BadRequest as error:
            LOG.debug("http: bad request from %s: %s", handler.client_address, error)
            try:
                handler._send_simple(error.status)
            except OSError:
                pass
        except Exception as error:  # noqa: BLE001 - a broken connection ends only itself
            LOG.debug("http: connection %s ended: %r", handler.client_address, error)
        return False

    def _park(self, connection: _Connection, keep: bool) -> None:
        """Back into the epoll set until its next request, or closed."""
        if keep and not self._stopping:
            try:
                self._epoll.modify(connection.fd, _ARM)
                return
            except (OSError, ValueError):
                pass
        self._close(connection)

    def _close(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.pop(connection.fd, None)
            self.idle_since.pop(connection.sock, None)
            try:
                self._epoll.unregister(connection.fd)
            except (OSError, ValueError):
                pass
        try:
            connection.handler.finish()
            connection.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        connection.sock.close()

    # -- accepting and the cap (on the accepting thread), idle timeouts (on the leader's) --

    def _accept(self) -> None:
        while True:
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of file descriptors, say: the next accept retries
                LOG.warning("http: accept failed: %s", error)
                return
            self._admit(sock, address)

    def _admit(self, sock: socket.socket, address: Any) -> None:
        evicted = None
        with self._lock:
            if len(self.idle_since) >= self.max_connections:
                idle = [(since, conn) for conn, since in self.idle_since.items() if since > 0.0]
                if not idle:
                    LOG.warning("http: %d connections busy, refusing %s", len(self.idle_since), address)
                    refuse = True
                else:
                    evicted = min(idle, key=lambda entry: entry[0])[1]
                    del self.idle_since[evicted]
                    refuse = False
            else:
                refuse = False
            if not refuse:
                self.idle_since[sock] = time.monotonic()
        if refuse:
            _refuse(sock)
            return
        if evicted is not None:
            # Its thread (or the next leader, if it waits in the epoll) sees end of input and closes it.
            _shutdown(evicted)
        handler = _ConnectionHandler.__new__(_ConnectionHandler)
        handler.request = sock
        handler.client_address = address
        handler.server = self  # type: ignore[assignment]
        try:
            handler.setup()
        except OSError:
            with self._lock:
                self.idle_since.pop(sock, None)
            sock.close()
            return
        connection = _Connection(sock, handler)
        handler.before_app = connection.body_check(self._hand_on)
        if not self._started:
            self._start()
        with self._lock:
            self._connections[connection.fd] = connection
            self._epoll.register(connection.fd, _ARM)

    def _sweep_every(self) -> float:
        return self.idle_timeout if self.idle_timeout and self.idle_timeout > 0 else 3600.0

    def _sweep(self) -> None:
        """End the connections idle past the timeout; plan the next sweep at the next such deadline."""
        now = time.monotonic()
        every = self._sweep_every()
        expired = []
        next_sweep = now + every
        with self._lock:
            for sock, since in self.idle_since.items():
                if since <= 0.0:
                    continue
                if since + every <= now:
                    expired.append(sock)
                else:
                    next_sweep = min(next_sweep, since + every)
            for sock in expired:
                del self.idle_since[sock]
        self._next_sweep = next_sweep
        for sock in expired:
            _shutdown(sock)

    # -- stop --

    def forget(self, connection: socket.socket) -> None:
        with self._lock:
            self.idle_since.pop(connection, None)

    def shutdown(self) -> None:
        """Stop accepting (`serve_forever` returns), leading and following."""
        self._stop()
        self._stopped.wait()

    def _stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._turn.notify_all()
        self._watch.set()
        try:
            os.eventfd_write(self._wake_fd, 1)
        except OSError:
            pass

    def server_close(self) -> None:
        self._stop()
        self.socket.close()

    def close_connections(self) -> None:
        with self._lock:
            connections = list(self.idle_since)
        for connection in connections:
            _shutdown(connection)


def _refuse(sock: socket.socket) -> None:
    try:
        sock.sendall(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
            b"Connection: close\r\n\r\n"
        )
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    sock.close()
