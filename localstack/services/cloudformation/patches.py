"""Corrections to moto's cloudformation backend, applied by the starter before the backend is built."""


def apply() -> None:
    """CloudFormation creates resources in other services' moto backends directly, possibly before
    those services were ever called: their corrections must be in place first."""
    from localstack.services import plugins

    for name in plugins.PACKAGES:
        if name == "cloudformation":
            continue
        patches = plugins.load_spec(name).patches
        if patches is not None:
            plugins.apply_patches(patches)
