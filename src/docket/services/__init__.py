"""Use cases, one unit of work each. The CLI and the web call these, never storage directly."""
