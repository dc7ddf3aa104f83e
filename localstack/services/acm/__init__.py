"""The acm service: moto backend plus our listeners and patches."""
