"""CloudTrail: moto's backend with our corrections (patches.py)."""
