"""Extensions that go wrong, loaded by name (EXTENSIONS) into the emulator of test_extensions.py."""

from __future__ import annotations

from localstack.extensions import Extension, ProxyListener


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
