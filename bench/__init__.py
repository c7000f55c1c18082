"""Benchmarks: a generator of fictional datasets and the runs that time Docket on them."""
