"""A unittest.TestCase runs as it does under pytest (setUp before each test)."""

import unittest

from shapes import Circle


class CircleTest(unittest.TestCase):
    def setUp(self):
        self.circle = Circle(2)

    def test_radius_kept(self):
        self.assertEqual(self.circle.radius, 2)

    def test_area_grows_with_radius(self):
        self.assertGreater(Circle(3).area(), self.circle.area())

    def test_raises(self):
        with self.assertRaises(ValueError):
            Circle(-5)
