"""Prints the supported CloudFormation resource types as the README lists them."""

from localstack.services.cloudformation.providers import markdown_list

print(markdown_list())
