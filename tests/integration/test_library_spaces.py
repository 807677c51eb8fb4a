"""The space as a library (issue 17): two versions of one installed package side by side, local
copies of the stdlib modules that hold global configuration, the `local` config key, and the two
demos under sample_suites/ (plugins_two_versions, local_logging), all through `pyspace-test exec`.
"""

import shutil
import subprocess

import pytest

from pst_support import PYTHON, closing_line, copy_sample, needs_embedded_pytest, pst, write_tree

DEBIAN_TOOLZ = "/usr/lib/python3/dist-packages/toolz"


def exec_script(tmp_path, source, *args):
    write_tree(tmp_path, {"script.py": source})
    return pst("exec", "script.py", *args, cwd=tmp_path)


@pytest.fixture
def toolz_099(tmp_path):
    """A second copy of Debian's toolz (0.12.0) made another version: 0.99.test, with a function
    0.12 does not have. Returns the directory that holds it."""
    found = subprocess.run([PYTHON, "-c", "import toolz; print(toolz.__version__, toolz.__file__)"],
                           capture_output=True, text=True).stdout.split()
    if found != ["0.12.0", f"{DEBIAN_TOOLZ}/__init__.py"]:
        pytest.skip(f"the embedded Python ({PYTHON}) does not import Debian's toolz 0.12.0")
    other = tmp_path / "toolz-0.99"
    shutil.copytree(DEBIAN_TOOLZ, other / "toolz", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    init = other / "toolz" / "__init__.py"
    text = init.read_text()
    assert "__version__ = get_versions()['version']" in text
    init.write_text(text.replace("__version__ = get_versions()['version']", "__version__ = '0.99.test'")
                    + "\n\ndef only_in_099():\n    return 'ninety-nine'\n")
    return other


def test_two_versions_of_an_installed_package_alternate_without_mix_up(tmp_path, toolz_099):
    result = exec_script(tmp_path, f"""
        import sys
        import pyspace
        import toolz, toolz.curried                      # the root's: Debian's 0.12.0
        root_toolz = toolz
        new = pyspace.ModuleSpace(path=[{str(toolz_099)!r}, *sys.path], local=["toolz"])
        old = pyspace.ModuleSpace(path=[{str(toolz_099)!r}, *sys.path])  # a sibling: no local
        mixups = 0
        for i in range(1000):
            with new:
                import toolz, toolz.curried
                if toolz.__version__ != "0.99.test" or toolz.only_in_099() != "ninety-nine":
                    mixups += 1
                if toolz is root_toolz or not toolz.curried.__file__.startswith({str(toolz_099)!r}):
                    mixups += 1
                if toolz.curried.get(1)([5, 6]) != 6 or \\
                        not toolz.curried.get.func.__code__.co_filename.startswith({str(toolz_099)!r}):
                    mixups += 1
            with old:
                import toolz, toolz.curried
                if toolz.__version__ != "0.12.0" or hasattr(toolz, "only_in_099") or toolz is not root_toolz:
                    mixups += 1
        import toolz
        print("root", toolz.__version__, toolz is root_toolz, sys.modules["toolz.curried"].__file__)
        print("mixups", mixups)
        new.close(); old.close()
        """)
    assert result.rc == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"root 0.12.0 True {DEBIAN_TOOLZ}/curried/__init__.py"
    assert lines[1] == "mixups 0"


def test_two_spaces_configure_logging_differently_and_the_root_is_untouched(tmp_path):
    result = exec_script(tmp_path, """
        import io, logging
        import pyspace
        root_logging = logging
        root_handlers = list(logging.getLogger().handlers)
        root_level = logging.getLogger().level
        streams = {}
        spaces = {name: pyspace.ModuleSpace(local=["logging"]) for name in ("a", "b")}
        for name, level in (("a", "DEBUG"), ("b", "ERROR")):
            with spaces[name]:
                import logging
                streams[name] = io.StringIO()
                logging.basicConfig(stream=streams[name], level=level, format=name + ":%(levelname)s:%(message)s")
        for name in ("a", "b", "a"):
            with spaces[name]:
                import logging
                logging.getLogger("app").debug("debug from %s", name)
                logging.getLogger("app").error("error from %s", name)
        print(logging is root_logging)  # `import logging` in a with block bound the space's copy
        root_logging.getLogger("app").error("error from the root")
        print(repr(streams["a"].getvalue()))
        print(repr(streams["b"].getvalue()))
        print(root_logging.getLogger().handlers == root_handlers, root_logging.getLogger().level == root_level)
        """)
    assert result.rc == 0, result.err
    rebound, a, b, root = result.out.splitlines()
    assert rebound == "False"
    assert a == repr("a:DEBUG:debug from a\na:ERROR:error from a\n" * 2)
    assert b == repr("b:ERROR:error from b\n")
    assert root == "True True"
    assert "error from the root" in result.err  # the root's last-resort handler, as before


def test_a_local_urllib_request_keeps_its_opener_to_itself(tmp_path):
    result = exec_script(tmp_path, """
        import urllib.request
        import pyspace
        root_opener = urllib.request._opener
        space = pyspace.ModuleSpace(local=["urllib.request"])
        with space:
            import urllib.request
            opener = urllib.request.build_opener()
            opener.addheaders = [("User-agent", "space")]
            urllib.request.install_opener(opener)
            inside = urllib.request._opener is opener
        with space:
            import urllib.request
            still = urllib.request._opener is opener
        import urllib.request
        print(inside, still, urllib.request._opener is root_opener)
        """)
    assert result.rc == 0, result.err
    assert result.out.strip() == "True True True"


def test_a_name_the_interpreter_needs_once_cannot_be_local(tmp_path):
    result = exec_script(tmp_path, """
        import pyspace
        for name in ("sys", "importlib.util", "pyspace", "not a name"):
            try:
                pyspace.ModuleSpace(local=[name])
            except ValueError as error:
                print(error)
        """)
    assert result.rc == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("local 'sys': ")
    assert lines[1].startswith("local 'importlib.util': ")


CALLS_LOGGING = """
    import logging
    import concurrent.futures._base as holder   # a shared stdlib module that imported logging

    def test_caplog_sees_the_local_copy(caplog):
        logging.getLogger("app").warning("hello")
        assert caplog.messages == ["hello"]

    def test_the_copy_is_the_spaces_own():
        assert holder.logging is not logging
    """


def test_config_key_local_gives_each_run_its_copy_and_names_the_holders(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": '[tool.pyspace-test]\nlocal = ["logging"]\n',
                          "test_log.py": CALLS_LOGGING})
    result = pst("run", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.rc == 0, result.out + result.err
    assert closing_line(result.out).startswith("2 passed")
    assert ("local 'logging': shared module(s) concurrent.futures._base hold the root's 'logging'"
            in result.out)


def test_without_the_local_key_the_copy_is_the_roots(tmp_path):
    write_tree(tmp_path, {"pyproject.toml": "[tool.pyspace-test]\n", "test_log.py": CALLS_LOGGING})
    result = pst("run", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.rc == 1
    assert "FAILED test_log.py::test_the_copy_is_the_spaces_own" in result.out


@pytest.mark.parametrize("toml, message", [
    ('local = ["logging",\n  "sys"]\n',
     "pyproject.toml:3:3: local 'sys': the interpreter and the runner need one copy of it, the root's"),
    ('shared = ["toolz"]\nlocal = ["toolz.curried"]\n',
     "pyproject.toml:3:10: 'local': 'toolz.curried' is shared ('shared' lists 'toolz')"),
    ('local = ["no such"]\n', "pyproject.toml:2:10: 'local': 'no such' is not a module name"),
])
def test_a_bad_local_key_is_a_usage_error_naming_the_line(tmp_path, toml, message):
    write_tree(tmp_path, {"pyproject.toml": "[tool.pyspace-test]\n" + toml,
                          "test_a.py": "def test_a():\n    pass\n"})
    result = pst("run", cwd=tmp_path)
    assert result.rc == 4
    assert result.err.strip() == f"pyspace-test: error: {message}"
    assert result.out == ""


@pytest.mark.parametrize("demo, script, expected", [
    ("plugins_two_versions", "host.py", [
        "host: textfmt 1.0: == host ==",
        "classic/textfmt 1.0: == hello ==",
        "modern/textfmt 2.0: [==== hello =====]",
        "1000 rounds, each plugin called 1000 times: no mix-up",
    ]),
    ("local_logging", "app.py", [
        "billing's log: ['billing DEBUG charging 12']",
        "search's log:  ['search [WARNING] empty query']",
        "the application's root logger is untouched (handlers [], level WARNING)",
    ]),
])
def test_library_demo_runs(tmp_path, demo, script, expected):
    result = pst("exec", script, cwd=copy_sample(demo, tmp_path))
    assert result.rc == 0, result.err
    assert result.out.splitlines() == expected


def test_what_the_calling_module_assigns_in_a_with_block_stays(tmp_path):
    write_tree(tmp_path, {"helper.py": "VALUE = 'from the space'\n"})
    result = exec_script(tmp_path, """
        import json
        import pyspace
        space = pyspace.ModuleSpace()
        with space:
            import helper
            value = helper.VALUE
            json.dumps = None                 # a shared module's namespace: put back
        print(value, helper.__name__, json.dumps is not None)
        def in_a_function():
            global later
            with space:
                later = helper.VALUE.upper()
        in_a_function()
        print(later)
        """)
    assert result.rc == 0, result.err
    assert result.out.splitlines() == ["from the space helper True", "FROM THE SPACE"]


def test_a_local_package_holding_a_c_extension_stays_the_roots(tmp_path):
    # PyYAML's yaml._yaml extension imports the root's yaml: a local copy of the package would
    # hand the local constructors the root's node classes. The space shares the root's and says so.
    has_libyaml = subprocess.run([PYTHON, "-c", "import yaml; assert yaml.__with_libyaml__"],
                                 capture_output=True).returncode == 0
    if not has_libyaml:
        pytest.skip(f"the embedded Python ({PYTHON}) has no PyYAML with libyaml")
    result = exec_script(tmp_path, """
        import pyspace
        space = pyspace.ModuleSpace(local=["yaml"])
        with space:
            import yaml, yaml.constructor
            print(yaml.load("a: 1", Loader=yaml.CLoader))
            same = yaml.constructor is __import__("sys").modules["yaml"].constructor
        import yaml as after
        print(after is yaml, same)
        print(space.notices)
        """)
    assert result.rc == 0, result.err
    assert result.out.splitlines() == [
        "{'a': 1}", "True True",
        repr(["local 'yaml' holds a C extension: it cannot be loaded twice, the space shares the root's"])]


@needs_embedded_pytest
def test_pytest_engine_refuses_a_local_name_pytest_itself_holds(tmp_path):
    # Under pytest's engine caplog's handler sits on the root's logging (_pytest.logging holds
    # it): the tests' local copy would log past it. Never silently different: exit 4, named.
    write_tree(tmp_path, {"pyproject.toml": '[tool.pyspace-test]\nlocal = ["logging"]\n',
                          "test_log.py": CALLS_LOGGING})
    result = pst("run", "--engine", "pytest", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.rc == 4, str(result)
    assert result.err.strip() == (
        "pyspace-test: error: pyproject.toml:2:10: local 'logging' cannot be honoured by pytest's engine: "
        "pytest's _pytest.logging use(s) the root's 'logging', not the tests' copy "
        "(run with --engine native, or leave it out of 'local')")
    assert result.out == ""


@needs_embedded_pytest
def test_pytest_engine_honours_a_local_package_pytest_does_not_hold(tmp_path, toolz_099):
    write_tree(tmp_path, {
        "pyproject.toml": f'[tool.pyspace-test]\nlocal = ["toolz"]\npython_path = [{str(toolz_099)!r}]\n',
        "test_version.py": "import toolz\n\ndef test_version():\n    assert toolz.__version__ == '0.99.test'\n",
    })
    for engine in ("native", "pytest"):
        result = pst("run", "--engine", engine, "-p", "no:cacheprovider", cwd=tmp_path)
        assert result.rc == 0, (engine, str(result))
