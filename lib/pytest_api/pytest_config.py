"""pytest's own configuration, read where it maps onto pyspace-test (module `_pyspace.pytest_api.pytest_config`).

load(rootdir) looks in rootdir only, in pytest 7.2's order, for the first of: pytest.ini
([pytest] section; the file counts even without it), .pytest.ini, pyproject.toml
([tool.pytest.ini_options]), tox.ini ([pytest]), setup.cfg ([tool:pytest]). It returns

    {"file": path or None, "rootdir": absolute rootdir, "testpaths": [...], "python_files": [...], "python_classes": [...],
     "python_functions": [...], "markers": [...], "filterwarnings": [...],
     "xfail_strict": bool, "junit_logging": str, "warnings": [str, ...]}

with pytest's defaults for absent keys. Every other key found is named in "warnings" (it is
ignored); so is a file that cannot be parsed (then the defaults are returned) and a
filterwarnings entry that does not parse (dropped). Values follow
pytest's ini types: `args` (whitespace separated, shell quoting) for testpaths and python_*,
`linelist` (one entry per non-empty line) for markers and filterwarnings; a TOML list is taken
as is.
"""

import os

DEFAULTS = {
    "testpaths": [],
    "python_files": ["test_*.py", "*_test.py"],
    "python_classes": ["Test"],
    "python_functions": ["test"],
    "markers": [],
    "filterwarnings": [],
    "xfail_strict": False,
    "junit_logging": "no",
}
_ARGS = ("testpaths", "python_files", "python_classes", "python_functions")
_LINELIST = ("markers", "filterwarnings")
_BOOL = ("xfail_strict",)
JUNIT_LOGGING = ("no", "log", "system-out", "system-err", "out-err", "all")


def load(rootdir):
    """The pytest configuration of rootdir as a dict (see module docstring). Never raises."""
    result = {key: list(value) if isinstance(value, list) else value
              for key, value in DEFAULTS.items()}
    result["file"] = None
    result["rootdir"] = os.path.abspath(rootdir)
    result["warnings"] = []
    for name, reader in _CANDIDATES:
        path = os.path.join(rootdir, name)
        if not os.path.isfile(path):
            continue
        try:
            found = reader(path)
        except Exception as exc:
            result["warnings"].append(f"{path}: cannot be read as pytest configuration: {exc}")
            continue
        if found is None:
            continue
        section, values = found
        result["file"] = os.path.abspath(path)
        _apply(result, values, f"{name} {section}")
        _check_filters(result, f"{name} {section}")
        break
    return result


def _check_filters(result, where):
    """Drop filterwarnings entries that do not parse (each named in a warning)."""
    from _pyspace.pytest_api import warning_filters
    kept = []
    for text in result["filterwarnings"]:
        try:
            warning_filters.parse(text)
        except warning_filters.WarningFilterError as exc:
            result["warnings"].append(f"filterwarnings in {where}: {exc}; entry ignored")
        else:
            kept.append(text)
    result["filterwarnings"] = kept


def _apply(result, values, where):
    for key, value in values.items():
        if key in _ARGS:
            result[key] = _as_args(value)
        elif key in _LINELIST:
            result[key] = _as_lines(value)
        elif key in _BOOL:
            result[key] = _as_bool(value)
        elif key == "junit_logging":
            value = str(value).strip()
            if value in JUNIT_LOGGING:
                result[key] = value
            else:  # pytest writes no captured output then, as for "no"
                result["warnings"].append(
                    f"junit_logging = {value!r} in {where} is not one of {', '.join(JUNIT_LOGGING)}; "
                    "no captured output goes into the JUnit XML")
        else:
            result["warnings"].append(
                f"pytest option '{key}' in {where} is not supported by pyspace-test and is "
                "ignored")


def _as_args(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    import shlex
    return shlex.split(str(value))


def _as_lines(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    return [line for line in (part.strip() for part in str(value).split("\n")) if line]


def _as_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "t", "on"):
        return True
    if text in ("0", "false", "no", "n", "f", "off", ""):
        return False
    raise ValueError(f"invalid truth value {value!r}")


def _read_ini(path, section, always):
    sections = _ini_sections(path)
    if section in sections:
        return f"[{section}]", sections[section]
    if always:
        return f"[{section}]", {}
    return None


def _ini_sections(path):
    """{section: {key: value}} of an ini file, parsed by iniconfig as pytest does (it comes with
    pytest, and costs a tenth of configparser's import); configparser without it."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        import iniconfig
    except ImportError:
        import configparser
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read_string(text, source=path)
        return {name: dict(parser.items(name)) for name in parser.sections()}
    parsed = iniconfig.IniConfig(path, data=text)
    return {name: dict(parsed[name].items()) for name in parsed.sections}


def _pytest_ini(path):
    return _read_ini(path, "pytest", True)


def _tox_ini(path):
    return _read_ini(path, "pytest", False)


def _setup_cfg(path):
    return _read_ini(path, "tool:pytest", False)


def _pyproject(path):
    import tomllib
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    options = data.get("tool", {}).get("pytest", {}).get("ini_options")
    if options is None:
        return None
    return "[tool.pytest.ini_options]", dict(options)


_CANDIDATES = (
    ("pytest.ini", _pytest_ini),
    (".pytest.ini", _pytest_ini),
    ("pyproject.toml", _pyproject),
    ("tox.ini", _tox_ini),
    ("setup.cfg", _setup_cfg),
)
