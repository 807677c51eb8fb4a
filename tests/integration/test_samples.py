"""The sample suites under sample_suites/, run the way a newcomer runs them: `pyspace-test run`
in the suite's directory, no arguments (each suite's pyproject.toml says what to run).

basic, failing and unittest_style must give, test by test, what the oracle (the embedded Python's pytest)
gives; fake_socket and isolation depend on pyspace-test's fakes and isolation.
"""

import pytest

from pst_support import (SAMPLES, closing_counts, copy_sample, events_of, needs_embedded_pytest, outcome_diff,
                         outcomes_by_id, pst, pytest_outcomes, read_events, without_noise)

ORACLE_SUITES = {
    "basic": {"passed": 14},
    "failing": {"failed": 3, "passed": 2, "skipped": 1, "xfailed": 1},
    "unittest_style": {"passed": 11, "skipped": 4, "xfailed": 1},
}
SUITES = ["basic", "failing", "fake_socket", "isolation", "unittest_style"]
# The space as a library: scripts run with `pyspace-test exec` (test_library_spaces.py).
LIBRARY_DEMOS = {"local_logging": "app.py", "plugins_two_versions": "host.py"}


def run_sample(name, tmp_path, *args):
    suite = copy_sample(name, tmp_path)
    events_file = tmp_path / "events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=suite)
    events = read_events(events_file.read_text()) if events_file.exists() else []
    return suite, result, events


def test_every_sample_has_a_readme_line():
    readme = (SAMPLES / "README.md").read_text()
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir() and p.name[0] not in "._")
    assert samples == sorted([*SUITES, *LIBRARY_DEMOS])
    for name in samples:
        assert f"`{name}/`" in readme, name
    for name in SUITES:
        assert (SAMPLES / name / "pyproject.toml").is_file(), name
    for name, script in LIBRARY_DEMOS.items():
        assert (SAMPLES / name / script).is_file(), name


def test_basic_has_a_file_without_pytest():
    sources = {p.name: p.read_text() for p in (SAMPLES / "basic").glob("test_*.py")}
    assert any("import pytest" not in text and "from pytest" not in text
               for text in sources.values())


@pytest.mark.parametrize("name", sorted(ORACLE_SUITES))
def test_sample_matches_pytest(name, tmp_path):
    suite, result, events = run_sample(name, tmp_path)
    oracle, expected, collect_errors = pytest_outcomes(cwd=suite, tmp_path=tmp_path)
    assert collect_errors == [], str(oracle)
    # The sample itself is what its README says, under pytest...
    assert without_noise(closing_counts(oracle.out)) == ORACLE_SUITES[name], str(oracle)
    # ...and pyspace-test agrees test by test.
    actual = outcomes_by_id(events)
    assert actual == expected, outcome_diff(expected, actual) + "\n" + str(result)
    assert without_noise(closing_counts(result.out)) == ORACLE_SUITES[name], str(result)
    assert result.rc == oracle.rc, str(result)
    assert result.rc == (1 if name == "failing" else 0), str(result)


@needs_embedded_pytest
def test_failing_sample_console_report(tmp_path):
    suite, result, _ = run_sample("failing", tmp_path)
    out = result.out
    assert result.rc == 1, str(result)
    # progress per file, in test order
    assert any(line.startswith("test_inventory.py .FFF.xs") for line in out.splitlines()), out
    # FAILURES section with one header per failing test
    assert "= FAILURES =" in out, out
    for name in ("test_total_wrong_expectation", "test_parse_quantity_raises_in_helper",
                 "test_print_shown_because_it_fails"):
        assert f"_ {name} _" in out, out
    # the failing assert shows the values compared
    explanations = [line for line in out.splitlines() if line.startswith("E ")]
    assert any("assert 5 == 6" in line for line in explanations), out
    assert any("assert 1 == 2" in line for line in explanations), out
    # the exception raised in a helper: the traceback reaches into the helper module
    assert "inventory.py:14: ValueError" in out, out
    assert "ValueError: not a quantity: '12 kg'" in out, out
    # captured output is shown for the failing test only
    assert "debug: looking up the pears" in out, out
    assert "warning text on stderr" in out, out
    assert "this line is captured and never shown" not in out + result.err, out
    # short summary: FAILED nodeid - message
    summary = out[out.index("short test summary info"):]
    assert "FAILED test_inventory.py::test_total_wrong_expectation - AssertionError" in summary
    assert ("FAILED test_inventory.py::test_parse_quantity_raises_in_helper - "
            "ValueError: not a quantity: '12 kg'") in summary
    assert ("FAILED test_inventory.py::test_print_shown_because_it_fails - "
            "AssertionError: pears went missing") in summary
    # the xfail and the skip are not failures
    assert "FAILED test_inventory.py::test_negative_quantity" not in summary
    assert "FAILED test_inventory.py::test_against_the_warehouse" not in summary


