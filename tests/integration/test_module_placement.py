"""The module-placement rule (docs/architecture.md): the standard library and installed
distributions are the root's, one copy shared by every space, however a test first reaches them;
the project's code is the space's; a module whose import reaches a fake stays in the space; a
project package holding an in-tree C extension is the root's as one unit, with a notice.
Where pytest is the oracle, it runs with plugin autoload off."""

import shutil
import subprocess
import sysconfig

import pytest

from pst_support import (base_env, closing_line, outcomes_by_id, pst, pytest_run, read_events, system_site_venv,
                         write_tree)

HERMETIC = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def run_events(cwd, *args, env=None):
    events_file = cwd.parent / f"{cwd.name}-events.jsonl"
    result = pst("run", "--json-events", events_file, *args, cwd=cwd, env=env)
    events = read_events(events_file.read_text()) if events_file.exists() else None
    return result, events


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_a_stdlib_module_a_test_imports_first_is_the_one_numpy_registered_with(tmp_path, isolate):
    # numpy registers its scalar types with the root's `numbers` ABCs (and _decimal its Decimal):
    # a test importing `numbers` before numpy must get that very module.
    project = write_tree(tmp_path / "proj", {
        "test_a_numbers.py": """
            import numbers, fractions, decimal

            def test_numpy_scalars_are_numbers():
                import numpy
                assert isinstance(numpy.int32(3), numbers.Integral)
                assert isinstance(numpy.float64(1.5), numbers.Real)
                assert isinstance(decimal.Decimal(1), numbers.Number)
            """,
        "test_b_again.py": """
            import numbers

            def test_in_the_next_file_too():
                import numpy
                assert isinstance(numpy.int64(3), numbers.Integral)
            """,
    })
    expected = pytest_run(cwd=project, env=base_env(**HERMETIC))
    assert expected.rc == 0, str(expected)
    result, events = run_events(project, "--isolate", isolate)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


@pytest.fixture
def installed(tmp_path):
    """(install, env for the binary): install(files) writes into a venv's site-packages."""
    site, env = system_site_venv(tmp_path)
    return (lambda files: write_tree(site, files)), env


def test_an_installed_pure_package_is_one_module_for_tests_and_root_packages(tmp_path, installed):
    # `purelib` (pure Python) imported first by a test; `extpkg` holds an extension, so it is a
    # root package, and it imports purelib in the root: both must see the same module (patsy
    # and statsmodels: `except PatsyError` failed when they did not).
    install, env = installed
    install({
        "purelib/__init__.py": "class Failure(Exception):\n    pass\n",
        "extpkg/__init__.py": "import purelib\n"
                              "def fail():\n    raise purelib.Failure('from extpkg')\n",
        "extpkg/_speedups" + sysconfig.get_config_var("EXT_SUFFIX"): "",  # marks it only
    })
    project = write_tree(tmp_path / "proj", {
        "test_a_pure_first.py": """
            import pytest
            import purelib

            def test_same_class_through_the_root_package():
                import extpkg
                assert extpkg.purelib is purelib
                with pytest.raises(purelib.Failure):
                    extpkg.fail()
            """,
        "test_b_next_file.py": """
            import sys
            import purelib

            def test_the_next_space_shares_it():
                assert sys.modules["extpkg"].purelib is purelib
            """,
    })
    result, events = run_events(project, "--isolate", "file", env=env)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


