"""Our own resourcegroupstaggingapi state: none yet, moto's backend holds it all."""
