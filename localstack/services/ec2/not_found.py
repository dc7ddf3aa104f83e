"""EC2's NotFound codes by the request member that names the resource: EC2's model lists no errors, so
a backend crash on an id that does not exist is answered from here (see utils/aws/crash_blame.py)."""

from __future__ import annotations

import re

from localstack.utils.aws.errors import AWSError

# Members whose code is not `Invalid<Stem>ID.NotFound` (EC2's error code list spells these).
CODES: dict[str, str] = {
    "ImageId": "InvalidAMIID.NotFound",
    "SourceImageId": "InvalidAMIID.NotFound",
    "NatGatewayId": "NatGatewayNotFound",
    "LaunchTemplateId": "InvalidLaunchTemplateId.NotFound",
    "LaunchTemplateName": "InvalidLaunchTemplateName.NotFoundException",
    "TransitGatewayRouteTableId": "InvalidRouteTableID.NotFound",
    "TrafficMirrorSessionId": "InvalidTrafficMirrorSessionId.NotFound",
    "TrafficMirrorTargetId": "InvalidTrafficMirrorTargetId.NotFound",
    "TrafficMirrorFilterId": "InvalidTrafficMirrorFilterId.NotFound",
    "VpcPeeringConnectionId": "InvalidVpcPeeringConnectionID.NotFound",
    "VpcEndpointId": "InvalidVpcEndpointId.NotFound",
    "ServiceId": "InvalidVpcEndpointServiceId.NotFound",
    "GroupId": "InvalidGroup.NotFound",
    "GroupName": "InvalidGroup.NotFound",
    "KeyName": "InvalidKeyPair.NotFound",
    "VolumeId": "InvalidVolume.NotFound",
    "SnapshotId": "InvalidSnapshot.NotFound",
    "SourceSnapshotId": "InvalidSnapshot.NotFound",
    "DhcpOptionsId": "InvalidDhcpOptionID.NotFound",
    "PublicIp": "InvalidAddress.NotFound",
    "FlowLogIds": "InvalidFlowLogId.NotFound",
    "PlacementGroup": "InvalidPlacementGroup.Unknown",
    "InstanceType": "InvalidInstanceType",
    "KmsKeyId": "InvalidParameterValue",
    "LocationType": "InvalidParameterValue",
}
# Members that name no resource of their own: what the backend failed on is a value it could not use.
NOT_RESOURCES = frozenset(("AvailabilityZone", "PrivateIpAddress", "Attribute", "Filters"))


def not_found(operation: str, member: str, value: str) -> AWSError | None:
    if member in NOT_RESOURCES:
        return AWSError("InvalidParameterValue", _invalid(member, value))
    stem = re.sub(r"(Ids|Id|ID|s)$", "", member)
    code = CODES.get(member) or CODES.get(f"{stem}Id") or f"Invalid{stem}ID.NotFound"
    if code.startswith("InvalidParameterValue") or code == "InvalidInstanceType":
        return AWSError(code, _invalid(member, value))
    return AWSError(code, f"The {_lower(stem)} ID '{value}' does not exist")


def _lower(name: str) -> str:
    return name[0].lower() + name[1:]


def _invalid(member: str, value: str) -> str:
    return f"Value ({value}) for parameter {_lower(member)} is invalid."
