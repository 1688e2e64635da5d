"""Doubles that run as real network services, for tests that start the bot as a process."""
