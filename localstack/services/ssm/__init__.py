"""The ssm service: moto backend plus our listeners and patches."""
