import enum
import re
import sys

import pytest

pytestmark = [pytest.mark.slow]


class Color(enum.Enum):
    RED = 1


class Opaque:
    pass


@pytest.mark.skip
def test_skip_plain():
    pass


@pytest.mark.skip("positional reason")
def test_skip_positional():
    pass


@pytest.mark.skipif(True, reason="bool condition")
def test_skipif_true():
    pass


@pytest.mark.skipif(False, reason="never")
def test_skipif_false():
    pass


@pytest.mark.skipif("sys.version_info > (3, 0)")
def test_skipif_string():
    pass


@pytest.mark.skipif("helper_flag")
def test_skipif_module_global():
    pass


helper_flag = True


@pytest.mark.skipif("no_such_name")
def test_skipif_bad_string():
    pass


@pytest.mark.skipif(True)
def test_skipif_bool_without_reason():
    pass


@pytest.mark.xfail(reason="known bug")
def test_xfail_fails():
    raise ValueError("bug")


@pytest.mark.xfail
def test_xfail_passes():
    pass


@pytest.mark.xfail(strict=True)
def test_xfail_strict_passes():
    pass


@pytest.mark.xfail(raises=KeyError)
def test_xfail_raises_matches():
    raise KeyError("k")


@pytest.mark.xfail(raises=KeyError)
def test_xfail_raises_other():
    raise ValueError("v")


@pytest.mark.xfail(run=False, reason="not run")
def test_xfail_not_run():
    raise SystemExit("must not run")


@pytest.mark.xfail(False, reason="condition false")
def test_xfail_condition_false():
    assert 0


@pytest.mark.xfail("sys.platform.startswith('linux')", reason="on linux")
def test_xfail_string_condition():
    assert 0


def test_runtime_skip():
    pytest.skip("runtime")


def test_runtime_xfail():
    pytest.xfail("runtime xfail")


def test_runtime_fail_no_trace():
    pytest.fail("no trace", pytrace=False)


def test_importorskip():
    pytest.importorskip("module_that_does_not_exist_anywhere")


def test_importorskip_present():
    assert pytest.importorskip("json").dumps(1) == "1"


@pytest.mark.parametrize("x", [1, 2.5, "s", b"b", None, True, Opaque(), Color.RED, re.compile("a+"), len, "\u00e9\n"])
def test_ids_from_values(x):
    pass


@pytest.mark.parametrize("a,b", [(1, 2), (3, 4)], ids=["first", "second"])
def test_ids_list(a, b):
    assert a < b


@pytest.mark.parametrize("a", [1, 2, 3], ids=lambda v: f"v{v}" if v != 2 else None)
def test_ids_callable(a):
    pass


@pytest.mark.parametrize("a", [0, 1])
@pytest.mark.parametrize("b", ["x", "y"])
def test_stacked(a, b):
    pass


@pytest.mark.parametrize("a", [1, 1, 2])
def test_duplicate_ids(a):
    pass


@pytest.mark.parametrize("a", [
    pytest.param(1, id="one"),
    pytest.param(2, marks=pytest.mark.xfail(reason="two is bad")),
    pytest.param(3, marks=[pytest.mark.skip(reason="three skipped")]),
])
def test_param_objects(a):
    assert a != 2


@pytest.mark.parametrize(("a", "b"), [(1, 1), (2, 3)])
def test_tuple_argnames(a, b):
    assert a == b


@pytest.mark.parametrize("a", [])
def test_empty_params(a):
    pass


@pytest.mark.parametrize("a", [[1, 2], {"k": 1}, (1,)])
def test_ids_containers(a):
    pass


@pytest.mark.parametrize("x", [1, 2])
class TestClassParametrize:
    def test_method(self, x):
        assert x in (1, 2)

    @pytest.mark.parametrize("y", [10])
    def test_both(self, x, y):
        pass


@pytest.mark.skip(reason="class skipped")
class TestSkippedClass:
    def test_a(self):
        assert 0


@pytest.mark.xfail(reason="class xfail")
class TestXfailClass:
    def test_fails(self):
        assert 0

    def test_passes(self):
        pass


@pytest.mark.some_unknown_mark
def test_unknown_mark():
    pass
