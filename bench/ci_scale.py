"""-n's and --cov's benchmark (docs/performance.md §17): pyspace-test against pytest-xdist and
pytest-cov, interleaved.

    /usr/bin/python3 bench/ci_scale.py BUILD_DIR [ROUNDS]

Generates bench/gen_suites.py's `cpu` (40 files x 3 tests of ~20 ms pure-Python work) and
`mixed` (40 x 12) suites in a temporary directory, then times on each, in turn, ROUNDS times
(default 5; bench/ab.py, medians): pyspace-test -n 2, -n 1 and without -n, and
`python3 -m pytest -p xdist -n 2` (Debian's python3-pytest-xdist). Plugins are off on both sides
(PYTEST_DISABLE_PLUGIN_AUTOLOAD=1; pytest gets `-p xdist` only). Then, on `mixed`: pyspace-test
and `python3 -m pytest -p pytest_cov` (Debian's python3-pytest-cov), each with `--cov=.
--cov-report=` (measured, data combined and saved, no report printed) and without.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = "PYTEST_DISABLE_PLUGIN_AUTOLOAD=1|"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.join(os.path.abspath(sys.argv[1]), "app", "pyspace-test")
    rounds = sys.argv[2] if len(sys.argv) > 2 else "5"
    with tempfile.TemporaryDirectory() as root:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_suites.py"), root], check=True,
                       stdout=subprocess.DEVNULL)
        ours = f"{binary} run -q -p no:cacheprovider"
        for suite in ("cpu", "mixed"):
            print(f"== {suite}", flush=True)
            theirs = "/usr/bin/python3 -m pytest -q -p no:cacheprovider -p xdist"
            subprocess.run([sys.executable, os.path.join(HERE, "ab.py"), rounds,
                            ENV + ours + " -n 2", ENV + ours + " -n 1", ENV + ours, ENV + theirs + " -n 2"],
                           cwd=os.path.join(root, suite), check=True)
        print("== mixed, --cov", flush=True)
        cov = " --cov=. --cov-report="
        subprocess.run([sys.executable, os.path.join(HERE, "ab.py"), rounds,
                        ENV + ours + cov, ENV + ours,
                        ENV + "/usr/bin/python3 -m pytest -q -p no:cacheprovider -p pytest_cov" + cov,
                        ENV + "/usr/bin/python3 -m pytest -q -p no:cacheprovider"],
                       cwd=os.path.join(root, "mixed"), check=True)


if __name__ == "__main__":
    main()
