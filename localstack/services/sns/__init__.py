"""The sns service: moto backend plus our listeners and patches."""
