"""The coaching rules: pure functions over records and dates, no I/O, no clock reads."""
