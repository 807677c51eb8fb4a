"""pytest_config.load(rootdir): which file, values by pytest's ini types, warnings."""

import textwrap


def write(path, text):
    path.write_text(textwrap.dedent(text))


def test_defaults_without_any_file(tmp_path, pyspace):
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] is None
    assert config["python_files"] == ["test_*.py", "*_test.py"]
    assert config["python_classes"] == ["Test"]
    assert config["python_functions"] == ["test"]
    assert config["testpaths"] == [] and config["markers"] == []
    assert config["filterwarnings"] == [] and config["warnings"] == []


def test_pyproject_ini_options(tmp_path, pyspace):
    write(tmp_path / "pyproject.toml", """
        [project]
        name = "x"

        [tool.pytest.ini_options]
        testpaths = ["tests", "more"]
        python_files = "check_*.py  *_check.py"
        python_classes = ["Check"]
        markers = ["slow: slow ones", "net"]
        filterwarnings = ["error", "ignore::DeprecationWarning"]
        addopts = "-ra"
    """)
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] == str(tmp_path / "pyproject.toml")
    assert config["testpaths"] == ["tests", "more"]
    assert config["python_files"] == ["check_*.py", "*_check.py"]
    assert config["python_classes"] == ["Check"]
    assert config["markers"] == ["slow: slow ones", "net"]
    assert config["filterwarnings"] == ["error", "ignore::DeprecationWarning"]
    assert len(config["warnings"]) == 1 and "'addopts'" in config["warnings"][0]


def test_pyproject_without_pytest_table_is_skipped(tmp_path, pyspace):
    write(tmp_path / "pyproject.toml", "[tool.black]\nline-length = 99\n")
    write(tmp_path / "setup.cfg", """
        [tool:pytest]
        python_functions = check_ test
        markers =
            a: first
            b: second
    """)
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] == str(tmp_path / "setup.cfg")
    assert config["python_functions"] == ["check_", "test"]
    assert config["markers"] == ["a: first", "b: second"]


def test_pytest_ini_wins_and_counts_even_when_empty(tmp_path, pyspace):
    write(tmp_path / "pytest.ini", "# nothing\n")
    write(tmp_path / "tox.ini", "[pytest]\ntestpaths = t\n")
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] == str(tmp_path / "pytest.ini")
    assert config["testpaths"] == []


def test_tox_ini_section_and_unsupported_keys(tmp_path, pyspace):
    write(tmp_path / "tox.ini", """
        [tox]
        envlist = py311

        [pytest]
        testpaths = src/tests docs
        filterwarnings =
            error
            ignore:some message:UserWarning
        xfail_strict = true
        norecursedirs = build
        minversion = 7.0
    """)
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] == str(tmp_path / "tox.ini")
    assert config["testpaths"] == ["src/tests", "docs"]
    assert config["filterwarnings"] == ["error", "ignore:some message:UserWarning"]
    assert config["xfail_strict"] is True
    named = " ".join(config["warnings"])
    assert "'norecursedirs'" in named and "'minversion'" in named


def test_unreadable_file_is_a_warning(tmp_path, pyspace):
    write(tmp_path / "pyproject.toml", "[tool.pytest.ini_options\n")
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["file"] is None
    assert "pyproject.toml" in config["warnings"][0]


def test_warning_filter_parsing(pyspace):
    parse = pyspace.warning_filters.parse
    assert parse("error") == ("error", "", Warning, "", 0)
    assert parse("ignore:msg.*:DeprecationWarning:mod:3") == (
        "ignore", "msg.*", DeprecationWarning, "mod", 3)
    assert parse("ignore::UserWarning")[2] is UserWarning
    assert parse("d::ResourceWarning")[:3] == ("default", "", ResourceWarning)
    assert parse("error::pytest.PytestUnraisableExceptionWarning")[2].__name__ == \
        "PytestUnraisableExceptionWarning"
    for bad in ("nonsense", "ignore::NoSuchWarning", "ignore::int", "a:b:c:d:e:f"):
        try:
            parse(bad)
        except pyspace.warning_filters.WarningFilterError:
            continue
        raise AssertionError(f"{bad!r} parsed")


def test_invalid_filterwarnings_entry_is_dropped_with_a_warning(tmp_path, pyspace):
    write(tmp_path / "pytest.ini", """
        [pytest]
        filterwarnings =
            error
            ignore::NoSuchWarningClass
    """)
    config = pyspace.pytest_config.load(str(tmp_path))
    assert config["filterwarnings"] == ["error"]
    assert "NoSuchWarningClass" in config["warnings"][0]
