"""Init hooks without a server: which scripts run in which order, their environment, a failing or
stuck script, and the JSON of GET /_localstack/init."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from localstack.config import Config
from localstack.init_hooks import runner
from localstack.init_hooks.manager import InitHooks
from localstack.init_hooks.scripts import Stage, State, discover
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request


def write(path: Path, text: str = "true\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def names(scripts) -> list[str]:
    return [str(script.path) for script in scripts]


def test_scripts_run_by_name_folders_after_files_and_only_sh_and_py(tmp_path: Path) -> None:
    ready = tmp_path / "init" / "ready.d"
    for name in ("b.sh", "a.py", "c.txt", ".hidden.sh", "sub/0.sh", "sub/deeper/1.py", "aa/2.sh", "10.sh"):
        write(ready / name)
    found = discover([tmp_path / "init"], legacy_ready_dir=None)
    assert names(found[Stage.READY]) == [
        str(ready / name) for name in ("10.sh", "a.py", "b.sh", "aa/2.sh", "sub/0.sh", "sub/deeper/1.py")
    ]
    assert all(not found[stage] for stage in (Stage.BOOT, Stage.START, Stage.SHUTDOWN))


def test_roots_merge_by_name_and_the_legacy_folder_joins_ready(tmp_path: Path) -> None:
    system, data, legacy = tmp_path / "etc", tmp_path / "data" / "init", tmp_path / "legacy"
    write(system / "ready.d" / "02.sh")
    write(data / "ready.d" / "01.sh")
    write(data / "ready.d" / "02.sh")
    write(legacy / "00.sh")
    write(data / "start.d" / "s.py")
    found = discover([system, data], legacy_ready_dir=legacy)
    assert names(found[Stage.READY]) == [
        str(legacy / "00.sh"),
        str(data / "ready.d" / "01.sh"),
        str(system / "ready.d" / "02.sh"),
        str(data / "ready.d" / "02.sh"),
    ]
    assert names(found[Stage.START]) == [str(data / "start.d" / "s.py")]


def hooks_for(tmp_path: Path) -> InitHooks:
    return InitHooks(Config(data_dir=tmp_path, run_dir=tmp_path / "run"), legacy_dir=None)


def test_a_failing_script_is_logged_with_its_output_and_the_next_runs(tmp_path: Path, caplog) -> None:
    ready = tmp_path / "init" / "ready.d"
    write(ready / "1-fail.sh", "echo 'cannot seed the table' >&2\nexit 4\n")
    write(ready / "2-raise.py", "raise SystemExit('python says no')\n")
    write(ready / "3-ok.sh", 'echo "$AWS_ENDPOINT_URL $AWS_ACCESS_KEY_ID $AWS_DEFAULT_REGION" > out.txt\n')
    hooks = hooks_for(tmp_path)
    with caplog.at_level("INFO", logger="localstack.init_hooks"):
        hooks.run_stage(Stage.READY, "http://127.0.0.1:4566")
    states = [script.state for script in hooks.scripts[Stage.READY]]
    assert states == [State.ERROR, State.ERROR, State.SUCCESSFUL]
    assert (ready / "out.txt").read_text() == "http://127.0.0.1:4566 test us-east-1\n"
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 2
    assert "1-fail.sh (READY) exited with 4" in errors[0] and "cannot seed the table" in errors[0]
    assert "2-raise.py (READY) exited with 1" in errors[1] and "python says no" in errors[1]
    assert hooks.completed[Stage.READY] is True


def test_a_stage_runs_once(tmp_path: Path) -> None:
    write(tmp_path / "init" / "shutdown.d" / "count.sh", "echo x >> count.txt\n")
    hooks = hooks_for(tmp_path)
    hooks.run_stage(Stage.SHUTDOWN)
    hooks.run_stage(Stage.SHUTDOWN)
    assert (tmp_path / "init" / "shutdown.d" / "count.txt").read_text() == "x\n"


def test_stopping_ends_a_running_script_and_its_children(tmp_path: Path) -> None:
    script = write(tmp_path / "slow.sh", "sleep 30 &\necho $! > child.pid\nsleep 30\n")
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    outcome = runner.run_script(script, runner.script_env(None, "us-east-1", None), stop)
    assert time.monotonic() - started < 10
    assert not outcome.ok and outcome.returncode is None
    assert "[ended: the emulator stopped]" in outcome.output
    child = int((tmp_path / "child.pid").read_text())
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + 5
    while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the script's child still runs"
        time.sleep(0.05)


def test_timeout_ends_a_script(tmp_path: Path) -> None:
    script = write(tmp_path / "hang.py", "import time\nprint('waiting', flush=True)\ntime.sleep(30)\n")
    outcome = runner.run_script(script, runner.script_env(None, "us-east-1", None), timeout=0.5)
    assert not outcome.ok and "waiting" in outcome.output and "ran over 0.5s" in outcome.output


def test_executable_shell_scripts_use_their_shebang(tmp_path: Path) -> None:
    script = write(tmp_path / "py.sh", "#!/usr/bin/env python3\nprint('from python')\n")
    script.chmod(0o755)
    assert runner.command_for(script) == [str(script)]
    assert runner.run_script(script, runner.script_env(None, "us-east-1", None)).output == "from python\n"
    plain = write(tmp_path / "plain.sh", "echo plain\n")
    assert runner.command_for(plain) == ["/bin/sh", str(plain)]


def test_awslocal_shim_only_where_the_cli_is_but_awslocal_is_not(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    write(bin_dir / "aws", '#!/bin/sh\necho aws "$@"\n').chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/bin:/usr/bin")
    monkeypatch.setattr(runner.sys, "executable", str(tmp_path / "venv" / "bin" / "python"))
    shim_dir = runner.awslocal_shim(tmp_path / "run")
    assert shim_dir is not None
    env = runner.script_env("http://127.0.0.1:4599", "eu-west-1", shim_dir)
    outcome = runner.run_script(write(tmp_path / "call.sh", "awslocal s3 ls\n"), env)
    assert outcome.output == "aws --endpoint-url http://127.0.0.1:4599 s3 ls\n"
    write(bin_dir / "awslocal", "#!/bin/sh\n").chmod(0o755)
    assert runner.awslocal_shim(tmp_path / "run") is None


def test_endpoint_json_is_localstack_shape(tmp_path: Path) -> None:
    write(tmp_path / "init" / "boot.d" / "ok.sh")
    write(tmp_path / "init" / "ready.d" / "pending.py", "pass\n")
    hooks = hooks_for(tmp_path)
    hooks.run_stage(Stage.BOOT)
    answer = json.loads(hooks.handle(Request("GET", "/_localstack/init")).get_data())
    assert answer == {
        "completed": {"BOOT": True, "START": False, "READY": False, "SHUTDOWN": False},
        "scripts": [
            {"stage": "BOOT", "name": "ok.sh", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "pending.py", "state": "UNKNOWN"},
        ],
    }
    ready = json.loads(hooks.handle(Request("GET", "/_localstack/init/ready")).get_data())
    assert ready == {"completed": False, "scripts": [answer["scripts"][1]]}
    with pytest.raises(AWSError) as missing:
        hooks.handle(Request("GET", "/_localstack/init/later"))
    assert missing.value.status == 404
    with pytest.raises(AWSError) as method:
        hooks.handle(Request("POST", "/_localstack/init"))
    assert method.value.status == 405
