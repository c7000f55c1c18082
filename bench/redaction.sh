#!/bin/sh
# The redaction property test with more random datasets than CI runs; prints the records
# generated, outputs searched and leaks found. Usage: bench/redaction.sh [DATASETS] (default 60)
cd "$(dirname "$0")/.." || exit 1
DOCKET_REDACTION_EXAMPLES="${1:-60}" exec .venv/bin/pytest -q -s -p no:cacheprovider \
    tests/security/test_redaction_outputs.py
