"""The transport-free core: events in, replies out."""
