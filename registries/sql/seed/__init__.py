"""Seed data for the embedded store: the demo municipality and synthetic bulk data."""
