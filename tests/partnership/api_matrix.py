"""Rows of the REST API permission matrix (``tests/api_matrix.py``): this app has no endpoints yet."""

ENDPOINTS = []
