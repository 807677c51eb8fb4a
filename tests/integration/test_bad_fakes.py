"""A fake that does not compile, that raises, or that names a module the interpreter cannot run
without is the user's mistake: exit 4 with a message naming the fake (and its file:line), never
an internal traceback (exit 3)."""
import pytest

from pst_support import pst, write_tree


def project_with_fake(tmp_path, fakes, fake_source=None):
    files = {
        "pyproject.toml": f"[tool.pyspace-test]\nfakes = {{ {fakes} }}\n",
        "test_a.py": "def test_a():\n    pass\n",
    }
    if fake_source is not None:
        files["fakes/fake_socket.py"] = fake_source
    return write_tree(tmp_path / "proj", files)


@pytest.mark.parametrize("source, line, error", [
    ("x = 1\ndef broken(:\n", 2, "SyntaxError"),
    ("import os\nraise RuntimeError('no network here')\n", 2, "RuntimeError: no network here"),
])
def test_a_fake_file_that_fails_names_the_fake_and_its_line(tmp_path, source, line, error):
    project = project_with_fake(tmp_path, 'socket = "fakes/fake_socket.py"', source)
    result = pst("run", cwd=project)
    assert result.rc == 4, str(result)
    assert "Traceback" not in result.both, str(result)
    assert f"fake 'socket': {project / 'fakes' / 'fake_socket.py'}:{line}: {error}" in result.err, str(result)


@pytest.mark.parametrize("module", ["builtins", "sys", "importlib"])
def test_a_module_the_interpreter_needs_cannot_be_blocked(tmp_path, module):
    project = project_with_fake(tmp_path, f"{module} = false")
    result = pst("run", cwd=project)
    assert result.rc == 4, str(result)
    assert "Traceback" not in result.both, str(result)
    assert f"fake '{module}': this module cannot be faked or blocked" in result.err, str(result)
