"""The shared vocabulary: events and replies, records, reminder words, problems.

Everything else in bot/ builds on these; nothing here imports anything else from bot/.
"""
