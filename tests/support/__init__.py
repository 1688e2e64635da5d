"""What the tests import: drivers, doubles and fakes. Fixtures live in conftest.py files."""
