"""pytest_config.from_model: the runner's dict for the C++ configuration model (which file and
the values by pytest's ini types are tested in tests/unit/config); warning filter parsing."""


def model(**values):
    """from_model's arguments: pytest's defaults (as lib/config/config.h), overridden."""
    base = {"rootdir": "/proj", "file": None, "shown_as": "", "testpaths": [],
            "python_files": ["test_*.py", "*_test.py"], "python_classes": ["Test"],
            "python_functions": ["test"], "markers": [], "filterwarnings": [],
            "xfail_strict": False, "lines": {}, "warnings": []}
    base.update(values)
    return base


def test_from_model_gives_the_runners_dict(pyspace):
    config = pyspace.pytest_config.from_model(**model(
        file="/proj/pytest.ini", shown_as="pytest.ini", markers=["slow: slow ones"],
        xfail_strict=True, lines={"markers": 2, "xfail_strict": 4},
        warnings=["pytest option 'addopts' in pytest.ini [pytest] is not supported"]))
    assert config["file"] == "/proj/pytest.ini" and config["rootdir"] == "/proj"
    assert config["markers"] == ["slow: slow ones"] and config["xfail_strict"] is True
    assert config["python_files"] == ["test_*.py", "*_test.py"]
    assert config["lines"] == {"markers": 2, "xfail_strict": 4}
    assert len(config["warnings"]) == 1
    assert pyspace.pytest_config.from_model(**model(file=""))["file"] is None


def test_no_configuration_file_is_read_here():
    """The model comes from C++ (lib/config): the module imports neither tomllib nor iniconfig."""
    import pathlib
    source = (pathlib.Path(__file__).parents[2] / "lib/pytest_api/pytest_config.py").read_text()
    for reader in ("tomllib", "iniconfig", "configparser", "open("):
        assert reader not in source


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


def test_an_invalid_filterwarnings_entry_is_pytests_usage_error(pyspace):
    try:
        pyspace.pytest_config.from_model(**model(
            file="/proj/pytest.ini", shown_as="pytest.ini", lines={"filterwarnings": 3},
            filterwarnings=["error", "ignore::NoSuchWarningClass"]))
    except pyspace.pytest_config.UsageError as error:
        assert str(error).startswith("while parsing the following warning configuration:\n\n"
                                     "  ignore::NoSuchWarningClass\n\nThis error occurred:\n\n")
    else:
        raise AssertionError("no UsageError")


def test_a_dotted_category_is_left_to_the_space_that_applies_it(pyspace):
    config = pyspace.pytest_config.from_model(**model(
        file="/proj/pytest.ini", shown_as="pytest.ini", lines={"filterwarnings": 3},
        filterwarnings=["ignore::not_imported_here.SomeWarning"]))
    assert config["filterwarnings"] == ["ignore::not_imported_here.SomeWarning"]
