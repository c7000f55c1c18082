"""Shared helpers for the import and export tests."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
MAPPING = CORPUS / "mapping.yaml"
