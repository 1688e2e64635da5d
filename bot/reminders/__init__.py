"""Reminders: planning them from an interview, storing them, and delivering them on time."""
