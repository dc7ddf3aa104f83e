"""The shared-epoll HTTP server (GATEWAY_SERVER=pool): every idle thread of a bounded pool waits in one
epoll set, and the thread that gets a ready connection serves its request itself."""

from __future__ import annotations

import ctypes
import io
import logging
import platform
import select
import socket
import struct
import threading
import time
from typing import Any

from localstack.services.epoll_connections import ARM, Connection, EpollConnections
from localstack.services.generic_proxy import _ConnectionHandler, _SocketReader
from localstack.utils.threads import WorkerPool

LOG = logging.getLogger(__name__)

# A waiting thread with no connection for this long ends, unless it is the last one waiting (the
# threaded server's threads end with their connection; a burst must not leave its threads behind).
_SPARE_IDLE = 2.0


class SharedEpollServer(EpollConnections):
    """Serves one WSGI app on one port from a pool of threads that all wait in one epoll set.

    Idle keep-alive connections are registered EPOLLIN|EPOLLONESHOT, and each idle thread waits in
    `epoll_wait(maxevents=1)`: the kernel wakes one waiter per ready connection and reports the
    connection to that thread only, which serves the request (and any pipelined after it) inline, then
    re-arms it. There is no leader, no watchdog and no condition variable on the request path: a
    thread held up by a long request (a long poll, a Lambda invoke, a slow body, an SSE stream) or
    preempted by the machine's scheduler holds up only its own connection, because the threads still
    waiting take the next ready ones. The thread that takes the last waiter's place starts a spare,
    so one thread always waits while fewer than `max_connections` are busy (the pool is bounded by
    the connection cap plus one, as the threaded server's thread per connection is).

    Between taking a ready connection and sending its answer, the thread releases the GIL nowhere:
    the request's first read (its bytes are in the socket) and the re-arm call libc with the GIL held.
    Each release is a chance for one of the other woken threads to take the GIL for a whole request
    while this one waits (with 8 busy clients, 5,240 -> 5,900 requests/s; bench/RESULTS.md).
    Accepting, the connection cap and idle timeouts: `EpollConnections`.
    """

    def __init__(self, host: str, port: int, app: Any, idle_timeout: float, max_connections: int) -> None:
        super().__init__(host, port, app, idle_timeout, max_connections)
        # The wake-up eventfd is level-triggered and never read: once written (at stop) it wakes every
        # waiter, one after the other (the kernel wakes the next waiter while the event stays ready).
        self._count_lock = threading.Lock()
        self._sweep_lock = threading.Lock()
        # One item per thread in epoll_wait; append and pop are atomic, so counting costs no lock.
        self._waiters: list[None] = []
        # One item per thread holding a connection.
        self._busy: list[None] = []
        self._threads = 0
        self._max_threads = max(2, max_connections + 1)
        self._rearm = _holding_gil_rearm(self._epoll) if _LIBC is not None else self._modify
        self._pool = WorkerPool(self._max_threads, f"http-{self.server_port}")

    # -- the pool --

    def _add_thread(self) -> None:
        with self._count_lock:
            if self._threads >= self._max_threads or self._stopping:
                return
            self._threads += 1
        try:
            self._pool.submit(self._work)
        except RuntimeError as error:  # shut down, or no thread to spare: the busy ones come back
            with self._count_lock:
                self._threads -= 1
            if not self._stopping:
                LOG.warning("http: cannot start a thread: %s", error)

    def _work(self) -> None:
        """Wait for a ready connection, serve it, re-arm it; end when idle and not the last waiter."""
        epoll = self._epoll
        connections = self._connections
        waiters = self._waiters
        busy = self._busy
        rearm = self._rearm
        take_ready = _holding_gil_take(epoll) if _LIBC is not None else None
        idle_until = time.monotonic() + _SPARE_IDLE
        fd = -1
        try:
            while not self._stopping:
                if fd < 0:
                    timeout = max(0.0, min(self._next_sweep, idle_until) - time.monotonic())
                    waiters.append(None)
                    try:
                        events = epoll.poll(timeout, 1)
                    except (OSError, ValueError):  # the epoll closed by stop
                        events = None
                    waiters.pop()
                    if events is None or self._stopping:
                        return
                    if not events:
                        now = time.monotonic()
                        self._sweep_if_due(now)
                        if now >= idle_until:
                            if waiters:
                                return
                            idle_until = now + _SPARE_IDLE
                        continue
                    fd = events[0][0]
                connection = connections.get(fd)
                fd = -1
                if connection is None:
                    continue
                busy.append(None)
                if len(busy) >= self._threads:
                    # Every thread holds a connection: a spare waits while this one serves, so a
                    # long request or a preempted thread holds up only its own connection. (A
                    # thread between its answer and the epoll counts as free: it is on its way.)
                    self._add_thread()
                connection.handler.rfile.raw.ready = True
                keep = self._serve(connection)
                while keep and connection.buffered() and not self._stopping:
                    keep = self._serve(connection)
                if not (keep and not self._stopping and rearm(connection.fd, ARM)):
                    self._close(connection)
                busy.pop()
                now = time.monotonic()
                idle_until = now + _SPARE_IDLE
                self._sweep_if_due(now)
                if take_ready is not None:
                    # A connection that became ready while this thread served, and that no waiting
                    # thread has taken yet (a woken thread takes it only once it runs): served
                    # here without a hand-off. The woken thread finds nothing and sleeps on in the
                    # kernel, without the GIL.
                    fd = take_ready()
        finally:
            with self._count_lock:
                self._threads -= 1

    def _modify(self, fd: int, events: int) -> bool:
        try:
            self._epoll.modify(fd, events)
        except (OSError, ValueError):
            return False
        return True

    # -- admitting (on the accepting thread) --

    def _connection(self, sock: socket.socket, handler: _ConnectionHandler) -> Connection:
        if _LIBC is not None:
            handler.rfile = io.BufferedReader(_ReadyReader(sock), handler.rbufsize)
        return Connection(sock, handler)

    def _admitted(self) -> None:
        if not self._threads:
            self._add_thread()

    # -- idle timeouts (on a waiting thread) --

    def _sweep_if_due(self, now: float) -> None:
        if now >= self._next_sweep and self._sweep_lock.acquire(blocking=False):
            try:
                self._sweep()
            finally:
                self._sweep_lock.release()

    # -- stop --

    def _stop(self) -> None:
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
        self._wake()
        # The waiting threads return at the wake-up, the busy ones after their request.
        self._pool.shutdown(wait=False)


