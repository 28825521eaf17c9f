"""Packaged data files: default settings, taxonomy, boilerplate rules, lexicons."""
