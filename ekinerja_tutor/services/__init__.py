"""Use cases: one transaction per public method, permission checks, audit events."""
