"""Everything read from dialogs/ and templates/, validated when loaded."""
