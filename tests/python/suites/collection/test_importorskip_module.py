import pytest

missing = pytest.importorskip("module_that_does_not_exist_xyz")


def test_never():
    pass
