"""Advice computed from a user's own answers: pure functions, no I/O."""
