"""Failed-assert explanations as pytest 7.2 prints them, at every verbosity and on CI: the
FAILURES section and the short test summary of a corpus of failing asserts (each kind of
comparison pytest explains, long and short, nested, unicode, multi-line, a raising __repr__, a
custom __eq__, dataclasses, namedtuples, approx, `not in`, bytes, messages), the --tb=line crash
lines and JUnit's failure messages, compared with pytest's own run of the same files.

Object addresses differ between runs and are masked. The corpus avoids what hash randomisation
orders differently from run to run (several string keys differing in one dict or set)."""

import re
import xml.etree.ElementTree as ET

import pytest

import pst_support
from pst_support import base_env, pst, pytest_run, write_tree

CORPUS = {
    "test_corpus.py": """
        import collections
        import dataclasses

        import pytest


        def f(x):
            return x + 1


        class Box:
            size = 3

            def items(self):
                return [1, 2]


        class BadRepr:
            def __repr__(self):
                raise ValueError("no repr")

            def __eq__(self, other):
                return False


        class NeverEqual:
            def __eq__(self, other):
                return False

            def __repr__(self):
                return "NeverEqual()"


        @dataclasses.dataclass
        class Point:
            x: int
            y: int
            label: str = "p"


        @dataclasses.dataclass
        class Outer:
            inner: Point
            tags: list


        Pair = collections.namedtuple("Pair", "left right")


        def test_ints_and_call():
            assert f(1) == 3


        def test_attribute():
            box = Box()
            assert box.size == 4


        def test_method_call():
            assert "abc".startswith("x")


        def test_short_lists():
            assert [1, 2, 3] == [1, 2, 4]


        def test_long_lists():
            assert list(range(30)) == list(range(29)) + [99]


        def test_list_lengths():
            assert [1, 2, 3, 4] == [1, 2]


        def test_nested_containers():
            left = {1: [1, 2, {"x": 1}], 2: (1, 2), 3: {1, 2}, 4: "été"}
            right = {1: [1, 2, {"x": 2}], 2: (1, 2), 3: {1, 3}, 4: "été"}
            assert left == right


        def test_dict_many_keys():
            left = {i: i for i in range(40)}
            right = {i: i * 2 if i % 3 else i for i in range(35)}
            assert left == right


        def test_sets():
            assert {1, 2, 3} == {2, 3, 4}


        def test_text_short():
            assert "hello world" == "hello wurld"


        def test_text_multiline():
            assert "hello\\nworld\\n" * 10 == "hello\\nworld\\n" * 9 + "x"


        def test_text_long_common_prefix():
            a = "x" * 100 + "abc" + "y" * 100
            assert a == "x" * 100 + "abd" + "y" * 100


        def test_unicode():
            assert "caf\\u00e9 \\u2603 \\U0001F600" == "cafe \\u2603 \\U0001F600"


        def test_unicode_normalisation():
            assert "\\u00e9" == "e\\u0301"


        def test_whitespace():
            assert "   " == "  \\t"


        def test_bytes():
            assert b"spam and eggs" == b"spam and ham"


        def test_not_in():
            assert "world" not in "hello world, the whole world"


        def test_in():
            assert 5 in [1, 2, 3]


        def test_bad_repr():
            assert [BadRepr()] == [1]


        def test_bad_repr_in_dict():
            assert {"a": BadRepr()} == {"a": 1}


        def test_custom_eq():
            assert NeverEqual() == NeverEqual()


        def test_dataclass():
            assert Point(1, 2) == Point(1, 3, "q")


        def test_nested_dataclass():
            assert Outer(Point(1, 2), [1]) == Outer(Point(1, 3), [1])


        def test_namedtuple():
            assert Pair(1, [1, 2]) == Pair(1, [1, 3])


        def test_tuple_vs_list_types():
            assert (1, 2) == [1, 2]


        def test_not_equal():
            x = [1, 2]
            assert x != [1, 2]


        def test_chained():
            assert 1 < 2 < 1


        def test_boolean_ops():
            x = 0
            y = []
            assert x or y


        def test_not():
            assert not f(0)


        def test_message():
            assert f(1) == 3, "f is off\\nsecond line"


        def test_message_object():
            assert [1] == [2], {"reason": "a\\nb"}


        def test_approx():
            assert [1.0, 2.0, 3.0] == pytest.approx([1.0, 2.5, 3.0])


        def test_approx_scalar():
            assert 1.0 == pytest.approx(1.5)


        def test_where_nested():
            assert len(Box().items()) == 3


        def test_raise_plain():
            raise ValueError("first line\\nsecond line")


        def test_raise_assertion_text():
            raise AssertionError("assert something")


        def test_long_operands():
            long_string = "a" * 300
            assert len(long_string) == 3 and long_string


        def test_iterable_generator_like():
            assert range(5) == range(6)


        def test_dict_extra_keys():
            assert {"a": 1, "b": 2, "c": 3} == {"a": 1, "d": 4}


        def test_dict_short():
            assert {"a": 1, "b": 2} == {"a": 1, "b": 3}


        def test_not_in_long_text():
            text = "x" * 100 + "needle" + "y" * 100
            assert "needle" not in text


        def test_long_bytes():
            assert b"a" * 100 + b"b" == b"a" * 100 + b"c"


        def test_set_of_tuples():
            assert {(1, 2), (3, 4)} == {(1, 2)}


        def test_is_not_none():
            value = None
            assert value is not None


        def g():
            return [1, 2]


        def count(*args):
            return len(args)


        def test_starred_and_lambda():
            assert count(*g()) == 5 or (lambda: 0)()


        def test_error_inside_a_multi_line_assert():
            assert [1, 2] == [
                1,
                g()[5],
            ]


        class CorpusError(Exception):
            pass


        def test_exception_of_a_test_module_class():
            raise CorpusError("named without its module")


        def test_lines_of_text():
            left = "\\n".join(f"line {i}" for i in range(20))
            right = left.replace("line 7", "line seven")
            assert left == right
        """,
    "test_arguments.py": """
        def _compare(first, second, third, fourth, fifth, *, flag=False):
            assert first == second


        def test_a_frames_arguments_share_lines_up_to_the_width():
            _compare(1, 2, "x" * 30, "y" * 40, {"key": "value " * 8}, flag=True)
        """,
}

