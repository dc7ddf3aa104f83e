"""Terraform's aws_cloudformation_stack through the edge: apply creates the stack (its Outputs become
Terraform's), a changed parameter updates it in place, and destroy deletes it with what it made.
Skipped where terraform or a local mirror of its AWS provider is missing. Each terraform command
starts the AWS provider (20-45 s on a loaded machine), so this test runs for minutes; the emulator's
own calls take milliseconds."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.e2e.test_terraform import _provider_mirror, _terraform

pytestmark = pytest.mark.skipif(
    shutil.which("terraform") is None or _provider_mirror() is None,
    reason="terraform or a local mirror of the hashicorp/aws provider is not available",
)

TEMPLATE = {
    "Parameters": {"Colour": {"Type": "String"}},
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue"},
        "Setting": {
            "Type": "AWS::SSM::Parameter",
            "Properties": {"Type": "String", "Value": {"Ref": "Colour"}},
        },
    },
    "Outputs": {
        "QueueUrl": {"Value": {"Ref": "Queue"}},
        "SettingName": {"Value": {"Ref": "Setting"}},
    },
}

MAIN_TF = """
terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws" }}
  }}
}}

variable "colour" {{
  type = string
}}

provider "aws" {{
  access_key                  = "test"
  secret_key                  = "test"
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {{
    cloudformation = "{edge}"
    sqs            = "{edge}"
    ssm            = "{edge}"
    sts            = "{edge}"
  }}
}}

resource "aws_cloudformation_stack" "app" {{
  name          = "{name}"
  template_body = jsonencode({template})
  parameters    = {{ Colour = var.colour }}
}}

output "queue_url" {{
  value = aws_cloudformation_stack.app.outputs["QueueUrl"]
}}

output "setting_name" {{
  value = aws_cloudformation_stack.app.outputs["SettingName"]
}}
"""


def test_terraform_cloudformation_stack_apply_update_destroy(server, aws_client, tmp_path: Path, unique_name):
    name = unique_name("tf-stack")
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
    (tmp_path / "main.tf").write_text(
        MAIN_TF.format(edge=server.edge_url, name=name, template=json.dumps(TEMPLATE))
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"TF_CLI_CONFIG_FILE": str(rc), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"})
    apply = ["apply", "-auto-approve", "-input=false", "-no-color"]

    _terraform(["init", "-input=false", "-no-color"], tmp_path, env)
    _terraform([*apply, "-var", "colour=blue"], tmp_path, env)
    # The outputs as Terraform recorded them (its state file; a `terraform output` run would cost another
    # provider start-up, the slow part of this test).
    out = json.loads((tmp_path / "terraform.tfstate").read_text())["outputs"]
    queue_url, setting = out["queue_url"]["value"], out["setting_name"]["value"]
    assert aws_client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]
    assert aws_client("ssm").get_parameter(Name=setting)["Parameter"]["Value"] == "blue"
    cf = aws_client("cloudformation")
    stack_id = cf.describe_stacks(StackName=name)["Stacks"][0]["StackId"]

    _terraform([*apply, "-var", "colour=green"], tmp_path, env)
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackId"] == stack_id and stack["StackStatus"] == "UPDATE_COMPLETE"
    assert aws_client("ssm").get_parameter(Name=setting)["Parameter"]["Value"] == "green"

    _terraform(
        ["destroy", "-auto-approve", "-input=false", "-no-color", "-var", "colour=green"], tmp_path, env
    )
    assert cf.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert queue_url not in aws_client("sqs").list_queues().get("QueueUrls", [])
    ssm = aws_client("ssm")
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name=setting)
