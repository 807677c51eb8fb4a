"""The light `pytest` module test code gets (lib/run/pytest_lite.py): the same outcomes as under
the real pytest for everything it implements or hands over, without importing the real pytest
when a suite uses only marks, params, fixtures, raises and skip/fail/xfail."""

from pst_support import events_of, outcome_diff, outcomes_by_id, pst, pytest_outcomes, read_events, write_tree

USES_THE_API = {
    "test_marks.py": """
        import sys
        import pytest

        pytestmark = pytest.mark.module_wide

        @pytest.mark.skip(reason="not today")
        def test_skip_mark():
            pass

        @pytest.mark.skipif(sys.version_info > (3,), reason="py3")
        def test_skipif_true():
            pass

        @pytest.mark.skipif("sys.platform == 'nonexistent'", reason="string condition")
        def test_skipif_string_false():
            pass

        @pytest.mark.xfail(reason="known", strict=True)
        def test_xfail_strict_fails():
            assert 0

        @pytest.mark.xfail(strict=True)
        def test_xfail_strict_passes():
            pass

        @pytest.mark.xfail(raises=KeyError)
        def test_xfail_other_exception():
            raise ValueError("not the expected one")

        @pytest.mark.parametrize("a, b", [(1, 1), pytest.param(1, 2, marks=pytest.mark.xfail),
                                          pytest.param(3, 3, id="three"),
                                          pytest.param(0, 1, marks=[pytest.mark.skip(reason="r")])])
        @pytest.mark.parametrize("c", ["x", "y"], ids=lambda v: v.upper())
        def test_stacked(a, b, c):
            assert a == b

        @pytest.mark.parametrize("n", [])
        def test_empty_parameters(n):
            pass

        @pytest.mark.custom
        class TestMarkedClass:
            @pytest.mark.parametrize("v", [1, 2])
            def test_in_class(self, v):
                assert v

            def test_other(self):
                pass

        def test_mark_objects():
            decorator = pytest.mark.named(1, key="v")
            assert decorator.name == "named" and decorator.args == (1,)
            assert decorator.kwargs == {"key": "v"}
            assert decorator.with_args(2).args == (1, 2)
            def f():
                pass
            assert pytest.mark.a(pytest.mark.b(f)) is f
            assert [m.name for m in f.pytestmark] == ["b", "a"]
            assert pytest.mark.a(lambda: 0).args[0]() == 0  # a lambda is an argument, not a target
            with pytest.raises(TypeError, match="Expected id to be a string"):
                pytest.param(1, id=5)
            with pytest.raises(AttributeError):
                pytest.mark._private
        """,
    "test_fixtures_raises.py": """
        import pytest

        @pytest.fixture(params=[1, 2], ids=["one", "two"])
        def number(request):
            return request.param

        @pytest.fixture(name="renamed")
        def _the_fixture():
            yield "value"

        @pytest.fixture(scope="module", autouse=True)
        def auto():
            yield

        @pytest.fixture
        def plain():
            return 3

        def test_params(number):
            assert number in (1, 2)

        def test_renamed(renamed):
            assert renamed == "value"

        def test_calling_a_fixture_fails():
            plain()

        def test_raises_context():
            with pytest.raises(ZeroDivisionError) as excinfo:
                1 / 0
            assert excinfo.type is ZeroDivisionError
            assert excinfo.typename == "ZeroDivisionError"
            assert "division" in str(excinfo.value)
            assert excinfo.match("division")
            assert excinfo.errisinstance(ArithmeticError)

        def test_raises_callable():
            info = pytest.raises(KeyError, {}.__getitem__, "k")
            assert info.value.args == ("k",)

        def test_raises_tuple_and_match():
            with pytest.raises((ValueError, TypeError), match=r"ba+d"):
                raise TypeError("baaad")

        def test_raises_does_not_raise():
            with pytest.raises(ValueError):
                pass

        def test_raises_wrong_type_propagates():
            with pytest.raises(ValueError):
                raise KeyError("k")

        def test_raises_no_match():
            with pytest.raises(ValueError, match="expected"):
                raise ValueError("something else")

        def test_raises_traceback_from_real_pytest():
            def inner():
                raise RuntimeError("deep")
            with pytest.raises(RuntimeError) as excinfo:
                inner()
            assert len(excinfo.traceback) >= 2
            assert excinfo.exconly() == "RuntimeError: deep"

        def test_raises_bad_type():
            with pytest.raises(TypeError, match="must be a BaseException type"):
                pytest.raises(int)

        def test_runtime_outcomes_skip():
            pytest.skip("at run time")

        def test_runtime_outcomes_fail():
            pytest.fail("explicitly", pytrace=False)

        def test_runtime_outcomes_xfail():
            pytest.xfail("expected")

        def test_skip_exception_is_catchable():
            try:
                pytest.skip("caught")
            except pytest.skip.Exception as exc:
                assert exc.msg == "caught"

        def test_importorskip_missing():
            pytest.importorskip("no_such_module_pyspace")

        def test_importorskip_present():
            assert pytest.importorskip("json").dumps(1) == "1"

        def test_approx_and_warns_from_real_pytest():
            import warnings
            assert 0.1 + 0.2 == pytest.approx(0.3)
            with pytest.warns(UserWarning):
                warnings.warn("w")
        """,
    "test_star_import.py": """
        from pytest import *

        def test_names_of_the_real_pytest():
            assert approx(0.3) == 0.1 + 0.2
            assert callable(raises) and callable(fixture) and mark.x.name == "x"
            assert "collections" not in globals()
        """,
    "test_module_skip.py": """
        import pytest
        pytest.importorskip("no_such_module_pyspace_either")

        def test_never():
            pass
        """,
}


