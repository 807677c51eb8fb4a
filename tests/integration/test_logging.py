"""pytest 7.2's logging plugin: captured log sections, caplog, live logging (log_cli), the log
file, JUnit's junit_logging = log/all and the level errors, each compared with pytest on the
same suite: exit code, outcomes, the output lines (the log file, the XML)."""

import re

import pytest

from pst_support import base_env, closing_counts, junit_cases, pst, pytest_run, write_tree

SUITE = {
    "test_logs.py": """
        import logging
        import sys
        import pytest

        log = logging.getLogger("app")
        logging.warning("imported")


        @pytest.fixture
        def noisy():
            log.warning("fixture setup")
            print("setup print")
            yield
            log.warning("fixture teardown")
            print("teardown print")


        def test_pass(noisy):
            log.warning("call warning")
            log.info("call info")
            log.debug("call debug")


        def test_fail(noisy):
            log.error("first line\\nsecond line")
            sys.stderr.write("to stderr\\n")
            assert 0


        def test_quiet():
            pass


        @pytest.fixture
        def broken():
            log.warning("before breaking")
            raise RuntimeError("no")


        def test_setup_error(broken):
            pass


        @pytest.fixture
        def bad_teardown():
            yield
            log.warning("teardown one")
            log.warning("teardown two")
            raise RuntimeError("teardown broke")


        def test_teardown_error(bad_teardown):
            log.warning("in the test")
        """,
}

_TIME = re.compile(r" in \d+\.\d+s( \([0-9:]+\))?")


def normalised(text):
    """The output without the run's time and the header lines naming the tool and rootdir."""
    return [line.rstrip() for line in _TIME.sub(" in T", text).splitlines()
            if not line.startswith(("platform ", "rootdir: ", "plugins: "))]


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    return write_tree(tmp_path_factory.mktemp("logging") / "proj", {**SUITE, "pytest.ini": "[pytest]\n"})


def both(root, *args, env=None):
    return pst("run", "-p", "no:cacheprovider", *args, cwd=root, env=env), pytest_run(*args, cwd=root, env=env)


