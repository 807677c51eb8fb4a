"""@pytest.mark.parametrize: one test id per case, e.g. test_slugify[Hello World-hello-world]."""

import pytest

from shapes import add, slugify


@pytest.mark.parametrize("a, b, expected", [(1, 1, 2), (2, 3, 5), (-1, 1, 0)])
def test_add(a, b, expected):
    assert add(a, b) == expected


@pytest.mark.parametrize(
    "text, slug",
    [("Hello World", "hello-world"), ("  many   spaces ", "many-spaces")],
    ids=["words", "spaces"],
)
def test_slugify(text, slug):
    assert slugify(text) == slug
