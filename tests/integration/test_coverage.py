"""--cov (pytest-cov's options, native, with Debian's coverage.py): measuring starts before
collection in the collecting process, each supervised child / -n worker saves its own data, the
parent combines them and reports as pytest-cov does. The oracle is pytest with Debian's
python3-pytest-cov (PYTEST_DISABLE_PLUGIN_AUTOLOAD=1, `-p pytest_cov`; `-p xdist` for -n)."""

import importlib.util
import xml.etree.ElementTree as ET

import pytest

from pst_support import pst, pytest_run, write_tree

PROJECT = {
    "pkg/__init__.py": "from pkg.shapes import area\n",
    "pkg/shapes.py": """
        import math

        SIDES = {"triangle": 3, "square": 4}


        def area(kind, size):
            if kind == "square":
                return size * size
            if kind == "circle":
                return math.pi * size * size
            raise ValueError(kind)


        def sides(kind):
            return SIDES.get(kind, 0)
        """,
    "pkg/text.py": """
        def shout(text, times=1):
            out = []
            for _ in range(times):
                out.append(text.upper())
            return " ".join(out)


        def unused():
            return None
        """,
    "tests/test_shapes.py": """
        import pytest
        from pkg import area
        from pkg.shapes import sides

        def test_square():
            assert area("square", 2) == 4

        def test_sides():
            assert sides("triangle") == 3

        def test_bad():
            with pytest.raises(ValueError):
                area("hexagon", 1)
        """,
    "tests/test_text.py": """
        from pkg.text import shout

        def test_shout():
            assert shout("a", 2) == "A A"
        """,
    "tests/test_more.py": "".join(f"def test_{i}():\n    pass\n\n" for i in range(6)),
}


def needs_pytest_cov():
    if importlib.util.find_spec("pytest_cov") is None or importlib.util.find_spec("xdist") is None:
        pytest.skip("pytest-cov / pytest-xdist are not installed (make test installs Debian's packages)")