def assert_same_output(root, *args, env=None):
    ours, theirs = both(root, *args, env=env)
    assert ours.rc == theirs.rc, str(ours)
    assert closing_counts(ours.out) == closing_counts(theirs.out), str(ours)
    assert normalised(ours.out) == normalised(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
    return ours


@pytest.mark.parametrize("args", [[], ["-rA"], ["-rP", "--tb=short"], ["--log-level=INFO"], ["--log-level=debug", "-rA"],
                                  ["--show-capture=log"], ["--show-capture=no", "-rA"], ["--show-capture=stdout"],
                                  ["--show-capture=stderr", "-rP"], ["-o", "log_level=20"],
                                  ["--log-format=%(levelname)s [%(name)s] %(message)s"],
                                  ["--log-format=%(asctime)s %(message)s", "--log-date-format=at noon"],
                                  ["--log-auto-indent=on"], ["--log-auto-indent=3"], ["--log-auto-indent=off"]])
def test_captured_log_sections_match_pytest(suite, args):
    assert_same_output(suite, "--no-header", *args)


def test_captured_log_sections_in_pytests_order(suite):
    ours = assert_same_output(suite, "--no-header", "test_logs.py::test_fail")
    titles = [line.strip("- ") for line in ours.out.splitlines() if line.startswith("---")]
    assert titles == ["Captured stdout setup", "Captured log setup", "Captured stderr call", "Captured log call",
                      "Captured stdout teardown", "Captured log teardown"], str(ours)
    assert "ERROR    app:test_logs.py:25 first line\nsecond line" in ours.out
    assert "WARNING:" not in ours.out + ours.err  # the module's logging.warning() configured nothing


@pytest.mark.parametrize("args", [["-o", "log_cli=true"], ["--log-cli-level=INFO"], ["--log-cli-level=INFO", "-q"],
                                  ["--log-cli-level=WARNING", "-v"], ["-o", "log_cli=1", "-rA", "--tb=no"],
                                  ["--log-cli-level=10", "--log-cli-format=%(levelname)-5s|%(message)s",
                                   "--log-auto-indent=true"],
                                  ["--log-cli-level=INFO", "--log-cli-format=%(asctime)s %(message)s",
                                   "--log-cli-date-format=today", "-qq"],
                                  ["-o", "log_cli=true", "-o", "log_cli_level=ERROR", "--log-level=DEBUG"]])
def test_live_logging_matches_pytest(suite, args):
    ours = assert_same_output(suite, *args)
    assert "live log call" in ours.out


def test_live_logging_layout(suite):
    ours = assert_same_output(suite, "--no-header", "--log-cli-level=WARNING", "test_logs.py::test_teardown_error",
                              env=base_env(COLUMNS="80"))
    assert ours.out.splitlines()[:16] == [
        "============================= test session starts ==============================",
        "",
        "----------------------------- live log collection ------------------------------",
        "WARNING  root:test_logs.py:6 imported",
        "collected 1 item",
        "",
        "test_logs.py::test_teardown_error ",
        "-------------------------------- live log call ---------------------------------",
        "WARNING  app:test_logs.py:53 in the test",
        "PASSED                                                                   [100%]",
        "------------------------------ live log teardown -------------------------------",
        "WARNING  app:test_logs.py:47 teardown one",
        "WARNING  app:test_logs.py:48 teardown two",
        "",
        "test_logs.py::test_teardown_error ERROR                                  [100%]",
        ""], str(ours)


def test_live_log_sessionfinish_after_an_early_stop(tmp_path):
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\n", "test_s.py": """
        import logging
        import pytest

        log = logging.getLogger("s")

        @pytest.fixture(scope="session")
        def session_thing():
            log.warning("session setup")
            yield
            log.warning("session teardown")

        @pytest.fixture
        def later():
            yield
            log.warning("only in teardown")

        def test_one(session_thing, later):
            assert 0

        def test_two(session_thing):
            log.warning("two")
        """})
    ours, theirs = both(root, "--log-cli-level=WARNING", "-x", "--tb=no", "-rN")
    assert ours.rc == theirs.rc == 1
    def progress(out):  # up to the summary, where pyspace-test says "stopping after" otherwise
        lines = normalised(out)
        return lines[:next(i for i, line in enumerate(lines) if i > 0 and line.startswith(("=", "!")))]
    assert progress(ours.out) == progress(theirs.out), str(ours) + "\n--- pytest ---\n" + theirs.out
    assert "---------------------------- live log sessionfinish ----------------------------" in ours.out
    assert_same_output(root, "--log-cli-level=WARNING", "-vv", "--tb=no")


CAPLOG_SUITE = """
    import logging
    import pytest

    log = logging.getLogger("cap")

    @pytest.fixture
    def early():
        log.warning("before caplog")
        yield

    @pytest.fixture
    def logging_fixture(early, caplog):
        log.warning("in setup")
        yield
        log.warning("in teardown")
        assert [r.getMessage() for r in caplog.get_records("teardown")] == ["in teardown"]
        assert caplog.messages == ["in teardown"]
        assert [r.getMessage() for r in caplog.get_records("setup")] == ["before caplog", "in setup"]

    def test_phases(logging_fixture, caplog):
        assert [r.getMessage() for r in caplog.get_records("setup")] == ["before caplog", "in setup"]
        assert caplog.records == []
        log.warning("in call")
        assert caplog.messages == ["in call"]
        assert caplog.get_records("call") == caplog.records
        assert caplog.record_tuples == [("cap", logging.WARNING, "in call")]
        assert caplog.text == "WARNING  cap:test_caplog.py:23 in call\\n"
        assert caplog.get_records("teardown") == []

    def test_set_level(caplog):
        caplog.set_level(logging.INFO)
        log.info("info shown")
        log.debug("debug hidden")
        assert caplog.messages == ["info shown"]
        assert logging.getLogger().level == logging.INFO
        caplog.set_level(logging.DEBUG, logger="cap")
        log.debug("debug shown")
        assert caplog.messages[-1] == "debug shown"
        assert caplog.handler.level == logging.DEBUG

    def test_levels_restored(caplog):
        assert logging.getLogger().level == logging.WARNING
        assert logging.getLogger("cap").level == logging.NOTSET
        assert caplog.handler.level == logging.NOTSET

    def test_at_level(caplog):
        with caplog.at_level(logging.DEBUG, logger="cap"):
            log.debug("inside")
        log.debug("outside")
        assert caplog.messages == ["inside"]
        assert logging.getLogger("cap").level == logging.NOTSET

    def test_clear(caplog):
        log.warning("one")
        caplog.clear()
        assert caplog.records == [] and caplog.text == ""
        assert caplog.get_records("call") == []
        log.warning("two")
        assert caplog.messages == ["two"]

    def test_handler_is_on_the_root_logger(caplog):
        assert caplog.handler in logging.getLogger().handlers
        assert isinstance(caplog.handler, logging.StreamHandler)

    def test_requested_during_the_call(request):
        log.warning("before")
        caplog = request.getfixturevalue("caplog")
        assert caplog.messages == ["before"]
        assert caplog.get_records("setup") == []

    def test_root_has_handlers_so_basic_config_does_nothing():
        logging.basicConfig(level=logging.DEBUG)
        assert logging.getLogger().level == logging.WARNING

    def test_a_record_that_cannot_be_formatted_fails_the_test():
        log.warning("%s %s", 1)

    def test_cleared_records_stay_in_the_report(caplog):
        log.warning("kept")
        caplog.clear()
        assert 0
    """


def test_caplog_matches_pytest(tmp_path):
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\n", "test_caplog.py": CAPLOG_SUITE})
    ours, theirs = both(root, "-rA", "--tb=line")
    assert ours.rc == theirs.rc == 1
    assert closing_counts(ours.out) == closing_counts(theirs.out) == {"passed": 8, "failed": 2}, str(ours)
    summary = lambda out: [line for line in out.splitlines() if line.startswith(("PASSED", "FAILED"))]
    assert summary(ours.out) == summary(theirs.out), str(ours)
    ours = assert_same_output(root, "--tb=short", "test_caplog.py::test_cleared_records_stay_in_the_report")
    assert "WARNING  cap:test_caplog.py:79 kept" in ours.out


def test_caplog_with_log_level(tmp_path):
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\nlog_level = INFO\n", "test_c.py": """
        import logging

        log = logging.getLogger("c")

        def test_level(caplog):
            log.info("info")
            log.debug("debug")
            assert caplog.messages == ["info"]
            assert caplog.handler.level == logging.INFO
            assert logging.getLogger().level == logging.INFO

        def test_root_level_back_between_phases():
            assert logging.getLogger().level == logging.INFO
        """})
    ours, theirs = both(root, "-rA")
    assert ours.rc == theirs.rc == 0, str(ours)
    assert normalised(ours.out)[2:] == normalised(theirs.out)[2:], str(ours)


def test_first_import_of_logging_during_collection_and_a_test(tmp_path):
    root = write_tree(tmp_path / "p", {"pytest.ini": "[pytest]\n", "test_a.py": """
        def test_imports_logging():
            import logging
            logging.getLogger("x").warning("first")
            assert 0
        """, "test_b.py": """
        import logging
        logging.basicConfig(level=logging.DEBUG)
        logging.info("at import")
        log = logging.getLogger("y")

        def test_after():
            log.info("info")
            log.warning("warning")
            assert 0
        """})
    ours = assert_same_output(root, "--no-header", "test_a.py")
    assert "Captured stderr" not in ours.out and "WARNING  x:test_a.py:3 first" in ours.out
    ours = assert_same_output(root, "--no-header", "test_b.py")  # basicConfig() found handlers
    assert "Captured stderr" not in ours.out and "WARNING  y:test_b.py:8 warning" in ours.out
    assert "INFO" not in ours.out


@pytest.mark.parametrize("args", [["--log-file=out.log"], ["--log-file=logs/sub/out.log", "--log-file-level=DEBUG"],
                                  ["--log-file=out.log", "--log-file-format=%(levelname)s|%(name)s|%(message)s",
                                   "--log-format=ignored by the file %(message)s"],
                                  ["--log-file=out.log", "--log-file-format=%(asctime)s %(message)s",
                                   "--log-file-date-format=on the day"],
                                  ["-o", "log_file=out.log", "-o", "log_file_level=INFO", "--log-level=ERROR"]])
def test_log_file_matches_pytest(tmp_path, args):
    files = {**SUITE, "pytest.ini": "[pytest]\n"}
    ours_root = write_tree(tmp_path / "ours", files)
    theirs_root = write_tree(tmp_path / "theirs", files)
    ours = pst("run", "-p", "no:cacheprovider", *args, cwd=ours_root)
    theirs = pytest_run(*args, cwd=theirs_root)
    assert ours.rc == theirs.rc == 1
    name = next(a.split("=", 1)[1] for a in args if "log_file=" in a or a.startswith("--log-file="))
    ours_log = (ours_root / name).read_text()
    assert ours_log == (theirs_root / name).read_text(), str(ours)
    assert "fixture teardown" in ours_log


def test_log_file_is_truncated_by_each_run(tmp_path):
    root = write_tree(tmp_path / "p", {**SUITE, "pytest.ini": "[pytest]\nlog_file = run.log\n"})
    (root / "run.log").write_text("from before\n")
    pst("run", "-p", "no:cacheprovider", "test_logs.py::test_quiet", cwd=root)
    assert (root / "run.log").read_text() == "WARNING  root:test_logs.py:6 imported\n"


@pytest.mark.parametrize("mode", ["log", "all", "system-out", "system-err", "out-err"])
@pytest.mark.parametrize("passing", ["true", "false"])
def test_junit_logging_matches_pytest(tmp_path, mode, passing):
    import xml.etree.ElementTree as ET
    files = {**SUITE, "pytest.ini": f"[pytest]\njunit_logging = {mode}\njunit_log_passing_tests = {passing}\n"}
    root = write_tree(tmp_path / "p", files)
    pst("run", "-p", "no:cacheprovider", "--junitxml=ours.xml", cwd=root)
    pytest_run("--junitxml=theirs.xml", cwd=root)

    def captured(path):
        return {(case.get("classname"), case.get("name")): [(child.tag, child.text) for child in case
                                                             if child.tag.startswith("system")]
                for case in ET.parse(path).getroot().iter("testcase")}

    assert junit_cases(root / "ours.xml") == junit_cases(root / "theirs.xml")
    assert captured(root / "ours.xml") == captured(root / "theirs.xml")
    if mode in ("log", "all") and passing == "true":
        texts = [text for cases in captured(root / "ours.xml").values() for _tag, text in cases]
        assert any("WARNING  app:test_logs.py:19 call warning" in (text or "") for text in texts)


@pytest.mark.parametrize("args, setting", [(["--log-level=FOO"], "log_level"), (["--log-cli-level=foo"], "log_cli_level"),
                                           (["--log-file-level=1.5"], "log_file_level"),
                                           (["--log-level=basic_format"], "log_level"),
                                           (["-o", "log_level=nope"], "log_level"),
                                           (["-o", "log_file_level=x", "-o", "log_cli_level=y"], "log_file_level")])
def test_unknown_level_is_pytests_usage_error(suite, args, setting):
    ours, theirs = both(suite, *args)
    assert ours.rc == theirs.rc == 4
    message = theirs.err.strip().removeprefix("ERROR: ")
    assert f"is not recognized as a logging level name for '{setting}'" in message
    assert ours.err.strip() == f"pyspace-test: error: {message}", str(ours)
    assert "test session starts" not in ours.out


def test_log_keys_are_read_not_warned_about(suite, tmp_path):
    root = write_tree(tmp_path / "p", {**SUITE, "pytest.ini": "[pytest]\nlog_cli = true\nlog_cli_level = INFO\n"
                                                                "log_format = %(levelname)s %(message)s\n"})
    ours = assert_same_output(root, "--no-header", "test_logs.py::test_pass")
    assert "not supported" not in ours.out + ours.err
    assert "INFO call info" in ours.out
