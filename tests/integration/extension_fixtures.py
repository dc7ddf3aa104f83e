"""Extensions that go wrong, loaded by name (EXTENSIONS) into the emulator of test_extensions.py."""

from __future__ import annotations

import os
import queue
import threading

from localstack.extensions import Extension, ProxyListener, Route, Service, start_worker


class FailsToLoad(Extension):
    name = "fails-to-load"

    def on_load(self, config):
        raise RuntimeError("this extension needs a licence key")


class RaisingListener(ProxyListener):
    def forward_request(self, method, path, data, headers):
        raise KeyError("a bug in an extension")

    def return_response(self, method, path, data, headers, response):
        return "not a response"


class BrokenListener(Extension):
    name = "broken-listener"

    def listeners(self):
        return {"sqs": RaisingListener()}


class NotesMirror(Extension):
    """A service whose backend is an HTTP URL: the example's notes service on its own port."""

    name = "mirror"

    def services(self):
        url = f"http://127.0.0.1:{os.environ['NOTES_PORT']}"
        return [Service("notes-mirror", url, target_prefixes=("Mirror_20240101",))]


class Worker(Extension):
    """Slow work off the chain: a listener queues each SQS call's path, a worker thread the
    emulator owns handles it, and a route shows what it handled."""

    name = "worker"

    def __init__(self):
        self.pending: queue.Queue[str] = queue.Queue()
        self.handled: list[str] = []

    def listeners(self):
        pending = self.pending

        class Enqueue(ProxyListener):
            def forward_request(self, method, path, data, headers):
                pending.put(headers.get("X-Amz-Target") or path)
                return True

        return {"sqs": Enqueue()}

    def routes(self):
        return [Route("/handled", lambda request: {"handled": self.handled})]

    def on_ready(self):
        start_worker("worker", self.work)

    def work(self, stopped: threading.Event) -> None:
        while not stopped.is_set():
            try:
                self.handled.append(self.pending.get(timeout=0.1))
            except queue.Empty:
                continue