def coverage_section(out):
    """The lines pytest-cov writes, from its separator to the line after TOTAL."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-") and " coverage: platform " in line)
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("TOTAL"))
    return lines[start:end + 1]


def xml_numbers(path):
    """Totals and per-file line hits of a Cobertura coverage.xml."""
    root = ET.parse(path).getroot()
    files = {}
    for cls in root.iter("class"):
        files[cls.get("filename")] = sorted((line.get("number"), line.get("hits"), line.get("branch"),
                                             line.get("condition-coverage")) for line in cls.iter("line"))
    return root.get("line-rate"), root.get("branch-rate"), files


@pytest.mark.parametrize("ours_extra, theirs_extra", [((), ()), (("-n", "2"), ("-p", "xdist", "-n", "2")),
                                                       (("--no-supervise",), ())])
def test_numbers_equal_pytest_covs(tmp_path, ours_extra, theirs_extra):
    needs_pytest_cov()
    write_tree(tmp_path, PROJECT)
    args = ("--cov=pkg", "--cov-branch", "--cov-report=term-missing", "--cov-report=xml")
    oracle = pytest_run("-p", "pytest_cov", *theirs_extra, *args, cwd=tmp_path)
    assert oracle.rc == 0, str(oracle)
    (tmp_path / "coverage.xml").rename(tmp_path / "oracle.xml")
    ours = pst("run", "-p", "no:cacheprovider", *ours_extra, *args, cwd=tmp_path)
    assert ours.rc == 0, str(ours)
    assert coverage_section(ours.out) == coverage_section(oracle.out)
    assert "Coverage XML written to file coverage.xml" in ours.out
    assert xml_numbers(tmp_path / "coverage.xml") == xml_numbers(tmp_path / "oracle.xml")
    assert "settrace" not in ours.out + ours.err  # the tracer is part of the state spaces keep


def test_fail_under_fails_the_run_as_pytest_cov(tmp_path):
    write_tree(tmp_path, PROJECT)
    low = pst("run", "--cov=pkg", "--cov-fail-under=95", cwd=tmp_path)
    assert low.rc == 1, str(low)
    assert "FAIL Required test coverage of 95% not reached. Total coverage: " in low.out
    high = pst("run", "--cov=pkg", "--cov-fail-under", "50.5", cwd=tmp_path)
    assert high.rc == 0, str(high)
    assert "Required test coverage of 50.5% reached." in high.out


def test_a_test_that_kills_its_process_loses_only_what_its_process_measured(tmp_path):
    files = {name: text for name, text in PROJECT.items() if not name.startswith("tests/")}
    files["tests/test_a.py"] = "from pkg.shapes import sides\n\ndef test_sides():\n    assert sides('square') == 4\n"
    files["tests/test_b_crash.py"] = "import ctypes\n\ndef test_segv():\n    ctypes.string_at(0)\n"
    files["tests/test_c.py"] = "from pkg.text import shout\n\ndef test_shout():\n    assert shout('b') == 'B'\n"
    write_tree(tmp_path, files)
    result = pst("run", "--cov=pkg", "--cov-report=term-missing", cwd=tmp_path)
    assert result.rc == 1, str(result)
    assert "crashed: SIGSEGV while running tests/test_b_crash.py::test_segv" in result.out
    table = {line.split()[0]: line.split() for line in coverage_section(result.out)[3:]}
    # The new child's test is measured (shout's lines); the dead child's (sides' body, line 15) is
    # lost with it; what collection imported is the parent's (the module-level lines).
    assert table["pkg/text.py"][2:] == ["1", "86%", "9"], result.out
    assert table["pkg/shapes.py"][-1] == "15", result.out
    assert table["pkg/shapes.py"][2] == "6", result.out  # area's five lines and sides' body


def test_config_files_and_report_options(tmp_path):
    write_tree(tmp_path, PROJECT)
    (tmp_path / ".coveragerc").write_text("[run]\nomit = pkg/text.py\n[report]\nfail_under = 99\n")
    result = pst("run", "--cov=pkg", cwd=tmp_path)
    assert "pkg/text.py" not in result.out and "pkg/shapes.py" in result.out, str(result)
    assert "FAIL Required test coverage of 99" in result.out and result.rc == 1
    (tmp_path / ".coveragerc").unlink()
    write_tree(tmp_path, {"pyproject.toml": "[tool.coverage.run]\nbranch = true\n"})
    branch = pst("run", "--cov=pkg", cwd=tmp_path)
    assert "Branch BrPart" in branch.out, str(branch)
    none = pst("run", "--cov=pkg", "--cov-report=", cwd=tmp_path)
    assert " coverage: platform " not in none.out and (tmp_path / ".coverage").exists()
    off = pst("run", "--cov=pkg", "--no-cov", cwd=tmp_path)
    assert " coverage: platform " not in off.out, str(off)
    html = pst("run", "--cov=pkg", "--cov-report=html:cov_html", "--cov-report=json", cwd=tmp_path)
    assert "Coverage HTML written to dir cov_html" in html.out and (tmp_path / "cov_html" / "index.html").exists()
    assert "Coverage JSON written to file coverage.json" in html.out and (tmp_path / "coverage.json").exists()


@pytest.mark.parametrize("args, message", [
    (("--cov=pkg", "--cov-report=pdf"), "argument --cov-report: invalid choice: \"pdf\""),
    (("--cov=pkg", "--cov-report=term:out.txt"), "output specifier not supported for: \"term:out.txt\""),
    (("--cov=pkg", "--cov-fail-under=lots"), "argument --cov-fail-under: An integer or float value is required"),
    (("--cov=pkg", "--cov-fail-under=101"), "argument --cov-fail-under: the maximum value is 100"),
])
def test_bad_coverage_flags_are_usage_errors(tmp_path, args, message):
    write_tree(tmp_path, PROJECT)
    result = pst("run", *args, cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert message in result.err, str(result)
