import os
import subprocess
import sys


class Thing:
    size = 3


def helper(value):
    assert value > 10


def test_assert_locals():
    total = 2
    assert total == 3


def test_assert_attribute():
    thing = Thing()
    assert thing.size == 4


def test_assert_message():
    x = 1
    assert x == 2, "x should be two"


def test_assert_in_helper():
    helper(5)


def test_chained():
    try:
        {}["missing"]
    except KeyError as exc:
        raise RuntimeError("wrapped") from exc


def test_system_exit():
    sys.exit(3)


def test_output_then_fail():
    print("printed before failure")
    os.write(2, b"fd2 text\n")
    assert False


def test_subprocess_output():
    subprocess.run([sys.executable, "-c", "print('from child')"], check=True)


def test_passes():
    pass
