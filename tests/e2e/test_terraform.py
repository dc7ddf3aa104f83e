"""Terraform's AWS provider against the edge port (skipped where terraform or its provider is missing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

PROVIDER_MIRRORS = [os.environ.get("TF_PLUGIN_MIRROR", ""), "/opt/tf-plugins"]


def _provider_mirror() -> str | None:
    for path in PROVIDER_MIRRORS:
        if path and (Path(path) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return path
    return None


pytestmark = pytest.mark.skipif(
    shutil.which("terraform") is None or _provider_mirror() is None,
    reason="terraform or a local mirror of the hashicorp/aws provider is not available",
)

MAIN_TF = """
terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws" }}
  }}
}}

provider "aws" {{
  access_key                  = "test"
  secret_key                  = "test"
  region                      = "us-east-1"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {{
    s3       = "{edge}"
    sqs      = "{edge}"
    dynamodb = "{edge}"
    sts      = "{edge}"
  }}
}}

resource "aws_s3_bucket" "data" {{
  bucket = "{suffix}-bucket"
}}

resource "aws_sqs_queue" "jobs" {{
  name = "{suffix}-queue"
}}

resource "aws_dynamodb_table" "items" {{
  name         = "{suffix}-table"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {{
    name = "id"
    type = "S"
  }}
}}
"""


def _terraform(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        ["terraform", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"terraform {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_terraform_apply_and_destroy(server, aws_client, tmp_path, unique_name):
    suffix = unique_name("tf")
    rc = tmp_path / "terraformrc"
    rc.write_text(
        textwrap.dedent(
            f"""
            provider_installation {{
              filesystem_mirror {{
                path    = "{_provider_mirror()}"
                include = ["registry.terraform.io/hashicorp/aws"]
              }}
            }}
            """
        )
    )
    (tmp_path / "main.tf").write_text(MAIN_TF.format(edge=server.edge_url, suffix=suffix))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"TF_CLI_CONFIG_FILE": str(rc), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"})

    _terraform(["init", "-input=false", "-no-color"], tmp_path, env)
    _terraform(["apply", "-auto-approve", "-input=false", "-no-color"], tmp_path, env)

    buckets = [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]]
    assert f"{suffix}-bucket" in buckets
    queue_url = aws_client("sqs").get_queue_url(QueueName=f"{suffix}-queue")["QueueUrl"]
    assert queue_url.endswith(f"/000000000000/{suffix}-queue")
    table = aws_client("dynamodb").describe_table(TableName=f"{suffix}-table")["Table"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]

    _terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], tmp_path, env)
    buckets = [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]]
    assert f"{suffix}-bucket" not in buckets
