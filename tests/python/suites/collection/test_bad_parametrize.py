import pytest


@pytest.mark.parametrize("nope", [1])
def test_uses_other(x):
    pass


def test_fine():
    pass
