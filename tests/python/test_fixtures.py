"""Fixture behaviour beyond outcomes: order of setup/teardown, error texts, conftest errors."""

import textwrap

import parity


def write(root, files):
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run(root, pyspace_parent, *args):
    return parity.run_pyspace(str(root), pyspace_parent, args)


def reports_by_nodeid(data):
    found = {}
    for report in data["reports"]:
        found.setdefault(report["nodeid"], []).append(report)
    return found


EVENTS_CONFTEST = """
    import os
    import pytest

    def log(text):
        with open(os.path.join(os.path.dirname(__file__), "events.txt"), "a") as f:
            f.write(text + "\\n")

    @pytest.fixture(scope="session")
    def sess():
        log("setup session")
        yield
        log("teardown session")

    @pytest.fixture(scope="module")
    def mod(sess):
        log("setup module")
        yield
        log("teardown module")

    @pytest.fixture(scope="class")
    def klass(mod):
        log("setup class")
        yield
        log("teardown class")

    @pytest.fixture
    def func(klass, request):
        log("setup function " + request.node.name)
        request.addfinalizer(lambda: log("finalizer " + request.node.name))
        yield
        log("teardown function " + request.node.name)
"""


def test_setup_and_teardown_order_across_scopes(tmp_path, pyspace_parent):
    write(tmp_path, {
        "conftest.py": EVENTS_CONFTEST,
        "test_a.py": """
            class TestOne:
                def test_x(self, func):
                    pass

                def test_y(self, func):
                    pass

            def test_z(mod):
                pass
        """,
        "test_b.py": """
            def test_w(func):
                pass
        """,
    })
    data = run(tmp_path, pyspace_parent)
    assert {r["outcome"] for r in data["reports"]} == {"passed"}
    events = (tmp_path / "events.txt").read_text().splitlines()
    assert events == [  # as pytest 7.2 logs them (checked by hand)
        "setup session", "setup module", "setup class", "setup function test_x",
        "teardown function test_x", "finalizer test_x",
        "setup function test_y", "teardown function test_y", "finalizer test_y",
        "teardown class",
        "teardown module",
        "setup module", "setup class", "setup function test_w",
        "teardown function test_w", "finalizer test_w", "teardown class", "teardown module",
        "teardown session",
    ]


def test_unknown_fixture_names_it_and_lists_available(tmp_path, pyspace_parent):
    write(tmp_path, {
        "conftest.py": """
            import pytest

            @pytest.fixture
            def from_conftest():
                return 1
        """,
        "test_u.py": """
            import pytest

            @pytest.fixture
            def local_one():
                return 1

            def test_u(local_one, missing):
                pass
        """,
    })
    report, = reports_by_nodeid(run(tmp_path, pyspace_parent))["test_u.py::test_u"]
    assert report["outcome"] == "error" and report["when"] == "setup"
    assert report["message"] == ""  # as pytest's: no crash line (the text says it)
    assert "E       fixture 'missing' not found" in report["longrepr"]
    assert "def test_u(local_one, missing):" in report["longrepr"]
    listing = [line for line in report["longrepr"].splitlines() if "available fixtures" in line][0]
    for name in ("from_conftest", "local_one", "tmp_path", "monkeypatch", "capsys"):
        assert name in listing
    assert ">       use 'pytest --fixtures [testpath]' for help on them." in report["longrepr"]  # pytest's hint


def test_fixture_errors_in_setup_and_teardown(tmp_path, pyspace_parent):
    write(tmp_path, {"test_e.py": """
        import pytest

        @pytest.fixture
        def bad_setup():
            raise ValueError("setup went wrong")

        @pytest.fixture
        def bad_teardown():
            yield
            raise KeyError("teardown went wrong")

        @pytest.fixture(scope="module")
        def bad_module():
            raise RuntimeError("module fixture")

        @pytest.fixture
        def needs_function(tmp_path):
            return tmp_path

        @pytest.fixture(scope="module")
        def mismatched(needs_function):
            return 1

        def test_setup(bad_setup):
            pass

        def test_teardown(bad_teardown):
            pass

        def test_module_one(bad_module):
            pass

        def test_module_two(bad_module):
            pass

        def test_scope_mismatch(mismatched):
            pass
    """})
    found = reports_by_nodeid(run(tmp_path, pyspace_parent))
    setup, = found["test_e.py::test_setup"]
    assert (setup["when"], setup["outcome"]) == ("setup", "error")
    assert setup["message"] == "ValueError: setup went wrong"
    assert "raise ValueError" in setup["longrepr"]
    call, teardown = found["test_e.py::test_teardown"]
    assert (call["outcome"], teardown["when"], teardown["outcome"]) == ("passed", "teardown", "error")
    assert "teardown went wrong" in teardown["message"]
    for name in ("test_module_one", "test_module_two"):
        report, = found[f"test_e.py::{name}"]
        assert report["outcome"] == "error" and "module fixture" in report["message"]
    mismatch, = found["test_e.py::test_scope_mismatch"]
    assert mismatch["outcome"] == "error" and mismatch["longrepr"].startswith("ScopeMismatch")


