"""The ec2 service: moto backend plus our listeners and patches."""
