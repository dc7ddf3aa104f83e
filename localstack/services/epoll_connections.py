"""Keep-alive connections in one epoll set: the listening socket, accepting, the connection cap, idle
timeouts and stop, shared by the epoll servers (GATEWAY_SERVER=leader and pool)."""

from __future__ import annotations

import logging
import os
import select
import socket
import threading
import time
from typing import Any

from localstack.services.generic_proxy import _BadRequest, _ConnectionHandler, _shutdown

LOG = logging.getLogger(__name__)

# A served connection goes back into the set for one report of its next request, to one thread.
ARM = select.EPOLLIN | select.EPOLLONESHOT if hasattr(select, "epoll") else 0


class Connection:
    """One accepted connection and its request handler."""

    __slots__ = ("sock", "fd", "handler")

    def __init__(self, sock: socket.socket, handler: _ConnectionHandler) -> None:
        self.sock = sock
        self.fd = sock.fileno()
        self.handler = handler

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
        """Whether request bytes already sit in the reader's buffer (pipelined): a re-armed epoll
        would never report them."""
        return bool(self.pending())


class EpollConnections:
    """The part of an epoll server that does not depend on how threads take ready connections.

    `idle_since` is shared with `_ConnectionHandler`: when each open connection went idle, 0.0 while it
    serves a request. Idle timeouts and the connection cap end a connection by shutting it down: the
    epoll then reports it, and the thread that serves it sees end of input and closes it, so a
    connection is only ever closed by the one thread that owns it.

    A subclass makes the connection object (`_connection`), starts its threads (`_admitted`), takes
    ready connections from `_epoll` and ends them with `_serve`, `_close` and `_sweep`, and stops its
    threads in `_stop`.
    """

    def __init__(self, host: str, port: int, app: Any, idle_timeout: float, max_connections: int) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections
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
        # Written at stop to wake the threads waiting in the epoll.
        self._wake_fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._epoll.register(self._wake_fd, select.EPOLLIN)
        self._connections: dict[int, Connection] = {}
        self._lock = threading.Lock()
        self._next_sweep = time.monotonic() + self._sweep_every()
        self._stopping = False
        self._stopped = threading.Event()
        self._stopped.set()

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

    # -- serving and closing (on the thread that owns the connection) --

    def _serve(self, connection: Connection) -> bool:
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

    def _close(self, connection: Connection) -> None:
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

    # -- accepting and the cap (on the accepting thread) --

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
        refuse = False
        with self._lock:
            if len(self.idle_since) >= self.max_connections:
                idle = [(since, conn) for conn, since in self.idle_since.items() if since > 0.0]
                if idle:
                    evicted = min(idle, key=lambda entry: entry[0])[1]
                    del self.idle_since[evicted]
                else:
                    LOG.warning("http: %d connections busy, refusing %s", len(self.idle_since), address)
                    refuse = True
            if not refuse:
                self.idle_since[sock] = time.monotonic()
        if refuse:
            _refuse(sock)
            return
        if evicted is not None:
            # The thread that serves it next (it waits in the epoll, or is just being answered)
            # sees end of input and closes it.
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
        connection = self._connection(sock, handler)
        self._admitted()
        with self._lock:
            if self._stopping:
                self.idle_since.pop(sock, None)
                sock.close()
                return
            self._connections[connection.fd] = connection
            self._epoll.register(connection.fd, ARM)

    def _connection(self, sock: socket.socket, handler: _ConnectionHandler) -> Connection:
        return Connection(sock, handler)

    def _admitted(self) -> None:
        """A connection is about to join the set: start the threads that will serve it."""

    # -- idle timeouts (on a thread that waits in the epoll) --

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
        """Stop accepting (`serve_forever` returns) and serving."""
        self._stop()
        self._stopped.wait()

    def _stop(self) -> None:
        raise NotImplementedError

    def _wake(self) -> None:
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
