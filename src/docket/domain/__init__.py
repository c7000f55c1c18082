"""The pure core: records, vocabularies and status derivation. No I/O but reading vocabularies."""
