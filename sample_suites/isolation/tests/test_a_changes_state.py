"""Careless tests: they change shared state and never restore it."""

import os

import appconfig


def test_switch_to_debug_mode():
    appconfig.MODE = "debug"  # a module global, left changed
    assert appconfig.mode() == "debug"


def test_register_plugin():
    appconfig.register("experimental")
    assert appconfig.PLUGINS == ["core", "experimental"]


def test_environment_override():
    os.environ["APP_MODE"] = "staging"  # process-wide, left set
    assert appconfig.mode() == "staging"
