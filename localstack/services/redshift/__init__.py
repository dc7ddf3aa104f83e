"""The redshift service: moto backend plus our listeners and patches."""
