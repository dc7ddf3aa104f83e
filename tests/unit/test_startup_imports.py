"""Start-up imports only what serving needs: services' endpoint modules load at their first request, their
workers' modules once the service's backend is built, their reset hooks only if they ran."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from localstack.config import Config
from localstack.services.backends import MotoBackend
from localstack.services.infra import Infrastructure
from localstack.services.internal import InternalEndpoints
from localstack.utils.http import Request


@pytest.fixture
def endpoint_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    (tmp_path / "ls_test_endpoint.py").write_text(
        "from werkzeug.wrappers import Response\n\n"
        "def handle(request):\n"
        "    return Response(b'from ' + request.path.encode())\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "ls_test_endpoint"
    sys.modules.pop("ls_test_endpoint", None)


def test_an_endpoint_named_by_module_is_imported_at_its_first_request(endpoint_module: str) -> None:
    internal = InternalEndpoints({}, lambda: [])
    internal.register("/_aws/test-endpoint/", f"{endpoint_module}:handle")
    assert endpoint_module not in sys.modules
    answer = internal.handle(Request("GET", "/_aws/test-endpoint/below"))
    assert isinstance(answer, Response) and answer.get_data() == b"from /_aws/test-endpoint/below"
    assert endpoint_module in sys.modules


def test_callbacks_waiting_for_a_backend_run_once_when_it_is_built() -> None:
    backend = MotoBackend("sts")
    calls: list[str] = []
    backend.on_built(lambda: calls.append("first"))
    assert calls == []
    backend.app()
    backend.app()
    assert calls == ["first"]
    backend.on_built(lambda: calls.append("after"))  # built already: at once
    assert calls == ["first", "after"]


def test_a_reset_hook_of_a_module_not_imported_imports_nothing() -> None:
    infra = Infrastructure(Config.from_env())
    name = "localstack.services.sqs.move_tasks"
    was_loaded = name in sys.modules
    infra.on_reset_if_imported(name)
    infra.on_reset_if_imported("ls_never_imported_module")
    infra.reset_state()
    assert (name in sys.modules) == was_loaded
    assert "ls_never_imported_module" not in sys.modules


def test_every_services_start_hook_leaves_its_endpoint_and_worker_modules_unimported() -> None:
    code = (
        "import sys\n"
        "from localstack.config import Config, set_config\n"
        "from localstack.services import infra, plugins\n"
        "from localstack.services.internal import InternalEndpoints\n"
        "config = Config.from_env(); set_config(config)\n"
        "running = infra.Infrastructure(config)\n"
        "specs = plugins.load_specs(config)\n"
        "running.proxies = plugins.build_proxies(specs, config)\n"
        "running.internal = InternalEndpoints(running.proxies, running.reset_state)\n"
        "infra._current = running\n"
        "for spec in specs.values():\n"
        "    if spec.on_start is not None:\n"
        "        spec.on_start()\n"
        "running.stop()\n"
        "print(sorted(m for m in sys.modules if m.startswith('localstack.services.') and\n"
        "    m.rsplit('.', 1)[1] in ('messages_endpoint', 'aws_endpoints', 'runtimes_endpoint', 'ttl',\n"
        "    'esm_listener', 'move_tasks', 'client_tokens', 'contributor_insights')))\n"
        "print(sorted(m for m in sys.modules if m.startswith('moto')))\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("SERVICES", "DATA_DIR")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "[]"], result.stdout


def test_the_servers_own_modules_import_no_thread_pool_import_hooks_abc_or_sax() -> None:
    code = (
        "import sys\n"
        "from localstack.services.infra import Infrastructure\n"
        "from localstack.utils import lazy_imports\n"
        "from localstack.utils.threads import EventDispatcher\n"
        "lazy_imports.install()\n"
        "dispatcher = EventDispatcher()\n"
        "print(sorted(m for m in ('concurrent.futures', 'importlib.abc', 'importlib.resources', 'xml.sax')\n"
        "    if m in sys.modules))\n"
        "done = []\n"
        "dispatcher.submit(done.append, 1).result(5)\n"
        "dispatcher.shutdown()\n"
        "print(done)\n"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "[1]"], result.stdout


def test_the_server_s_imports_leave_out_what_no_first_call_needs() -> None:
    """`localstack start` imports, before any request: no moto, botocore or boto3; not werkzeug's
    development server or test client; not the checks of one protocol (query) or of model patterns."""
    code = (
        "import sys\n"
        "from localstack.utils import lazy_imports\n"
        "lazy_imports.install()\n"
        "import localstack.cli, localstack.services.infra\n"
        "from localstack.config import Config, set_config\n"
        "from localstack.services import plugins\n"
        "config = Config.from_env(); set_config(config)\n"
        "plugins.build_proxies(plugins.load_specs(config), config)\n"
        "left_out = ('moto', 'botocore', 'boto3', 'werkzeug.serving', 'werkzeug.test', 'http.server',\n"
        "    'localstack.utils.aws.request_checks.query_checks',\n"
        "    'localstack.utils.aws.request_checks.java_regex')\n"
        "print(sorted(m for m in sys.modules if m.startswith(left_out) and\n"
        "    not lazy_imports.is_pending(sys.modules[m])))\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("SERVICES", "DATA_DIR")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "[]", result.stdout
