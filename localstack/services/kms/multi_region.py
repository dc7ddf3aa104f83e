"""ReplicateKey as AWS does it: only a multi-Region key replicates; the replica shares the primary's id,
key material and spec but has its own ARN, description, policy, tags and grants; the replica reports
MultiRegionKeyType REPLICA while the primary stays PRIMARY, and every related key lists all replicas; a
new replica is Creating for a moment, as AWS answers it.
(moto copied the key object, so primary and replica shared one configuration dict and the primary
turned into a REPLICA.)"""

from __future__ import annotations

import time
from copy import copy
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

# How long a new replica stays Creating (validation.settle_creation ends it when the key is next read).
REPLICA_CREATION_SECONDS = 1.0


def replicate_key(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    from moto.kms.models import kms_backends

    key = validation.find_key(backend, params.get("KeyId") or "")
    if not key.multi_region:
        raise AWSError("UnsupportedOperationException", f"{key.arn} is not a multi-region key.")
    if key.multi_region_configuration.get("MultiRegionKeyType") == "REPLICA":
        # Only a primary key replicates (developer guide); the code is the API reference's, the words ours.
        primary = key.multi_region_configuration["PrimaryKey"]["Arn"]
        raise AWSError(
            "UnsupportedOperationException",
            f"{key.arn} is a replica key; only its primary key {primary} can be replicated.",
        )
    validation.check_policy_document(params.get("Policy"))
    validation.check_tags(params.get("Tags"))
    region = str(params.get("ReplicaRegion") or "")
    config = key.multi_region_configuration
    replicas = config["ReplicaKeys"]
    if any(replica["Region"] == region for replica in replicas) or region == config["PrimaryKey"]["Region"]:
        # The code is the API reference's for a Region that already holds the key; the words are ours.
        raise AWSError("AlreadyExistsException", f"Replica key {key.id} already exists in {region}.")
    target = kms_backends[backend.account_id][region]
    replica = copy(key)
    replica.region = region
    replica.arn = f"arn:aws:kms:{region}:{backend.account_id}:key/{key.id}"
    replica.description = params.get("Description") or ""
    replica.grants = {}
    replica.rotations = []
    replica.aliases = {}
    replica.key_rotation_status = False
    replica.policy = params.get("Policy") or replica.generate_default_policy()
    replicas.append({"Arn": replica.arn, "Region": region})
    # One PrimaryKey and one ReplicaKeys list shared by every related key; the type is each key's own.
    replica.multi_region_configuration = {
        "MultiRegionKeyType": "REPLICA",
        "PrimaryKey": config["PrimaryKey"],
        "ReplicaKeys": replicas,
    }
    # AWS answers (and describes) a new replica as Creating, Enabled false, for a moment (recorded).
    replica.key_state = "Creating"
    replica.enabled = False
    replica.creating_until = time.time() + REPLICA_CREATION_SECONDS
    target.keys[replica.id] = replica
    tags = params.get("Tags") or []
    if tags:
        target.tagger.tag_resource(replica.id, tags)
    answer = {"ReplicaKeyMetadata": replica.to_dict()["KeyMetadata"], "ReplicaPolicy": replica.policy}
    if tags:  # AWS leaves ReplicaTags out when the request gave none (recorded)
        answer["ReplicaTags"] = tags
    return answer


HANDLERS = {"ReplicateKey": replicate_key}
