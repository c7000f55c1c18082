"""The command line: parse, call a service, print. No logic, no SQL."""