def run_events(cwd, *args):
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd)
    return result, read_events(events_file.read_text())


def test_outcomes_match_pytest(tmp_path):
    project = write_tree(tmp_path / "proj", USES_THE_API)
    oracle, expected, _ = pytest_outcomes(cwd=project, tmp_path=tmp_path)
    assert len(expected) > 35, str(oracle)
    expected["test_module_skip.py"] = "skipped"  # pytest's collect report; the oracle lists tests
    result, events = run_events(project)
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)


def test_failure_texts_of_raises_and_fixtures(tmp_path):
    project = write_tree(tmp_path / "proj", USES_THE_API)
    result, events = run_events(project, "-k", "does_not_raise or no_match or calling")
    failures = {e["id"].split("::")[-1]: e.get("failure", "") for e in events_of(events, "test")}
    assert "DID NOT RAISE <class 'ValueError'>" in failures["test_raises_does_not_raise"], str(result)
    assert "Regex pattern did not match." in failures["test_raises_no_match"], str(result)
    assert "Fixture \"plain\" called directly" in failures["test_calling_a_fixture_fails"], str(result)


LIGHT_ONLY = {
    "test_light.py": """
        import sys
        import pytest

        @pytest.fixture
        def value():
            return 2

        @pytest.mark.parametrize("x", [1, pytest.param(2, id="two")])
        def test_uses_the_light_api(x, value):
            with pytest.raises(ValueError):
                int("no")
            if x == 2:
                pytest.skip("two")

        def test_real_pytest_not_imported():
            assert "_pytest" not in sys.modules
            assert pytest.__version__
        """,
}


def test_a_suite_using_the_light_api_never_imports_pytest(tmp_path):
    project = write_tree(tmp_path / "proj", LIGHT_ONLY)
    result, events = run_events(project)
    assert outcomes_by_id(events) == {
        "test_light.py::test_uses_the_light_api[1]": "passed",
        "test_light.py::test_uses_the_light_api[two]": "skipped",
        "test_light.py::test_real_pytest_not_imported": "passed",
    }, str(result)


def test_blocked_pytest_stays_unimportable(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_block.py": """
            def test_blocked():
                try:
                    import pytest  # noqa: F401
                except ImportError:
                    return
                raise AssertionError("pytest was importable")
            """,
        "pyspace.toml": "[fakes]\npytest = false\n",
    })
    result, events = run_events(project)
    assert outcomes_by_id(events) == {"test_block.py::test_blocked": "passed"}, str(result)


def test_a_suite_without_pytest_loads_neither_pytest(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_plain.py": """
            import sys

            def test_nothing_of_pytest_is_imported():
                assert "_pyspace.pytest_api.pytest_lite" not in sys.modules
                assert "pytest" not in sys.modules and "_pytest" not in sys.modules
            """,
    })
    result, events = run_events(project)
    assert outcomes_by_id(events) == {"test_plain.py::test_nothing_of_pytest_is_imported": "passed"}, str(result)
