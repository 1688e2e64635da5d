"""Dialogs as data: the models, the YAML loader with its checks, and the state machine."""
