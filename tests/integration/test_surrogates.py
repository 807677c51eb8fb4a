"""A lone surrogate ("\\ud83d") in any text a test reports (an assertion message, a skip reason,
a warning, an import error, a parameter id) is written as "\\ud83d", as pytest's terminal writer
does; it never fails the run with "surrogates not allowed"."""
from pst_support import pst, read_events, write_tree

SUITE = {
    "test_texts.py": r'''
        import warnings, pytest

        def test_assert():
            assert False, "bad \ud83d here"

        def test_skip():
            pytest.skip("skip \ud83d reason")

        def test_warn():
            warnings.warn("warn \ud83d text")

        @pytest.mark.parametrize("x", ["a\ud83db"])
        def test_param(x):
            pass

        @pytest.mark.parametrize("x", [1], ids=["id\ud83d"])
        def test_param_id(x):
            print("out \ud83d put")
            raise ValueError("value \ud83d error")
        ''',
    "test_import_error.py": r'''
        raise ImportError("imp \ud83d err")
        ''',
}


def test_lone_surrogates_are_reported_not_fatal(tmp_path):
    project = write_tree(tmp_path / "proj", SUITE)
    events_file = tmp_path / "events.jsonl"
    junit = tmp_path / "junit.xml"
    result = pst("run", "-v", "--continue-on-collection-errors", "--json-events", events_file,
                 "--junitxml", junit, cwd=project)
    assert result.rc == 1, str(result)
    assert "surrogates not allowed" not in result.both, str(result)
    assert "internal error" not in result.both, str(result)
    for text in ("AssertionError: bad \\ud83d here", "skip \\ud83d reason", "warn \\ud83d text",
                 "test_param[a\\ud83db]", "test_param_id[id\\ud83d]", "imp \\ud83d err",
                 "value \\ud83d error"):
        assert text in result.out, f"{text!r} missing\n{result}"
    events = read_events(events_file.read_text())
    ids = {e["id"] for e in events if e["event"] == "test"}
    assert "test_texts.py::test_param_id[id\\ud83d]" in ids, ids
    assert junit.read_text(encoding="utf-8")  # well-formed enough to decode
