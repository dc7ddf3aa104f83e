"""Extensions without sockets: discovery, the checks at load, the order of listeners in the chain,
the guard around a broken listener, the edge rule for extension services, and route dispatch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack.config import Config
from localstack.extensions import AWSError, Extension, ProxyListener, Route, Service, discovery
from localstack.extensions.guard import GuardedListener
from localstack.extensions.host import ExtensionHost
from localstack.extensions.routing import RouteDispatcher, ServiceRule, rules_with
from localstack.services import edge_rules
from localstack.services.generic_proxy import ServiceProxy
from localstack.utils.http import Request
from tests.unit.test_listener_chain import EchoBackend, Replaces, Returns

ROOT = Path(__file__).resolve().parents[2]
HERE = "tests.unit.test_extensions"


def request(path: str = "/", method: str = "POST", headers: dict | None = None, data: bytes = b"") -> Request:
    return Request(method, path, data, Headers(headers or {}))


def signed_for(service: str) -> dict[str, str]:
    return {
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/{service}/aws4_request, "
        "SignedHeaders=host, Signature=abc"
    }


def wsgi_ok(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"ok": true}']


# --- extensions the tests load by name -----------------------------------------------------------

LOG: list[tuple] = []


class Good(Extension):
    name = "good"

    def on_load(self, config):
        self.config = config

    def listeners(self):
        return {"sqs": Returns("good", log=LOG), "*": lambda service: Replaces(f"all-{service}", log=LOG)}

    def routes(self):
        return [Route("/hello/<who>", lambda request, who: {"hello": who})]

    def services(self):
        return [Service("widgets", wsgi_ok, target_prefixes=("Widgets_2024",), path_prefixes=("/widgets",))]


class Second(Extension):
    name = "second"

    def listeners(self):
        return {"sqs": Returns("second", log=LOG)}


class GoodTwin(Good):
    """Another extension with the name and service of `Good`."""


class SameService(Good):
    name = "same"


class ListenersNotMapping(Extension):
    name = "notmapping"

    def listeners(self):
        return [ProxyListener()]


class RaisesOnLoad(Extension):
    name = "raises"

    def on_load(self, config):
        raise RuntimeError("no licence key")


class ReservedService(Extension):
    name = "reserved"

    def services(self):
        return [Service("sqs", wsgi_ok)]


class ReservedSigningName(Extension):
    name = "signing"

    def services(self):
        return [Service("mine", wsgi_ok, signing_names=("monitoring",))]


class TakenTarget(Extension):
    name = "target"

    def services(self):
        return [Service("mine", wsgi_ok, target_prefixes=("DynamoDB_20120810",))]


class ReservedPath(Extension):
    name = "path"

    def services(self):
        return [Service("mine", wsgi_ok, path_prefixes=("/_localstack/mine",))]


class BadBackend(Extension):
    name = "backend"

    def services(self):
        return [Service("mine", "ftp://example.com")]


class EdgePort(Extension):
    name = "port"

    def services(self):
        return [Service("mine", wsgi_ok, port=4566)]


class NotAListener(Extension):
    name = "notlistener"

    def listeners(self):
        return {"sqs": object()}


class BadRoute(Extension):
    name = "badroute"

    def routes(self):
        return [Route("no-slash", lambda request: {})]


class BadName(Extension):
    name = "Bad Name"


class FactoryFails(Extension):
    name = "factory"

    def listeners(self):
        return {"*": lambda service: 1 / 0}

    def services(self):
        return [Service("gadgets", wsgi_ok)]


class NotAnExtension:
    pass


class Unnamed_Extension(Extension):  # noqa: N801 - the default name is made from this one
    pass


def load(*names: str) -> ExtensionHost:
    return ExtensionHost.load(
        Config(extensions=tuple(f"{HERE}:{name}" for name in names), extensions_autoload=False)
    )


# --- discovery ----------------------------------------------------------------------------------


def test_extensions_variable_is_parsed_in_order_and_once():
    config = Config.from_env({"EXTENSIONS": " a.b:C , d:E,a.b:C,", "EXTENSIONS_AUTOLOAD": "0"})
    assert config.extensions == ("a.b:C", "d:E", "a.b:C")
    assert config.extensions_autoload is False
    assert [ref.value for ref in discovery.parse_extensions(config.extensions)] == ["a.b:C", "d:E"]
    assert Config.from_env({}).extensions_autoload is True


@pytest.mark.parametrize("value", ["module", "module:", ":Class", "a-b:C", "a.b:C-D", "a b:C"])
def test_a_value_not_of_the_form_module_colon_attribute_is_refused(value):
    with pytest.raises(discovery.ExtensionSpecError, match="package.module:Class"):
        discovery.check_value(value)


def test_load_object_follows_the_attribute_path():
    assert discovery.load_object(f"{HERE}:Good") is Good
    assert discovery.load_object(f"{HERE}:Good.routes") is Good.routes


def write_dist(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)


def test_the_scan_finds_a_distribution_declaring_the_group_and_only_then(tmp_path):
    write_dist(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    assert not discovery.may_declare_entry_points([str(tmp_path), str(tmp_path / "missing")])
    assert discovery.find_entry_points([str(tmp_path)]) == []
    write_dist(tmp_path, "mine", "[localstack.extensions]\nzeta = mine.ext:Z\nalpha = mine.ext:A\n")
    assert discovery.may_declare_entry_points([str(tmp_path)])
    refs = discovery.find_entry_points([str(tmp_path)])
    assert [(ref.entry_point, ref.value) for ref in refs] == [("alpha", "mine.ext:A"), ("zeta", "mine.ext:Z")]
    assert refs[0].origin == "entry point alpha of mine"


def test_configured_puts_the_variable_first_and_loads_a_class_named_twice_once(monkeypatch):
    found = [
        discovery.ExtensionRef("b.ext:B", "entry point b", "b"),
        discovery.ExtensionRef("a.ext:A", "entry point a", "a"),
    ]
    monkeypatch.setattr(discovery, "find_entry_points", lambda: found)
    refs = discovery.configured(Config(extensions=("a.ext:A", "c.ext:C")))
    assert [(ref.value, ref.origin) for ref in refs] == [
        ("a.ext:A", "EXTENSIONS"),
        ("c.ext:C", "EXTENSIONS"),
        ("b.ext:B", "entry point b"),
    ]
    assert [
        ref.value for ref in discovery.configured(Config(extensions=("c.ext:C",), extensions_autoload=False))
    ] == ["c.ext:C"]


def test_a_failure_to_list_entry_points_is_logged_not_fatal(monkeypatch, caplog):
    def broken():
        raise OSError("unreadable site-packages")

    monkeypatch.setattr(discovery, "find_entry_points", broken)
    assert discovery.configured(Config(extensions=("c.ext:C",)))[0].value == "c.ext:C"
    assert "Cannot list the localstack.extensions entry points" in caplog.text


def test_a_zip_archive_on_the_path_counts_as_a_maybe(tmp_path):
    archive = tmp_path / "eggs.zip"
    archive.write_bytes(b"PK")
    assert discovery.may_declare_entry_points([str(archive)])


def test_no_extension_configured_costs_no_importlib_metadata():
    """Listing entry points with importlib.metadata costs ~40 ms of CPU, and the extension machinery
    a few more: without an extension, start-up imports neither."""
    code = textwrap.dedent(
        """
        import sys
        from localstack.config import Config
        from localstack.services.infra import Infrastructure
        infra = Infrastructure(Config.from_env({}))
        print(infra._load_extensions(), "importlib.metadata" in sys.modules,
              sorted(name for name in sys.modules if name.startswith("localstack.extensions")))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().split(maxsplit=2) == [
        "None",
        "False",
        "['localstack.extensions', 'localstack.extensions.discovery']",
    ]


