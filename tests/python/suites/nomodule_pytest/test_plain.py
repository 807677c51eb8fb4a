import sys


def test_pytest_not_imported():
    assert "pytest" not in sys.modules
    assert "_pytest" not in sys.modules


class TestPlain:
    def test_method(self):
        assert 1 + 1 == 2