def test_a_write_into_a_shared_module_a_space_imported_first_is_rolled_back(tmp_path):
    # `colorsys` (stdlib) is first imported by the test: it goes to the root, and the test's
    # write into it must not reach the next file's space.
    project = write_tree(tmp_path / "proj", {
        "test_a_patch.py": """
            import sys
            IMPORTED_BEFORE = "colorsys" in sys.modules
            import colorsys

            def test_patch():
                assert not IMPORTED_BEFORE
                colorsys.rgb_to_hsv = lambda *a: "patched"
                colorsys.PROBE = 1
            """,
        "test_b_pristine.py": """
            import colorsys

            def test_pristine():
                assert colorsys.rgb_to_hsv(1, 0, 0) == (0.0, 1.0, 1)
                assert not hasattr(colorsys, "PROBE")
            """,
    })
    result, events = run_events(project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


FAKE_SOCKET_PROJECT = {
    "pyproject.toml": """
        [tool.pyspace-test]
        fakes = { socket = "fakes/fake_socket.py" }
        """,
    "fakes/fake_socket.py": "IS_FAKE = True\nAF_INET = 2\n_GLOBAL_DEFAULT_TIMEOUT = object()\n",
    "test_reach.py": """
        import sys

        def test_a_stdlib_module_importing_the_fake_sees_it():
            import ftplib
            assert getattr(ftplib.socket, "IS_FAKE", False), ftplib.socket

        def test_one_that_does_not_is_still_shared():
            import numbers, numpy
            assert isinstance(numpy.int8(1), numbers.Integral)
        """,
}


def test_a_module_whose_import_reaches_a_fake_stays_in_the_space_and_says_so(tmp_path):
    project = write_tree(tmp_path / "proj", FAKE_SOCKET_PROJECT)
    result, events = run_events(project)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert "'ftplib' is imported in the space, not shared: it imports the faked 'socket'" \
        in result.out, str(result)


@pytest.fixture
def c_compiler():
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not compiler:
        pytest.skip("no C compiler (cc) to build the extension with")
    return compiler


# An extension that, as multidict's, imports a Python module of its own package while it
# initialises and keeps a class from it.
IN_TREE_EXTENSION = """
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", "", -1, NULL};
PyMODINIT_FUNC PyInit__native(void) {
    PyObject* m = PyModule_Create(&module);
    PyObject* abc = PyImport_ImportModule("inplace._abc");
    if (!m || !abc) return NULL;
    PyObject* base = PyObject_GetAttrString(abc, "Base");
    Py_DECREF(abc);
    if (!base || PyModule_AddObject(m, "Base", base) < 0) return NULL;
    return m;
}
"""


def test_a_project_package_with_an_in_tree_extension_is_one_unit(tmp_path, c_compiler):
    project = write_tree(tmp_path / "proj", {
        "inplace/__init__.py": "from inplace._native import Base as NativeBase\n"
                               "from inplace._abc import Base\n",
        "inplace/_abc.py": "class Base:\n    pass\n",
        "native.c": IN_TREE_EXTENSION,
        "tests/test_one_copy.py": """
            import inplace
            from inplace import _abc

            def test_one_copy_of_the_python_module():
                assert inplace.NativeBase is inplace.Base is _abc.Base
            """,
    })
    include = sysconfig.get_paths()["include"]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    subprocess.run([c_compiler, "-shared", "-fPIC", f"-I{include}", str(project / "native.c"),
                    "-o", str(project / "inplace" / f"_native{suffix}")],
                   check=True, capture_output=True, timeout=120)
    expected = pytest_run(cwd=project, env=base_env(**HERMETIC))
    assert expected.rc == 0, str(expected)
    result, events = run_events(project)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert "project package 'inplace' holds a C extension: it is imported once, shared by " \
           "every space" in result.out, str(result)


def test_a_filterwarnings_category_of_the_project_is_imported_in_the_space(tmp_path, installed):
    # The ini names a warning class of the project; an installed distribution has a module of
    # the same name. The category is imported where the filter applies, in the space: the
    # project's module, for the filter and for the tests (pyjwt: every test was lost when the
    # configuration imported the installed one into the root).
    install, env = installed
    install({"warnpkg/__init__.py": "VERSION = 'installed'\n"})
    project = write_tree(tmp_path / "proj", {
        "pytest.ini": """
            [pytest]
            filterwarnings =
                error
                ignore::warnpkg.ProjectWarning
            """,
        "warnpkg/__init__.py": "VERSION = 'project'\n"
                               "class ProjectWarning(UserWarning):\n    pass\n",
        "test_warns.py": """
            import warnings
            import warnpkg

            def test_the_projects_module_and_its_filter():
                assert warnpkg.VERSION == "project"
                warnings.warn("ignored by the ini", warnpkg.ProjectWarning)
            """,
    })
    expected = pytest_run(cwd=project, env=base_env(**HERMETIC))
    assert expected.rc == 0, str(expected)
    result, events = run_events(project, env=env)
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)


LAZY_MOVES = '''
import sys, types

class _Lazy:
    """six's _LazyDescr: the first read imports, sets the value on the module and deletes
    the descriptor from the class."""
    def __init__(self, name, target):
        self.name, self.target = name, target

    def __get__(self, module, cls):
        value = __import__(self.target)
        setattr(module, self.name, value)
        delattr(cls, self.name)
        return value

class _Moves(types.ModuleType):
    json_module = _Lazy("json_module", "json")

moves = sys.modules[__name__ + ".moves"] = _Moves(__name__ + ".moves")
'''


def test_a_lazy_attribute_of_a_shared_module_works_in_every_files_space(tmp_path, installed):
    # six.moves under --isolate file: the first file's read moved the attribute from the
    # class to the module; rolling back only the module lost it for the next file.
    install, env = installed
    install({"lazysix/__init__.py": LAZY_MOVES})
    test = """
        from lazysix.moves import json_module

        def test_moved():
            assert json_module.__name__ == "json"
        """
    project = write_tree(tmp_path / "proj", {"test_a.py": test, "test_b.py": test})
    result, events = run_events(project, "--isolate", "file", env=env)
    assert result.rc == 0, str(result)
    assert list(outcomes_by_id(events).values()) == ["passed", "passed"], str(result)


