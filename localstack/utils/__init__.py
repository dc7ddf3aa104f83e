"""Small helpers, split by topic."""