@needs_embedded_pytest
def test_failing_sample_closing_line_as_pytest_writes_it(tmp_path):
    """Same words, same order as pytest: '3 failed, 2 passed, 1 skipped, 1 xfailed in ...'."""
    suite, result, _ = run_sample("failing", tmp_path)
    last = result.out.strip().splitlines()[-1]
    assert " 3 failed, 2 passed, 1 skipped, 1 xfailed in " in f" {last.strip('= ')}", last


@needs_embedded_pytest
def test_fake_socket_sample_passes(tmp_path):
    suite, result, events = run_sample("fake_socket", tmp_path)
    assert result.rc == 0, str(result)
    outcomes = outcomes_by_id(events)
    assert outcomes == {
        f"tests/test_weather.py::{name}": "passed" for name in (
            "test_socket_is_the_fake", "test_project_code_sees_the_fake", "test_temperature",
            "test_server_error", "test_unknown_host_never_reaches_the_network",
            "test_raw_sockets_are_refused")
    }, str(result)
    assert closing_counts(result.out) == {"passed": 6}, str(result)


def test_fake_socket_sample_needs_the_fake(tmp_path):
    """Without the config's fakes (plain pytest), the suite stops before any network access."""
    suite = copy_sample("fake_socket", tmp_path)
    oracle, outcomes, _ = pytest_outcomes("tests", cwd=suite, tmp_path=tmp_path)
    assert oracle.rc == 1, str(oracle)
    assert set(outcomes.values()) == {"error"}, str(oracle)
    assert "the real socket module is in use" in oracle.out, str(oracle)


def test_isolation_sample_passes_with_isolate_file(tmp_path):
    suite, result, events = run_sample("isolation", tmp_path)  # pyproject: isolate = "file"
    assert result.rc == 0, str(result)
    assert closing_counts(result.out) == {"passed": 6}, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    # os.environ was restored after test_a's file, with a warning naming the file
    warning_lines = [line for line in result.both.splitlines()
                     if "test_a_changes_state.py" in line and "os.environ" in line]
    assert warning_lines, str(result)


def test_isolation_sample_leaks_with_isolate_run(tmp_path):
    suite, result, events = run_sample("isolation", tmp_path, "--isolate", "run")
    assert result.rc == 1, str(result)
    outcomes = outcomes_by_id(events)
    b = "tests/test_b_expects_pristine.py::"
    assert outcomes[b + "test_module_global_is_pristine"] == "failed", str(result)
    assert outcomes[b + "test_registry_is_pristine"] == "failed", str(result)
    assert outcomes[b + "test_environment_is_pristine"] == "failed", str(result)
    assert closing_counts(result.out) == {"failed": 3, "passed": 3}, str(result)


def test_isolation_sample_under_pytest_leaks_too(tmp_path):
    suite = copy_sample("isolation", tmp_path)
    oracle, outcomes, _ = pytest_outcomes(cwd=suite, tmp_path=tmp_path)
    assert sorted(outcomes.values()) == ["failed"] * 3 + ["passed"] * 3, str(oracle)


def test_isolation_sample_file_mode_from_the_command_line(tmp_path):
    suite = copy_sample("isolation", tmp_path)
    (suite / "pyproject.toml").write_text(
        '[tool.pyspace-test]\npaths = ["tests"]\npython_path = ["src"]\n')
    leaky = pst("run", cwd=suite)  # default isolation is per run
    assert leaky.rc == 1, str(leaky)
    isolated = pst("run", "--isolate", "file", cwd=suite)
    assert isolated.rc == 0, str(isolated)
    assert closing_counts(isolated.out) == {"passed": 6}, str(isolated)


def test_json_events_of_a_sample_are_complete(tmp_path):
    suite, result, events = run_sample("unittest_style", tmp_path)
    assert events[0]["event"] == "run_start", events[0]
    assert events[-1]["event"] == "run_end", events[-1]
    assert len(events_of(events, "test")) == 16
