"""botocore_data's model cache: a parsed model is kept in the user's cache directory and read back
equal; an unreadable copy is parsed again; a read-only cache directory only costs the parse."""

import os
import subprocess
import sys
from pathlib import Path

CODE = (
    "import json, sys\n"
    "from localstack.utils.aws import botocore_data\n"
    "data = botocore_data.data_file('sqs', 'service-2')\n"
    "print(json.dumps(data, sort_keys=True))\n"
)


def _load(cache_home: Path) -> str:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_parsed_model_is_kept_and_read_back_equal(tmp_path: Path) -> None:
    first = _load(tmp_path)
    cached = list((tmp_path / "localstack" / "botocore-models").glob("*.marshal"))
    assert len(cached) == 1
    assert '"documentation": ""' in first or "documentation" not in first  # still compact
    assert _load(tmp_path) == first
    cached[0].write_bytes(b"\x00garbage")
    assert _load(tmp_path) == first
    assert cached[0].read_bytes() != b"\x00garbage"  # written again, whole


def test_an_unwritable_cache_directory_only_costs_the_parse(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert '"operations"' in _load(blocked)
