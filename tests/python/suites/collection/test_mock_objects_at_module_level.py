"""Module-level objects that answer every attribute are not fixtures (pytest checks the type)."""
from unittest import mock
from unittest.mock import call

expected_calls = [call(1), call(2)]
patched = mock.MagicMock()
STUB = mock.Mock()


def test_calls_are_recorded():
    target = mock.Mock()
    target(1)
    target(2)
    assert target.call_args_list == expected_calls


def test_magic_mock_at_module_level_is_a_plain_object():
    patched.method(3)
    patched.method.assert_called_once_with(3)
