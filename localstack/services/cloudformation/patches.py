"""Corrections to moto's cloudformation backend: none, since our own deployer serves CloudFormation
and creates each resource through its service's API (whose patches that service applies)."""


def apply() -> None:
    """Nothing to correct: moto's CloudFormation backend is never built."""
