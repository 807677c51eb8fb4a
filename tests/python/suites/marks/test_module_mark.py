import pytest

pytestmark = pytest.mark.skipif(True, reason="whole module skipped by mark")


def test_a():
    assert 0


class TestB:
    def test_b(self):
        assert 0