def test_loggers_a_root_import_creates_are_kept_and_not_reported(tmp_path):
    # concurrent.futures (stdlib, the root's) creates its logger when imported first by a test:
    # that logger is the root module's, not a change the test made.
    project = write_tree(tmp_path / "proj", {
        "test_a_logging.py": "import logging\n\ndef test_logging_in_the_root():\n    pass\n",
        "test_b_first.py": """
            import sys
            IMPORTED_BEFORE = "concurrent.futures" in sys.modules
            import concurrent.futures

            def test_first_import():
                assert not IMPORTED_BEFORE
            """,
        "test_c_next.py": """
            import logging
            import concurrent.futures._base as base

            def test_the_modules_logger_is_the_registered_one():
                assert logging.getLogger("concurrent.futures") is base.LOGGER
            """,
    })
    result, events = run_events(project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert set(outcomes_by_id(events).values()) == {"passed"}, str(result)
    assert "logging configuration was modified" not in result.out, str(result)


def test_a_null_handler_the_project_adds_when_imported_is_not_reported(tmp_path):
    # The logging HOWTO's advice for libraries (pint.util does it); each file's space imports
    # the project again under --isolate file. pytest reports nothing either.
    project = write_tree(tmp_path / "proj", {
        "quietlib.py": "import logging\nlogging.getLogger('quietlib').addHandler(logging.NullHandler())\n",
        "test_a.py": "import quietlib\n\ndef test_a():\n    pass\n",
        "test_b.py": "import quietlib\n\ndef test_b():\n    pass\n",
        "test_c.py": "import logging\n\ndef test_c():\n    logging.getLogger('quietlib').setLevel(5)\n",
    })
    result, events = run_events(project, "--isolate", "file")
    assert result.rc == 0, str(result)
    assert result.out.count("logging configuration was modified") == 1, str(result)
    assert "logging configuration was modified (logger 'quietlib') by tests in test_c.py" \
        in result.out, str(result)


SELF_DEPRECATING = ("import warnings\n"
                    "warnings.warn('{name} is deprecated', DeprecationWarning, stacklevel=2)\n")


@pytest.mark.parametrize("engine", ["native", "pytest"])
def test_a_module_warning_about_itself_names_the_importing_line(tmp_path, installed, engine):
    # `warnings.warn(..., stacklevel=2)` in a module body means the line that imported it: the
    # space's finder and loaders are skipped as importlib's frames are (space/import_frames.py),
    # for an installed module (imported in the root) and a project module (in the space) alike.
    install, env = installed
    install({"oldlib/__init__.py": SELF_DEPRECATING.format(name="oldlib")})
    project = write_tree(tmp_path / "proj", {
        "oldapi.py": SELF_DEPRECATING.format(name="oldapi"),
        "test_where.py": """
            import pytest

            @pytest.mark.parametrize("name", ["oldlib", "oldapi"])
            def test_the_warning_names_this_file(name):
                with pytest.warns(DeprecationWarning) as record:
                    __import__(name)
                assert [(w.filename, w.lineno) for w in record] == [(__file__, 6)]
            """,
    })
    result = pst("run", "--engine", engine, "-p", "no:cacheprovider", cwd=project, env=env)
    assert result.rc == 0, str(result)
    assert "2 passed" in result.out, str(result)


@pytest.mark.parametrize("options", [[], ["-o", "python_files=__init__.py test_*.py"]])
def test_doctest_modules_of_an_installed_package_import_it_once(tmp_path, installed, options):
    # toolz (--doctest-modules over its installed directory): the package's __init__.py, taken
    # as the space's copy, found its submodules already imported by the root's copy, so its
    # `from .b import *` left `b` undefined (18 collection errors); and a module imported for its
    # doctests only, the space's copy, was imported again by a root module (tlz; here dtuser):
    # its deprecation warning twice. The package's __init__.py is the root's also when it is
    # collected as a test module (python_files). The oracle: pytest, plugin autoload off on both sides.
    install, env = installed
    install({
        "dtpkg/__init__.py": '"""\n>>> 1 + 1\n2\n"""\nfrom .a import *\nfrom .b import *\n'
                             "VALUE = b.twice(2)\n",
        "dtpkg/a.py": 'def once(x):\n    """\n    >>> once(1)\n    1\n    """\n    return x\n',
        "dtpkg/b.py": "def twice(x):\n    return 2 * x\n",
        "dtpkg/compat.py": "import warnings\nwarnings.warn('dtpkg.compat is deprecated', DeprecationWarning)\n",
        "dtuser/__init__.py": "import dtpkg.compat\n\ndef load():\n    return dtpkg.compat\n",
        "dtpkg/tests/__init__.py": "",
        "dtpkg/tests/test_users.py": "import dtuser\n\n"
                                     "def test_load():\n    assert dtuser.load().__name__ == 'dtpkg.compat'\n",
    })
    package = next(tmp_path.glob("venv/lib/python3*/site-packages/dtpkg"))
    oracle = pytest_run(*options, "--doctest-modules", package, cwd=tmp_path, env=base_env(**HERMETIC))
    ours = pst("run", "-p", "no:cacheprovider", *options, "--doctest-modules", package, cwd=tmp_path,
               env=dict(env, **HERMETIC))
    assert oracle.rc == 0, str(oracle)
    assert ours.rc == 0, str(ours)
    counts = lambda result: closing_line(result.out).split(" in ")[0]
    assert counts(ours) == counts(oracle) == "3 passed, 1 warning", str(ours)
