"""Corrections to moto's ecs backend, applied by the starter before the backend is built.

A request that leaves `cluster` out names the `default` cluster (moto read it as None or assumed the
cluster had container instances); capacity providers follow ECS's rules for unknown names, duplicates
and a request without a provider, and a DescribeCapacityProviders that names none lists them all;
RegisterContainerInstance needs its identity document; DeleteTaskSet looks its service up first.
A tag without a key is refused and one without a value gets an empty one: moto stored them as sent,
and every later listing of tagged resources (Resource Groups Tagging's GetResources) crashed on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_CLUSTER = "default"
NO_SUCH_PROVIDER = (
    "The specified capacity provider does not exist. Specify a valid name or ARN and try again."
)
PROVIDER_EXISTS = (
    "The specified capacity provider already exists. To change the configuration of an existing "
    "capacity provider, update the capacity provider."
)
# The capacity providers every account has (ECS lists them beside its own).
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def apply() -> None:
    _patch_default_cluster()
    _patch_capacity_providers()
    _patch_container_instances()
    _patch_delete_task_set()
    _patch_tags()


def _client_error(message: str) -> Exception:
    from moto.ecs.exceptions import EcsClientException

    return EcsClientException(message)


def _invalid_parameter(message: str) -> Exception:
    from moto.ecs.exceptions import InvalidParameterException

    return InvalidParameterException(message)


def _patch_default_cluster() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend._get_cluster

    def _get_cluster(self: Any, name: str | None) -> Any:
        return original(self, name or DEFAULT_CLUSTER)

    EC2ContainerServiceBackend._get_cluster = _get_cluster


@dataclass
class FargateProvider:
    """FARGATE or FARGATE_SPOT as DescribeCapacityProviders shows them: no Auto Scaling group."""

    name: str
    capacity_provider_arn: str
    status: str = "ACTIVE"
    tags: list = field(default_factory=list)


def _patch_capacity_providers() -> None:
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.utilities.utils import get_partition

    create = EC2ContainerServiceBackend.create_capacity_provider
    update = EC2ContainerServiceBackend.update_capacity_provider
    describe = EC2ContainerServiceBackend.describe_capacity_providers

    def create_capacity_provider(self: Any, name: str, asg_details: Any, tags: Any) -> Any:
        if self._get_provider(name) is not None or name in FARGATE_PROVIDERS:
            raise _client_error(PROVIDER_EXISTS)  # moto replaced the stored one
        if not isinstance(asg_details, dict):
            raise _invalid_parameter(
                "A capacity provider needs an autoScalingGroupProvider: Amazon ECS Managed Instances "
                "capacity providers are not supported by this emulator."
            )
        return create(self, name, asg_details, tags)

    def _existing(self: Any, name_or_arn: str) -> Any:
        provider = self._get_provider(name_or_arn)
        if provider is None:
            raise _client_error(NO_SUCH_PROVIDER)
        return provider

    def delete_capacity_provider(self: Any, name_or_arn: str) -> Any:
        provider = _existing(self, name_or_arn)
        self.capacity_providers.pop(provider.name)
        return provider

    def update_capacity_provider(self: Any, name_or_arn: str, asg_provider: Any) -> Any:
        _existing(self, name_or_arn)
        if not isinstance(asg_provider, dict):
            raise _invalid_parameter("autoScalingGroupProvider can not be empty")
        return update(self, name_or_arn, asg_provider)

    def describe_capacity_providers(self: Any, names: list[str] | None) -> Any:
        if names:
            return describe(self, names)
        partition = get_partition(self.region_name)
        prefix = f"arn:{partition}:ecs:{self.region_name}:{self.account_id}:capacity-provider/"
        fargate = [FargateProvider(name, prefix + name) for name in FARGATE_PROVIDERS]
        return list(self.capacity_providers.values()) + fargate, []

    EC2ContainerServiceBackend.create_capacity_provider = create_capacity_provider
    EC2ContainerServiceBackend.delete_capacity_provider = delete_capacity_provider
    EC2ContainerServiceBackend.update_capacity_provider = update_capacity_provider
    EC2ContainerServiceBackend.describe_capacity_providers = describe_capacity_providers


def _patch_container_instances() -> None:
    from moto.ecs import responses
    from moto.ecs.models import EC2ContainerServiceBackend

    register = responses.EC2ContainerServiceResponse.register_container_instance
    deregister = EC2ContainerServiceBackend.deregister_container_instance

    def register_container_instance(self: Any) -> Any:
        self.ecs_backend._get_cluster(self._get_param("cluster"))  # ClusterNotFoundException first
        if not self._get_param("instanceIdentityDocument"):
            raise _invalid_parameter("instanceIdentityDocument can not be empty")
        return register(self)

    def deregister_container_instance(
        self: Any, cluster_str: str, container_instance_str: str, force: Any
    ) -> Any:
        cluster = self._get_cluster(cluster_str)
        instance_id = (container_instance_str or "").split("/")[-1]
        if instance_id not in self.container_instances.get(cluster.name, {}):
            raise _invalid_parameter("Container instance not found.")
        return deregister(self, cluster_str, container_instance_str, force)

    responses.EC2ContainerServiceResponse.register_container_instance = register_container_instance
    EC2ContainerServiceBackend.deregister_container_instance = deregister_container_instance


def _patch_delete_task_set() -> None:
    from moto.ecs.exceptions import ServiceNotFoundException
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.delete_task_set

    def delete_task_set(self: Any, cluster: str, service: str, task_set: str) -> Any:
        cluster_name = self._get_cluster(cluster).name
        if f"{cluster_name}:{(service or '').split('/')[-1]}" not in self.services:
            raise ServiceNotFoundException
        return original(self, cluster_name, service, task_set)

    EC2ContainerServiceBackend.delete_task_set = delete_task_set


def _patch_tags() -> None:
    from moto.ecs import responses

    get_param = responses.EC2ContainerServiceResponse._get_param

    def _get_param(self: Any, param_name: str, if_none: Any = None) -> Any:
        value = get_param(self, param_name, if_none)
        if param_name != "tags" or not isinstance(value, list):
            return value
        for tag in value:
            if not isinstance(tag, dict) or not tag.get("key"):
                raise _invalid_parameter("Tag keys must be between 1 and 128 characters in length.")
            tag.setdefault("value", "")
        return value

    responses.EC2ContainerServiceResponse._get_param = _get_param
