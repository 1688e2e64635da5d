"""Benchmarks (not tests): `make bench` runs each scenario in its own process and prints one
table. See README.md in this folder."""
