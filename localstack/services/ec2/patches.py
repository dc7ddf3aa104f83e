"""Corrections to moto's ec2 backend, applied by the starter before the backend is built.

moto looks some IDs up without a check and crashes (KeyError) on one that does not exist, where EC2
answers its `...NotFound` error; it requires a TargetCapacity that ModifySpotFleetRequest leaves
optional; it counts the hosts of an AllocateHosts without a Quantity as None; and DeleteVpc of an
empty or unknown id deleted the default security group of every VPC before finding no VPC. Its
NotFound errors for VPCs, security groups, volumes, key pairs, Elastic IP allocations, internet
gateways and VPC peering connections print a Python set of the ids or word them otherwise ("VpcID
{'vpc-1'} does not exist."), where EC2 names the id in its own sentence ("The vpc ID 'vpc-1' does
not exist").
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_transit_gateway_routes()
    _patch_spot_fleet_modify()
    _patch_allocate_hosts_quantity()
    _patch_delete_vpc_checks_first()
    _patch_not_found_messages()


def _client_error(code: str, message: str) -> Exception:
    from moto.ec2.exceptions import EC2ClientError

    return EC2ClientError(code, message)


def _patch_transit_gateway_routes() -> None:
    from moto.ec2.models.transit_gateway_route_tables import TransitGatewayRouteTableBackend

    original = TransitGatewayRouteTableBackend.create_transit_gateway_route

    def create_transit_gateway_route(
        self: Any, transit_gateway_route_table_id: str, *args: Any, **kwargs: Any
    ) -> Any:
        if transit_gateway_route_table_id not in self.transit_gateways_route_tables:
            raise _client_error(
                "InvalidRouteTableID.NotFound",
                f"The transitGatewayRouteTable ID '{transit_gateway_route_table_id}' does not exist",
            )
        return original(self, transit_gateway_route_table_id, *args, **kwargs)

    TransitGatewayRouteTableBackend.create_transit_gateway_route = create_transit_gateway_route


def _patch_spot_fleet_modify() -> None:
    from moto.ec2.models.spot_requests import SpotRequestBackend

    original = SpotRequestBackend.modify_spot_fleet_request

    def modify_spot_fleet_request(
        self: Any, spot_fleet_request_id: str, target_capacity: Any, terminate_instances: str
    ) -> None:
        fleet = self.spot_fleet_requests.get(spot_fleet_request_id)
        if fleet is None:
            raise _client_error(
                "InvalidSpotFleetRequestId.NotFound",
                f"The spot fleet request ID '{spot_fleet_request_id}' does not exist",
            )
        if target_capacity is None:
            target_capacity = fleet.target_capacity  # an unchanged capacity: other settings only
        if target_capacity < 0:
            raise _client_error("InvalidParameterValue", "TargetCapacity must not be negative.")
        original(self, spot_fleet_request_id, target_capacity, terminate_instances)

    SpotRequestBackend.modify_spot_fleet_request = modify_spot_fleet_request


def _patch_allocate_hosts_quantity() -> None:
    from moto.ec2.models.hosts import HostsBackend

    original = HostsBackend.allocate_hosts

    def allocate_hosts(self: Any, quantity: Any, *args: Any, **kwargs: Any) -> Any:
        # Quantity may be left out only for Outpost hosts given by AssetIds, which moto does not model.
        if quantity is None:
            raise _client_error("MissingParameter", "The request must contain the parameter Quantity")
        return original(self, quantity, *args, **kwargs)

    HostsBackend.allocate_hosts = allocate_hosts


def _patch_delete_vpc_checks_first() -> None:
    from moto.ec2.exceptions import InvalidVPCIdError
    from moto.ec2.models.vpcs import VPCBackend

    original = VPCBackend.delete_vpc

    def delete_vpc(self: Any, vpc_id: str) -> Any:
        # moto removes the VPC's default group (looked up in every VPC when the id is empty) and its
        # route tables before it looks for the VPC: a bad id must change nothing.
        if not vpc_id or vpc_id not in self.vpcs:
            raise InvalidVPCIdError(vpc_id)
        return original(self, vpc_id)

    VPCBackend.delete_vpc = delete_vpc


def _ids_text(ids: Any) -> str:
    """One id as given; several (moto passes a set or list) comma-separated, in a stable order."""
    if isinstance(ids, str):
        return ids
    return ", ".join(sorted(str(i) for i in ids))


def _patch_not_found_messages() -> None:
    from moto.ec2 import exceptions

    sentences = {
        exceptions.InvalidVPCIdError: ("InvalidVpcID.NotFound", "The vpc ID '{}' does not exist"),
        exceptions.InvalidSecurityGroupNotFoundError: (
            "InvalidGroup.NotFound",
            "The security group '{}' does not exist",
        ),
        exceptions.InvalidVolumeIdError: ("InvalidVolume.NotFound", "The volume '{}' does not exist."),
        exceptions.InvalidKeyPairNameError: ("InvalidKeyPair.NotFound", "The key pair '{}' does not exist"),
        exceptions.InvalidAllocationIdError: (
            "InvalidAllocationID.NotFound",
            "The allocation ID '{}' does not exist",
        ),
        exceptions.InvalidInternetGatewayIdError: (
            "InvalidInternetGatewayID.NotFound",
            "The internetGateway ID '{}' does not exist",
        ),
        # EC2's code spells `ID` here; moto's `Id` is the Malformed error's spelling.
        exceptions.InvalidVPCPeeringConnectionIdError: (
            "InvalidVpcPeeringConnectionID.NotFound",
            "The vpcPeeringConnection ID '{}' does not exist",
        ),
    }
    for cls, (code, sentence) in sentences.items():

        def init(self: Any, ids: Any, _code: str = code, _sentence: str = sentence) -> None:
            exceptions.EC2ClientError.__init__(self, _code, _sentence.format(_ids_text(ids)))

        cls.__init__ = init
