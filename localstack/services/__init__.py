"""The gateway: edge router, per-service proxies, the registry and the lifecycle manager."""
