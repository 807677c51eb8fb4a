"""Plain test functions with bare asserts. This file does not import pytest."""

import shapes


def test_add():
    assert shapes.add(2, 3) == 5


def test_add_strings():
    assert shapes.add("py", "space") == "pyspace"


def test_slugify():
    assert shapes.slugify("Hello, World!") == "hello-world"


def helper_not_a_test():
    raise AssertionError("only functions named test_* are collected")