# --- loading ------------------------------------------------------------------------------------


def test_a_good_extension_loads_with_everything_it_asks_for():
    host = load("Good")
    (item,) = host.extensions
    assert item.error is None and item.name == "good" and item.origin == "EXTENSIONS"
    assert isinstance(item.extension.config, Config)
    assert item.describe() == {
        "name": "good",
        "origin": "EXTENSIONS",
        "value": f"{HERE}:Good",
        "state": "loaded",
        "listeners": ["*", "sqs"],
        "routes": ["GET /_extension/good/hello/<who>"],
        "services": [{"name": "widgets", "port": None}],
    }


@pytest.mark.parametrize(
    "name, message",
    [
        ("RaisesOnLoad", "RuntimeError: no licence key"),
        ("ReservedService", "service name 'sqs' is already taken"),
        ("ReservedSigningName", "signing name 'monitoring' is one of ours"),
        ("TakenTarget", "prefix 'DynamoDB_20120810' is taken"),
        ("ReservedPath", "path prefix '/_localstack/mine' is reserved"),
        ("BadBackend", "backend URL 'ftp://example.com' is not http(s)"),
        ("EdgePort", "port 4566 is one of ours"),
        ("NotAListener", "holds a object, not a ProxyListener"),
        ("ListenersNotMapping", "listeners() returned a list, not a mapping"),
        ("BadRoute", "must start with '/'"),
        ("BadName", "name 'Bad Name' must be lower-case"),
        ("NotAnExtension", "is a NotAnExtension, not an Extension subclass"),
        ("Missing", "AttributeError"),
    ],
)
def test_a_broken_extension_is_reported_and_installs_nothing(name, message, caplog):
    host = load(name, "Second")
    broken, second = host.extensions
    assert message in broken.error
    assert broken.describe()["state"] == "error"
    assert (broken.services, broken.listeners, broken.routes) == ([], {}, [])
    assert second.error is None
    assert f"is not loaded: {broken.error}" in caplog.text


