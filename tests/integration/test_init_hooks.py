"""Init hooks in a running emulator: scripts in DATA_DIR/init/<stage>.d run at their stage, in name
order, with the endpoint and awslocal at hand; a failing one is logged and start-up goes on; GET
/_localstack/init reports each; SHUTDOWN scripts still reach the emulator."""

from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.server_process import ServerProcess, start_server

SCRIPTS = {
    "boot.d/boot.sh": 'echo "boot endpoint=${AWS_ENDPOINT_URL:-unset}" >> "$ORDER_FILE"\n',
    # Ports serve during START, but health says 503 until the START scripts end.
    "start.d/start.py": """
import os, urllib.error, urllib.request
import boto3
try:
    urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/_localstack/health")
    health = 200
except urllib.error.HTTPError as error:
    health = error.code
buckets = boto3.client("s3").list_buckets()["Buckets"]
open(os.environ["ORDER_FILE"], "a").write(f"start health={health} buckets={len(buckets)}\\n")
""",
    "ready.d/01-bucket.sh": "#!/bin/bash\nset -e\nawslocal s3 mb s3://init-bucket\n"
    'echo ready-1 >> "$ORDER_FILE"\n',
    "ready.d/02-broken.sh": "echo 'the seed file is missing' >&2\nexit 3\n",
    "ready.d/03-queue.py": """
import os
import boto3
boto3.client("sqs").create_queue(QueueName="init-queue")
open(os.environ["ORDER_FILE"], "a").write("ready-3\\n")
""",
    "ready.d/nested/04-last.sh": 'echo ready-4 >> "$ORDER_FILE"\n',
    "ready.d/README.txt": "not a script\n",
    "shutdown.d/bye.sh": 'echo "shutdown $(awslocal s3 ls | grep -c init-bucket)" >> "$ORDER_FILE"\n',
}


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Path]]:
    work = tmp_path_factory.mktemp("init-hooks")
    for name, text in SCRIPTS.items():
        path = work / "data" / "init" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"))
        if name.endswith("01-bucket.sh"):
            path.chmod(0o755)
    order = work / "order.txt"
    server = start_server(work, ["s3", "sqs"], {"ORDER_FILE": str(order)})
    yield server, order
    server.stop()


def init_status(server: ServerProcess, path: str = "/_localstack/init") -> dict:
    with urllib.request.urlopen(f"{server.edge_url}{path}", timeout=10) as response:
        return json.loads(response.read())


def wait_for_stage(server: ServerProcess, stage: str, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = init_status(server)
        if status["completed"][stage]:
            return status
        assert time.monotonic() < deadline, f"{stage} not completed: {status}"
        time.sleep(0.1)


def test_scripts_run_at_their_stage_in_order(hooked) -> None:
    server, order = hooked
    # start_server (the pytest plugin's start) returns once the READY scripts have run.
    status = init_status(server)
    assert status == {
        "completed": {"BOOT": True, "START": True, "READY": True, "SHUTDOWN": False},
        "scripts": [
            {"stage": "BOOT", "name": "boot.sh", "state": "SUCCESSFUL"},
            {"stage": "START", "name": "start.py", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "01-bucket.sh", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "02-broken.sh", "state": "ERROR"},
            {"stage": "READY", "name": "03-queue.py", "state": "SUCCESSFUL"},
            {"stage": "READY", "name": "04-last.sh", "state": "SUCCESSFUL"},
            {"stage": "SHUTDOWN", "name": "bye.sh", "state": "UNKNOWN"},
        ],
    }
    assert order.read_text().splitlines() == [
        "boot endpoint=unset",
        "start health=503 buckets=0",
        "ready-1",
        "ready-3",
        "ready-4",
    ]
    assert init_status(server, "/_localstack/init/start") == {
        "completed": True,
        "scripts": [{"stage": "START", "name": "start.py", "state": "SUCCESSFUL"}],
    }


def test_ready_scripts_made_resources_through_awslocal_and_boto3(hooked) -> None:
    server, _ = hooked
    wait_for_stage(server, "READY")
    assert "init-bucket" in [b["Name"] for b in server.client("s3").list_buckets()["Buckets"]]
    assert server.client("sqs").get_queue_url(QueueName="init-queue")["QueueUrl"].endswith("/init-queue")
    log = server.log()
    assert log.index("Ready. Endpoint:") < log.index("01-bucket.sh (READY): running")


def test_a_failing_script_is_logged_with_its_output(hooked) -> None:
    server, _ = hooked
    wait_for_stage(server, "READY")
    log = server.log()
    line = next(line for line in log.splitlines() if "02-broken.sh" in line and "ERROR" in line)
    assert "exited with 3" in line and "start-up goes on" in line
    assert "the seed file is missing" in log[log.index(line) :]
    with urllib.request.urlopen(f"{server.edge_url}/_localstack/health", timeout=10) as response:
        assert response.status == 200


def test_unknown_stage_is_404(hooked) -> None:
    server, _ = hooked
    with pytest.raises(urllib.error.HTTPError) as answer:
        init_status(server, "/_localstack/init/later")
    assert answer.value.code == 404


def test_shutdown_scripts_run_while_the_emulator_still_answers(hooked) -> None:
    server, order = hooked
    wait_for_stage(server, "READY")
    server.stop()
    assert server.process.returncode == 0
    assert order.read_text().splitlines()[-1] == "shutdown 1"
    assert "bye.sh succeeded" in server.log()


def test_a_second_sigterm_ends_slow_shutdown_scripts(tmp_path: Path) -> None:
    script = tmp_path / "data" / "init" / "shutdown.d" / "slow.sh"
    script.parent.mkdir(parents=True)
    script.write_text('echo started > "$ORDER_FILE"\nsleep 30\n')
    order = tmp_path / "order.txt"
    server = start_server(tmp_path, ["sqs"], {"ORDER_FILE": str(order)})
    try:
        server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        while not order.exists():
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.05)
        began = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=10) == 0
        assert time.monotonic() - began < 5
        assert "[ended: the emulator stopped]" in server.log()
    finally:
        server.stop()
