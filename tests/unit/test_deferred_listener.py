"""DeferredListener: the listener is made on the first hook call, once, and answers every hook."""

import os
import subprocess
import sys
import threading
import types

from werkzeug.wrappers import Response

from localstack.services import plugins
from localstack.services.deferred_listener import DeferredListener, deferred
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


def test_deferred_names_listeners_made_in_order_on_first_use() -> None:
    factory = deferred(f"{__name__}:_Answering", "localstack.services.generic_proxy:ProxyListener")
    listeners = factory()
    assert [type(listener) for listener in listeners] == [DeferredListener, DeferredListener]
    assert listeners[0].forward_request("GET", "/teapot", b"", {}) == 418
    assert type(listeners[0].listener) is _Answering
    assert type(listeners[1].listener) is ProxyListener
    assert factory()[0] is not listeners[0]  # each proxy gets its own


def test_patches_named_by_module_apply_once() -> None:
    module = types.ModuleType("ls_test_named_patches")
    calls: list[int] = []
    module.apply = lambda: calls.append(1)  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        plugins.apply_patches(module.__name__)
        plugins.apply_patches(module)
        assert calls == [1]
    finally:
        del sys.modules[module.__name__]


def test_building_every_proxy_imports_no_listener_or_patches_module() -> None:
    """Start-up builds the proxies of every service; their listeners and patches load on first use."""
    code = (
        "import sys\n"
        "from localstack.config import Config, set_config\n"
        "from localstack.services import plugins\n"
        "config = Config.from_env(); set_config(config)\n"
        "proxies = plugins.load_proxies(config)\n"
        "assert len(proxies) >= 28, sorted(proxies)\n"
        "print(sorted(m for m in sys.modules if m.startswith('localstack.services.')\n"
        "    and m.rsplit('.', 1)[1].endswith(('_listener', 'patches'))\n"
        "    and not m.endswith('.deferred_listener')))\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("SERVICES", "DATA_DIR")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_dynamodbs_own_rules_load_with_its_first_checked_request() -> None:
    """Building DynamoDB's proxy imports neither its validation nor the expression parser; its rules
    (the table-name sentences, its own constraints and enum orders) apply from the first request."""
    code = (
        "import sys\n"
        "from localstack.services.dynamodb import dynamodb_starter\n"
        "dynamodb_starter.service()\n"
        "from localstack.services.dynamodb import ttl  # its endpoint and TTL worker import it\n"
        "loaded = [m for m in ('localstack.services.dynamodb.validation',\n"
        "                      'localstack.services.dynamodb.expressions.parser') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "from localstack.utils.aws import request_checks\n"
        "try:\n"
        "    request_checks._check_json_request('dynamodb', 'DynamoDB_20120810.DescribeTable',\n"
        '                                       b\'{"TableName": "a;"}\')\n'
        "except Exception as error:\n"
        "    assert 'tableName' in str(error) and '[a-zA-Z0-9_.-]+' in str(error), str(error)\n"
        "else:\n"
        "    raise AssertionError('a bad table name passed')\n"
        "assert 'localstack.services.dynamodb.validation' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
