"""A pytest-style Test class (no __init__, no base class) and pytest.raises."""

import pytest

from shapes import Circle


class TestCircle:
    def test_area_of_unit_circle(self):
        assert Circle(1).area() == pytest.approx(3.14159, rel=1e-5)

    def test_zero_radius(self):
        assert Circle(0).area() == 0

    def test_negative_radius_is_rejected(self):
        with pytest.raises(ValueError, match="negative"):
            Circle(-1)
