"""Module-level state, as real projects have: a setting and a registry filled at import."""

import os

MODE = "production"
PLUGINS = ["core"]


def mode():
    return os.environ.get("APP_MODE", MODE)


def register(name):
    PLUGINS.append(name)
