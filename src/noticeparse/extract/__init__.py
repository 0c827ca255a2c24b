"""Extractors, one module per field."""
