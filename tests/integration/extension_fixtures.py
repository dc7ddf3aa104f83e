"""Extensions that go wrong, loaded by name (EXTENSIONS) into the emulator of test_extensions.py."""

from __future__ import annotations

import os

from localstack.extensions import Extension, ProxyListener, Service


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
