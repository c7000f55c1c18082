"""Docket: a sourced registry of political persecution and digital repression.

Importing this package does nothing: no database is opened, no environment is read.
"""

__version__ = "0.1.0"
