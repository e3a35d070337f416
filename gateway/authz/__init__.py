"""Authorisation: tokens -> Principal, role policies, field and row enforcement, audit log."""