def test_two_extensions_may_not_share_a_name_or_a_service():
    host = load("Good", "GoodTwin", "SameService")
    assert host.extensions[0].error is None
    assert "already named 'good'" in host.extensions[1].error
    assert "service name 'widgets' is already taken" in host.extensions[2].error


def test_an_unnamed_extension_is_named_after_its_entry_point_or_class():
    assert load("Unnamed_Extension").extensions[0].name == "unnamed-extension"
    host = ExtensionHost.load(
        Config(), [discovery.ExtensionRef(f"{HERE}:Unnamed_Extension", "entry point", "My_Ext.v2")]
    )
    assert host.extensions[0].name == "my-ext-v2"


def test_a_module_that_does_not_exist_is_reported():
    host = ExtensionHost.load(Config(extensions=("no_such_module_here:Thing",), extensions_autoload=False))
    assert host.extensions[0].error == "ModuleNotFoundError: No module named 'no_such_module_here'"


# --- the chain ----------------------------------------------------------------------------------


def proxies_with(*names: str) -> tuple[ExtensionHost, dict[str, ServiceProxy]]:
    LOG.clear()
    ours = Returns("ours", log=LOG)
    proxies = {"sqs": ServiceProxy("sqs", EchoBackend(), [ours]), "s3": ServiceProxy("s3", EchoBackend())}
    host = load(*names)
    host.install(proxies)
    return host, proxies


def test_extension_listeners_run_outside_ours_in_load_order():
    host, proxies = proxies_with("Good", "Second")
    assert set(proxies) == {"sqs", "s3", "widgets"}
    response = proxies["sqs"].serve(request("/"))
    assert [entry[:2] for entry in LOG] == [
        ("forward", "good"),
        ("forward", "all-sqs"),
        ("forward", "second"),
        ("forward", "ours"),
        ("return", "ours"),
        ("return", "second"),
        ("return", "all-sqs"),
        ("return", "good"),
    ]
    # The "*" factory made a listener per service: its replacement names the service.
    assert response.get_data(as_text=True).startswith("all-sqs(")
    assert proxies["s3"].serve(request("/")).get_data(as_text=True).startswith("all-s3(")
    assert proxies["widgets"].serve(request("/")).get_data(as_text=True) == 'all-widgets({"ok": true})'


def test_an_extension_whose_listener_factory_fails_is_dropped_whole():
    host, proxies = proxies_with("FactoryFails", "Second")
    failed, second = host.extensions
    assert "ZeroDivisionError" in failed.error
    assert "gadgets" not in proxies
    assert [type(listener.listener).__name__ for listener in proxies["sqs"].extension_listeners] == [
        "Returns"
    ]
    assert second.error is None


