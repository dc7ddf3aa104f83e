"""The live dashboard at /_localstack/dashboard: resources, the request log and health, served by the edge."""