# 0x7f3a... ids, and the tail of one that saferepr cut ('...7f3a5c1d2e90>').
_ADDRESS = re.compile(r"0x[0-9a-f]+|(?<=\.\.\.)[0-9a-f]{6,}")
_TIME = re.compile(r" in \d+\.\d+s\b")  # -q's closing line follows the summary


def masked(text):
    return _TIME.sub(" in T", _ADDRESS.sub("ADDR", text))


def section(text, title):
    """The masked lines of the '=== title ===' section, or None."""
    lines = pst_support.section(text, title)
    return None if lines is None else [masked(line) for line in lines]
    return None


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    return write_tree(tmp_path_factory.mktemp("explain") / "proj", CORPUS)


def both(suite, *args, env=None):
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=suite, env=env)
    theirs = pytest_run(*args, cwd=suite, env=env)
    return ours, theirs


@pytest.mark.parametrize("args, environment", [
    ([], {}),
    (["-v"], {}),
    (["-vv"], {}),
    (["-q"], {}),
    ([], {"CI": "true"}),
    (["-v"], {"BUILD_NUMBER": "12"}),
], ids=["default", "-v", "-vv", "-q", "CI", "BUILD_NUMBER -v"])
def test_failures_and_summary_match_pytest(suite, args, environment):
    ours, theirs = both(suite, *args, env=base_env(**environment))
    assert ours.rc == theirs.rc == 1, str(ours)
    for title in ("FAILURES", "short test summary info"):
        mine, pytests = section(ours.out, title), section(theirs.out, title)
        assert mine is not None and mine == pytests, (
            f"{title}\n" + str(ours) + "\n--- pytest ---\n" + theirs.out)


def test_pytests_explanations_are_what_the_corpus_is_for(suite):
    # The comparison above is only as good as the corpus: it must hold pytest's special texts.
    _, theirs = both(suite, env=base_env())
    for text in ("At index 29 diff: 29 != 99", "Use -v to get more diff", "Full output truncated",
                 "representation of details failed", "Drill down into differing attribute",
                 "is contained here:", "Strings contain only whitespace", "comparison failed",
                 "E       AssertionError: assert {", " +  and   "):
        assert text in theirs.out, text
    _, verbose = both(suite, "-v", env=base_env())
    assert "Full diff:" in verbose.out and "Use -v to get more diff" not in verbose.out


@pytest.mark.parametrize("args", [["--tb=line"], ["--tb=line", "-vv"], ["--tb=short", "-v"],
                                  ["--tb=native"]])
def test_other_traceback_styles_match_pytest(suite, args):
    ours, theirs = both(suite, *args, env=base_env())
    assert section(ours.out, "FAILURES") == section(theirs.out, "FAILURES"), (
        str(ours) + "\n--- pytest ---\n" + theirs.out)


def failure_messages(path):
    """{test name: masked <failure message=...>} of a JUnit XML file."""
    messages = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        for child in case:
            if child.tag == "failure":
                messages[case.get("name")] = masked(child.get("message"))
    return messages


@pytest.mark.parametrize("args, environment", [([], {}), (["-vv"], {}), ([], {"CI": "1"})],
                         ids=["default", "-vv", "CI"])
def test_junit_failure_messages_are_the_whole_crash_message(suite, tmp_path, args, environment):
    env = base_env(**environment)
    pst("run", "-p", "no:cacheprovider", *args, f"--junitxml={tmp_path / 'ours.xml'}", cwd=suite,
        env=env)
    pytest_run(*args, f"--junitxml={tmp_path / 'pytest.xml'}", cwd=suite, env=env)
    mine, pytests = failure_messages(tmp_path / "ours.xml"), failure_messages(tmp_path / "pytest.xml")
    assert len(mine) == len(pytests) > 40
    for name, message in pytests.items():
        assert mine.get(name) == message, name
    assert "\n" in mine["test_long_lists"]  # the whole explanation, not its first line
