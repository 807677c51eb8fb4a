"""These pass only when test_a's changes did not leak in (isolate = "file")."""

import os

import appconfig


def test_module_global_is_pristine():
    assert appconfig.MODE == "production"


def test_registry_is_pristine():
    assert appconfig.PLUGINS == ["core"]


def test_environment_is_pristine():
    assert "APP_MODE" not in os.environ
    assert appconfig.mode() == "production"