def _libc() -> Any:
    """libc's functions called with the GIL held (`ctypes.PyDLL`), or None off Linux."""
    if not hasattr(select, "epoll"):
        return None
    try:
        libc = ctypes.PyDLL(None, use_errno=True)
        libc.recv.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
        libc.recv.restype = ctypes.c_ssize_t
        libc.epoll_ctl.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_char_p)
        libc.epoll_ctl.restype = ctypes.c_int
        libc.epoll_wait.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_int)
        libc.epoll_wait.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()
# struct epoll_event: packed on x86-64 only.
_EVENT = "=IQ" if platform.machine() in ("x86_64", "AMD64") else "=I4xQ"
_EPOLL_CTL_MOD = 3


def _holding_gil_rearm(epoll: Any) -> Any:
    """EPOLL_CTL_MOD without releasing the GIL (select.epoll.modify releases it): a release is a
    chance for a waiting thread to take the GIL, and this thread would then wait out that thread's
    whole request before it could go back to waiting (bench/RESULTS.md, the shared-epoll server)."""
    ctl = _LIBC.epoll_ctl
    epfd = epoll.fileno()
    pack = struct.pack
    layout = _EVENT

    def rearm(fd: int, events: int) -> bool:
        return ctl(epfd, _EPOLL_CTL_MOD, fd, pack(layout, events, fd)) == 0

    return rearm


def _holding_gil_take(epoll: Any) -> Any:
    """epoll_wait(timeout 0, one event) without releasing the GIL: the fd of a ready connection, or -1."""
    wait = _LIBC.epoll_wait
    epfd = epoll.fileno()
    event = ctypes.create_string_buffer(16)
    unpack = struct.Struct(_EVENT).unpack_from

    def take() -> int:
        if wait(epfd, event, 1, 0) != 1:
            return -1
        return unpack(event)[1] & 0xFFFFFFFF

    return take


class _ReadyReader(_SocketReader):
    """The raw reader of a connection the epoll reported ready: its first read takes what is there
    without releasing the GIL (the bytes are in the socket; a release here would let another thread
    take the GIL for its whole request first). Any later read, or an empty socket, blocks as usual."""

    ready = False

    def __init__(self, connection: socket.socket) -> None:
        super().__init__(connection)
        self._fd = connection.fileno()

    def readinto(self, buffer: Any) -> int | None:
        if self.ready and not self.probing:
            self.ready = False
            size = len(buffer)
            got = _LIBC.recv(self._fd, (ctypes.c_char * size).from_buffer(buffer), size, socket.MSG_DONTWAIT)
            if got >= 0:
                return got
        return super().readinto(buffer)
