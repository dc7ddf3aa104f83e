"""DeferredListener: the listener is made on the first hook call, once, and answers every hook."""

import threading

from werkzeug.wrappers import Response

from localstack.services.deferred_listener import DeferredListener
from localstack.services.generic_proxy import ProxyListener


class _Answering(ProxyListener):
    def forward_request(self, method, path, data, headers):  # type: ignore[no-untyped-def]
        return 418 if path == "/teapot" else True

    def return_response(self, method, path, data, headers, response):  # type: ignore[no-untyped-def]
        return Response(b"replaced", status=200)


def test_made_on_first_use_once_and_delegates() -> None:
    made: list[ProxyListener] = []

    def factory() -> ProxyListener:
        made.append(_Answering())
        return made[-1]

    listener = DeferredListener(factory)
    assert made == []
    args = ("GET", "/", b"", {})
    threads = [threading.Thread(target=listener.forward_request, args=args) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert listener.forward_request("GET", "/teapot", b"", {}) == 418
    assert listener.forward_request("GET", "/", b"", {}) is True
    replaced = listener.return_response("GET", "/", b"", {}, Response(b"original"))
    assert replaced is not None and replaced.get_data() == b"replaced"
    assert listener.listener is made[0]