class RaisesNotFound(ProxyListener):
    def forward_request(self, method, path, data, headers):
        raise AWSError("QueueDoesNotExist", "The specified queue does not exist.", 400)


class Tags(ProxyListener):
    def __init__(self):
        self.seen = []

    def return_response(self, method, path, data, headers, response):
        self.seen.append(response.status_code)
        response.headers["X-Seen"] = "1"


def test_extension_listeners_see_the_aws_errors_our_listeners_raise():
    tags = Tags()
    proxy = ServiceProxy("sqs", EchoBackend(), [RaisesNotFound()])
    proxy.extension_listeners.append(GuardedListener("x", tags))
    response = proxy.serve(request("/", headers={"X-Amz-Target": "AmazonSQS.GetQueueUrl"}))
    assert response.status_code == 400 and tags.seen == [400]
    assert response.headers["X-Seen"] == "1"
    assert json.loads(response.get_data())["__type"].endswith("QueueDoesNotExist")


def test_handle_runs_our_chain_alone_as_persistence_replays_it():
    tags = Tags()
    proxy = ServiceProxy("sqs", EchoBackend())
    proxy.extension_listeners.append(GuardedListener("x", tags))
    assert proxy.handle(request("/")).status_code == 200 and tags.seen == []
    assert proxy.serve(request("/")).status_code == 200 and tags.seen == [200]


def test_an_extension_listener_may_answer_or_raise_an_aws_error():
    backend = EchoBackend()
    proxy = ServiceProxy("sqs", backend)
    proxy.extension_listeners.append(GuardedListener("x", Returns("x", value={"mocked": True})))
    assert json.loads(proxy.serve(request("/")).get_data()) == {"mocked": True}
    proxy.extension_listeners[:] = [GuardedListener("x", RaisesNotFound())]
    assert proxy.serve(request("/")).status_code == 400
    assert backend.calls == []


class Broken(ProxyListener):
    def __init__(self, forward, returned=None):
        self.forward, self.returned = forward, returned

    def forward_request(self, method, path, data, headers):
        if isinstance(self.forward, Exception):
            raise self.forward
        return self.forward

    def return_response(self, method, path, data, headers, response):
        if isinstance(self.returned, Exception):
            raise self.returned
        return self.returned


@pytest.mark.parametrize(
    "forward, returned, logged",
    [
        (KeyError("boom"), None, "Broken.forward_request failed"),
        (None, None, "Broken.forward_request returned None"),
        (False, None, "Broken.forward_request returned False"),
        ("yes", None, "Broken.forward_request returned 'yes'"),
        (True, RuntimeError("late"), "Broken.return_response failed"),
        (True, "text", "Broken.return_response returned a str"),
    ],
)
def test_a_broken_extension_listener_cannot_break_the_service(forward, returned, logged, caplog):
    backend = EchoBackend()
    proxy = ServiceProxy("sqs", backend)
    proxy.extension_listeners.append(GuardedListener("oops", Broken(forward, returned)))
    response = proxy.serve(request("/path", data=b"x"))
    assert response.status_code == 200
    assert json.loads(response.get_data())["path"] == "/path"
    assert f"extension oops: {logged}" in caplog.text


def test_a_slow_hook_is_named_once(caplog, monkeypatch):
    from localstack.extensions import guard

    monkeypatch.setattr(guard, "SLOW_HOOK_SECONDS", -1.0)
    listener = GuardedListener("slow", Returns("s"))
    listener.forward_request("GET", "/", b"", Headers())
    listener.forward_request("GET", "/", b"", Headers())
    assert caplog.text.count("must not block the chain") == 1


# --- routing ------------------------------------------------------------------------------------


def rule() -> ServiceRule:
    return ServiceRule(
        [
            Service(
                "widgets",
                wsgi_ok,
                target_prefixes=("Widgets_2024",),
                signing_names=("wdg",),
                path_prefixes=("/widgets",),
            )
        ]
    )


