"""The resourcegroupstaggingapi service: moto backend plus our listeners and patches."""
