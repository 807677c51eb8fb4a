"""xfail marks added while a test runs, and a missing fixture under xfail: pytest evaluates
xfail again after setup and after the call when no mark applied before."""
import pytest


@pytest.fixture
def xfail_in_fixture(request):
    request.node.add_marker(pytest.mark.xfail(reason="added by a fixture"))


def test_marked_by_fixture_fails(xfail_in_fixture):
    assert 0


def test_marked_by_fixture_passes(xfail_in_fixture):
    pass


def test_marked_in_test_fails(request):
    request.node.add_marker(pytest.mark.xfail(reason="added by the test"))
    assert 0


def test_marked_in_test_strict_passes(request):
    request.node.add_marker(pytest.mark.xfail(reason="strict", strict=True))


def test_marked_in_test_wrong_raises(request):
    request.node.add_marker(pytest.mark.xfail(raises=KeyError))
    raise ValueError


@pytest.fixture
def xfail_not_run(request):
    request.node.add_marker(pytest.mark.xfail(run=False, reason="not run"))


def test_marked_not_run_by_fixture(xfail_not_run):
    raise AssertionError("must not run")


@pytest.mark.xfail(reason="fixture missing")
def test_missing_fixture_under_xfail(no_such_fixture):
    pass


@pytest.mark.xfail(raises=KeyError)
def test_missing_fixture_under_xfail_raises(no_such_fixture):
    pass