@pytest.mark.parametrize(
    "path, headers, expected",
    [
        ("/", {"X-Amz-Target": "Widgets_2024.PutWidget"}, "widgets"),
        ("/", signed_for("widgets"), "widgets"),
        ("/", signed_for("WDG"), "widgets"),
        ("/widgets", {}, "widgets"),
        ("/widgets/w-1?x=1", {}, "widgets"),
        ("/widgetsbucket/key", {}, None),
        # A request signed for another service keeps its own, whatever its path.
        ("/widgets/key", signed_for("s3"), None),
        ("/", {"X-Amz-Target": "DynamoDB_20120810.ListTables"}, None),
        ("/_extension/good/hello/x", {}, edge_rules.INTERNAL),
        ("/_extension", {}, edge_rules.INTERNAL),
        ("/_extensions", {}, None),
    ],
)
def test_the_service_rule(path, headers, expected):
    assert rule()(request(path, headers=headers)) == expected


def test_the_rule_comes_right_after_our_internal_paths_and_before_the_credential_scope():
    table = rules_with(rule())
    assert table[0] is edge_rules.route_internal_paths
    assert isinstance(table[1], ServiceRule)
    assert table[2:] == edge_rules.RULES[1:]
    assert edge_rules.route(request("/widgets/1", "GET"), table) == "widgets"
    assert edge_rules.route(request("/widgets/1", "GET"), edge_rules.RULES) == "s3"
    assert edge_rules.route(request("/_localstack/health", "GET"), table) == edge_rules.INTERNAL


def dispatcher() -> RouteDispatcher:
    def fails(request):
        raise ValueError("bug")

    return RouteDispatcher(
        "good",
        [
            Route("/hello/<who>", lambda request, who: {"hello": who}),
            Route("/list", lambda request: [1, 2]),
            Route("/text", lambda request: "plain", methods=("GET", "PUT")),
            Route("/status", lambda request: 202, methods=("POST",)),
            Route("/raw", lambda request: Response("r", status=201)),
            Route("/fails", fails),
            Route("/junk", lambda request: object()),
            Route("/aws", lambda request: (_ for _ in ()).throw(AWSError("Nope", "no", 409))),
        ],
    )


@pytest.mark.parametrize(
    "method, path, status, body",
    [
        ("GET", "/_extension/good/hello/ana", 200, b'{"hello": "ana"}'),
        ("GET", "/_extension/good/list", 200, b"[1, 2]"),
        ("PUT", "/_extension/good/text", 200, b"plain"),
        ("POST", "/_extension/good/status", 202, b""),
        ("GET", "/_extension/good/raw", 201, b"r"),
        ("GET", "/_extension/good/fails", 500, b'{"error": "extension good failed to answer"}'),
        (
            "GET",
            "/_extension/good/junk",
            500,
            b'{"error": "extension good answered with an unsupported value"}',
        ),
    ],
)
def test_route_dispatch(method, path, status, body):
    response = dispatcher().handle(request(path, method))
    assert (response.status_code, response.get_data()) == (status, body)


@pytest.mark.parametrize(
    "method, path, code, status",
    [
        ("GET", "/_extension/good/nothing", "NotFound", 404),
        ("DELETE", "/_extension/good/list", "MethodNotAllowed", 405),
        ("GET", "/_extension/good/aws", "Nope", 409),
    ],
)
def test_route_errors(method, path, code, status):
    with pytest.raises(AWSError) as raised:
        dispatcher().handle(request(path, method))
    assert (raised.value.code, raised.value.status) == (code, status)


def test_a_backend_is_a_wsgi_app_a_url_or_a_backend():
    from localstack.extensions.host import WsgiBackend, backend_for
    from localstack.services.backends import HttpBackend

    assert isinstance(backend_for(Service("a", wsgi_ok)), WsgiBackend)
    url = backend_for(Service("a", "http://127.0.0.1:9/"))
    assert isinstance(url, HttpBackend) and url.url == "http://127.0.0.1:9"
    own = EchoBackend()
    assert backend_for(Service("a", own)) is own
    wsgi = WsgiBackend(wsgi_ok)
    assert not wsgi.built
    assert wsgi.call(request("/x")).get_data() == b'{"ok": true}' and wsgi.built
