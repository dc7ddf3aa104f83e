from pathlib import Path

from setuptools import Extension, find_packages, setup

requirements = [
    line.strip()
    for line in Path(__file__).with_name("requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]

setup(
    name="localstack",
    version="0.1.0",
    description="A local AWS cloud: moto backends behind a proxy-interceptor gateway",
    packages=find_packages(include=["localstack", "localstack.*"]),
    # The Lambda runtime clients for nodejs are not Python: without them every nodejs invoke fails.
    package_data={
        "localstack.services.awslambda.runtimes": ["*.js", "*.mjs"],
        # The dashboard's page, served from the package (no build step, no CDN).
        "localstack.dashboard": ["static/*.html", "static/*.css", "static/*.js"],
    },
    include_package_data=True,
    python_requires=">=3.10",
    install_requires=requirements,
    # Native CRC32C/CRC64NVME for S3 checksums of large objects (Python's would cost seconds per object):
    # our own small C module, compiled when a C compiler is there (crc.py computes the same without it).
    ext_modules=[
        Extension(
            "localstack.services.s3._native_crc", ["localstack/services/s3/_native_crc.c"], optional=True
        )
    ],
    entry_points={
        "console_scripts": ["localstack=localstack.cli:main"],
        # Installing the package gives every pytest run the `localstack` and `aws_client` fixtures.
        "pytest11": ["localstack = localstack.testing.pytest_plugin"],
    },
)
