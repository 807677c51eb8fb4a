"""Generates the test suites that runner_vs_pytest.sh times.

    /usr/bin/python3 bench/gen_suites.py DIRECTORY    # writes DIRECTORY/{mixed,unittest,trivial}/

  mixed     40 files x 12 tests: pytest-style functions with plain asserts, a Test* class, a
            unittest.TestCase class, two @pytest.mark.parametrize functions (2 cases each)
  unittest  40 files x 12 tests: three unittest.TestCase classes, no pytest import
  trivial   100 files x 100 `def test_n(): pass` (10,000 tests)
  single    1 file, one unittest.TestCase test: the fixed cost of an invocation
  cpu       40 files x 3 tests, each ~20 ms of pure-Python arithmetic on this machine (-n's benchmark)

Every suite gets an empty pytest.ini, so that pytest's rootdir is the suite whatever surrounds it.
"""
import pathlib
import shutil
import sys

IMPORTS = """\
import collections
import dataclasses
import datetime
import decimal
import fractions
import itertools
import json
import pathlib
import re
import typing
import unittest
"""

HELPERS = '''

@dataclasses.dataclass
class Item{n}:
    name: str
    price: decimal.Decimal
    tags: typing.List[str] = dataclasses.field(default_factory=list)


def parse_pairs{n}(text: str) -> typing.Dict[str, int]:
    return {{key: int(value) for key, value in re.findall(r"(\\w+)=(\\d+)", text)}}
'''

# (name, setup, left, right): a test that sets up, then checks `left == right`.
BODIES = [
    ("json_roundtrip", 'data = {{"n": {n}, "items": [1, 2, 3], "nested": {{"ok": True}}}}',
     "json.loads(json.dumps(data, sort_keys=True))", "data"),
    ("regex", "", 'parse_pairs{n}("a=1 b=22 c={n}")', '{{"a": 1, "b": 22, "c": {n}}}'),
    ("counter", "", 'collections.Counter("abracadabra").most_common(1)', '[("a", 5)]'),
    ("dataclass", 'item = Item{n}("x", decimal.Decimal("1.50"), ["t"])',
     'dataclasses.asdict(item)["price"]', 'decimal.Decimal("1.5")'),
    ("itertools", "", "list(itertools.islice(itertools.count({n}, 2), 3))", "[{n}, {n} + 2, {n} + 4]"),
    ("pathlib", "", 'pathlib.PurePosixPath("/srv/data/file{n}.tar.gz").suffixes', '[".tar", ".gz"]'),
    ("decimal", "", 'decimal.Decimal("0.1") + decimal.Decimal("0.2")', 'decimal.Decimal("0.3")'),
    ("fractions", "", "fractions.Fraction(1, 3) + fractions.Fraction(1, 6)", "fractions.Fraction(1, 2)"),
    ("datetime", "start = datetime.date(2024, 1, 31)",
     "(start + datetime.timedelta(days={n} % 28 + 1)).month", "2"),
    ("ordered", "", 'list(collections.OrderedDict.fromkeys("mississippi"))', '["m", "i", "s", "p"]'),
    ("groupby", "", '[k for k, _ in itertools.groupby("aaabbc")]', '["a", "b", "c"]'),
    ("namedtuple", 'Point = collections.namedtuple("Point", "x y")', 'Point(1, {n})._asdict()["y"]', "{n}"),
]


def body(index, n, indent, style):
    """(test name, indented body) of test `index`; style "assert" or "unittest"."""
    name, setup, left, right = (part.format(n=n) for part in BODIES[index % len(BODIES)])
    check = f"assert {left} == {right}" if style == "assert" else f"self.assertEqual({left}, {right})"
    lines = [setup, check] if setup else [check]
    return name, "".join(f"{indent}{line}\n" for line in lines)


def mixed_file(n):
    out = ["import pytest\n", IMPORTS, HELPERS.format(n=n)]
    for i in range(3):
        name, text = body(i, n, "    ", "assert")
        out.append(f"\n\ndef test_{name}_{n}():\n{text}")
    out.append(f"\n\nclass TestThings{n}:\n")
    for i in range(3, 6):
        name, text = body(i, n, "        ", "assert")
        out.append(f"    def test_{name}(self):\n{text}\n")
    out.append(f"\nclass Case{n}(unittest.TestCase):\n")
    for i in range(6, 8):
        name, text = body(i, n, "        ", "unittest")
        out.append(f"    def test_{name}(self):\n{text}\n")
    out.append(f'''
@pytest.mark.parametrize("days,month", [(1, 2), (40, 3)])
def test_date_shift_{n}(days, month):
    assert (datetime.date(2024, 1, 31) + datetime.timedelta(days=days)).month == month


@pytest.mark.parametrize("text,expected", [("x=1", {{"x": 1}}), ("a=2 b={n}", {{"a": 2, "b": {n}}})])
def test_parse_{n}(text, expected):
    assert parse_pairs{n}(text) == expected
''')
    return "".join(out)


def unittest_file(n):
    out = [IMPORTS, HELPERS.format(n=n)]
    for c in range(3):
        out.append(f"\n\nclass Case{n}_{c}(unittest.TestCase):\n")
        for i in range(4 * c, 4 * c + 4):
            name, text = body(i, n, "        ", "unittest")
            out.append(f"    def test_{name}(self):\n{text}\n")
    out.append('\nif __name__ == "__main__":\n    unittest.main()\n')
    return "".join(out)


def trivial_file(tests):
    return "".join(f"def test_{i}():\n    pass\n\n\n" for i in range(tests))


CPU_TESTS = """\
def work(n):
    total = 0
    for i in range(n):
        total += (i * i) % 7
    return total


def test_first():
    assert work(520_000) > 0


def test_second():
    assert work(520_000) > 0


def test_third():
    assert work(520_000) > 0
"""


SINGLE = """\
import unittest


class Case(unittest.TestCase):
    def test_nothing(self):
        pass
"""


def write_suite(directory, files):
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    (directory / "pytest.ini").write_text("[pytest]\n")
    for name, text in files:
        (directory / name).write_text(text)


def generate(root):
    root = pathlib.Path(root)
    write_suite(root / "mixed", [(f"test_a{n:02d}.py", mixed_file(n)) for n in range(40)])
    write_suite(root / "unittest", [(f"test_b{n:02d}.py", unittest_file(n)) for n in range(40)])
    write_suite(root / "trivial", [(f"test_c{n:03d}.py", trivial_file(100)) for n in range(100)])
    write_suite(root / "single", [("test_d.py", SINGLE)])
    write_suite(root / "cpu", [(f"test_e{n:02d}.py", CPU_TESTS) for n in range(40)])
    return [root / name for name in ("mixed", "unittest", "trivial", "single", "cpu")]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for path in generate(sys.argv[1]):
        print(path)
