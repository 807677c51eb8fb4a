"""setuptools glue for `python -m pip install --no-build-isolation .` (see pyproject.toml).

The `build` step first runs the project's own CMake build with -DPython3_EXECUTABLE set to the
Python running pip (the venv's), in build-pip/<version>/, and hands the executable to setuptools
as a script: pip installs it into <venv>/bin unchanged (a binary gets no shebang rewriting).
Environment: PYSPACE_PIP_JOBS (parallel compile jobs, default: the CPU count),
PYSPACE_PIP_BUILD_DIR (the CMake build directory).
"""
import os
import subprocess
import sys
from pathlib import Path

from setuptools import Command, Distribution, setup
from setuptools.command.build import build
try:
    from setuptools.command.build_scripts import build_scripts
except ImportError:  # setuptools < 69: distutils' own (setuptools provides distutils)
    from distutils.command.build_scripts import build_scripts

HERE = Path(__file__).resolve().parent
VERSION = "%d.%d" % sys.version_info[:2]
CMAKE_BUILD = Path(os.environ.get("PYSPACE_PIP_BUILD_DIR", HERE / "build-pip" / VERSION))
BINARY = CMAKE_BUILD / "app" / "pyspace-test"
CMAKE_BUILD.mkdir(parents=True, exist_ok=True)  # egg_info writes its metadata there


class BuildPyspaceTest(Command):
    description = "build the pyspace-test executable with CMake for this Python"
    user_options = []

    def initialize_options(self):
        pass

    def finalize_options(self):
        pass

    def run(self):
        jobs = os.environ.get("PYSPACE_PIP_JOBS", str(os.cpu_count() or 2))
        subprocess.run(["cmake", "-S", str(HERE), "-B", str(CMAKE_BUILD), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                        f"-DPython3_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", str(CMAKE_BUILD), "--target", "pyspace-test", "-j", jobs],
                       check=True)


class BuildScripts(build_scripts):
    """Copies the executable unchanged (distutils would read a script as Python source)."""

    def copy_scripts(self):
        self.mkpath(self.build_dir)
        target = os.path.join(self.build_dir, BINARY.name)
        self.copy_file(str(BINARY), target)
        os.chmod(target, 0o755)
        return [target], [target]


class BinaryDistribution(Distribution):
    """The wheel holds a native executable: tagged for this Python and platform, not py3-none-any."""

    def has_ext_modules(self):
        return True


class Build(build):
    sub_commands = [("build_pyspace_test", None)] + build.sub_commands


setup(
    distclass=BinaryDistribution,
    cmdclass={"build": Build, "build_pyspace_test": BuildPyspaceTest, "build_scripts": BuildScripts},
    scripts=[os.path.relpath(BINARY, HERE)],
    options={"build": {"build_base": os.path.relpath(CMAKE_BUILD / "setuptools", HERE)},
             "egg_info": {"egg_base": os.path.relpath(CMAKE_BUILD, HERE)}},
)
