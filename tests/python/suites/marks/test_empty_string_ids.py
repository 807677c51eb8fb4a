"""An empty-string part of a parametrize id still counts: pytest joins it ("-1", "-")."""
import pytest


@pytest.mark.parametrize("b", [1, ""])
@pytest.mark.parametrize("a", ["", "x"])
def test_stacked(a, b):
    assert a in ("", "x")


@pytest.fixture(params=[""])
def empty(request):
    return request.param


@pytest.mark.parametrize("c", [2])
def test_fixture_param_first(empty, c):
    assert empty == "" and c == 2


@pytest.mark.parametrize("s", [""])
def test_alone(s):
    assert s == ""
