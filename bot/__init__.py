"""Interview Coach: a companion between the second interview and the answer."""

__version__ = "0.1.0"
