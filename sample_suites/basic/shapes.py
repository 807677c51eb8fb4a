"""The tiny project the `basic` sample tests."""

import math


def add(a, b):
    return a + b


def slugify(text):
    """'Hello, World!' -> 'hello-world'."""
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)


class Circle:
    def __init__(self, radius):
        if radius < 0:
            raise ValueError("radius must not be negative")
        self.radius = radius

    def area(self):
        return math.pi * self.radius ** 2