def test_conftest_import_error_is_a_collection_error(tmp_path, pyspace_parent):
    write(tmp_path, {
        "sub/conftest.py": "import no_such_module_here\n",
        "sub/test_s.py": "def test_s():\n    pass\n",
        "test_ok.py": "def test_ok():\n    pass\n",
    })
    data = run(tmp_path, pyspace_parent)
    assert [e["path"] for e in data["errors"]] == ["sub/test_s.py"]
    assert "conftest" in data["errors"][0]["message"]
    assert "no_such_module_here" in data["errors"][0]["message"]
    assert data["items"] == ["test_ok.py::test_ok"]


def test_fixture_params_ids_and_indirect(tmp_path, pyspace_parent):
    write(tmp_path, {"test_p.py": """
        import pytest

        @pytest.fixture(params=[1, "a b", None, 2.5], ids=lambda v: None if v != 1 else "uno")
        def value(request):
            return request.param

        @pytest.fixture(scope="module", params=[0, 1])
        def mod(request):
            return request.param

        @pytest.fixture
        def doubled(request):
            return request.param * 2

        @pytest.mark.parametrize("x", ["q"])
        def test_combo(value, x, mod):
            pass

        @pytest.mark.parametrize("doubled, plain", [(1, 2), (3, 4)], indirect=["doubled"])
        def test_indirect(doubled, plain):
            assert doubled == 2 * (plain - 1)
    """})
    data = run(tmp_path, pyspace_parent)
    assert data["items"] == [
        "test_p.py::test_combo[0-uno-q]", "test_p.py::test_combo[0-a b-q]",
        "test_p.py::test_combo[0-None-q]", "test_p.py::test_combo[0-2.5-q]",
        "test_p.py::test_combo[1-uno-q]", "test_p.py::test_combo[1-a b-q]",
        "test_p.py::test_combo[1-None-q]", "test_p.py::test_combo[1-2.5-q]",
        "test_p.py::test_indirect[1-2]", "test_p.py::test_indirect[3-4]",
    ]
    assert {r["outcome"] for r in data["reports"]} == {"passed"}


def test_parametrize_unknown_indirect_fixture_is_a_collection_error(tmp_path, pyspace_parent):
    write(tmp_path, {"test_i.py": """
        import pytest

        @pytest.mark.parametrize("nothere", [1], indirect=True)
        def test_i():
            pass
    """})
    data = run(tmp_path, pyspace_parent)
    # pytest's fail(pytrace=False): the text is the report's, no crash message for the summary
    assert data["errors"][0]["message"] == ""
    assert data["errors"][0]["longrepr"] == "In test_i: function uses no fixture 'nothere'"


def test_unsupported_conftest_features_are_named(tmp_path, pyspace_parent):
    import snippet
    write(tmp_path, {
        "conftest.py": """
            collect_ignore = ["setup.py"]

            def pytest_runtest_setup(item):
                pass
        """,
        "test_w.py": "def test_w():\n    pass\n",
    })
    code = """
    import os
    from _pyspace.collect import collect, conftests
    collect.collect_file(os.path.abspath("test_w.py"), "test_w", os.getcwd(), "test_w.py")
    print(json.dumps(conftests.unsupported()))
    """
    messages, _ = snippet.run(code, pyspace_parent, tmp_path)
    # (pytest_configure and three others the native engine calls: lib/collect/hooks.py)
    assert messages == ["conftest.py sets collect_ignore", "conftest.py:4 defines the hook pytest_runtest_setup"]


def test_item_order_matches_pytest_for_higher_scoped_params(suite_copy, pyspace_parent):
    import subprocess
    root = suite_copy("fixtures")
    proc = subprocess.run([parity.PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--co",
                           "test_reorder.py", "test_basic.py"], cwd=root, capture_output=True,
                          text=True, check=False)
    expected = [line for line in proc.stdout.splitlines() if "::" in line]
    data = run(root, pyspace_parent)
    actual = [n for n in data["items"] if n.startswith(("test_reorder.py", "test_basic.py"))]
    actual.sort(key=lambda n: not n.startswith("test_reorder.py"))
    assert actual == expected
