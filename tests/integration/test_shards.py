"""--shard I/N (docs/ci.md): the shards of one suite together run each test exactly once, the
same split on every machine, balanced by recorded durations (the cache's, or pytest-split's
`.test_durations` file given by --durations-path), else by counts."""

import json

import pytest

from pst_support import closing_line, junit_cases, pst, write_tree


def suite(tmp_path, files=6, tests=5):
    return write_tree(tmp_path / "proj", {
        f"test_m{f}.py": "".join(f"def test_{t}():\n    pass\n\n" for t in range(tests)) for f in range(files)})


def run_shards(root, tmp_path, count, *extra):
    ran = []
    for index in range(1, count + 1):
        xml = tmp_path / f"shard{index}.xml"
        result = pst("run", "-p", "no:cacheprovider", f"--shard={index}/{count}", f"--junitxml={xml}", *extra, cwd=root)
        assert result.rc == 0, str(result)
        ran.append(sorted(f"{c}::{n}" for c, n in junit_cases(xml)))
    return ran


@pytest.mark.parametrize("isolate", ["run", "file"])
def test_three_shards_run_each_test_exactly_once(tmp_path, isolate):
    root = suite(tmp_path)
    ran = run_shards(root, tmp_path, 3, "--isolate", isolate)
    every = [test for shard in ran for test in shard]
    assert len(every) == len(set(every)) == 30
    assert all(shard for shard in ran)
    assert run_shards(root, tmp_path, 3, "--isolate", isolate) == ran  # the same split every time


def test_counts_balance_shards_without_durations(tmp_path):
    root = suite(tmp_path)
    result = pst("run", "-p", "no:cacheprovider", "--shard", "2/3", cwd=root)
    assert result.rc == 0, str(result)
    assert "collected 30 items / 20 deselected / 10 selected" in result.out, str(result)
    assert "shard 2/3: 10 of 30 tests, balanced by counts (no durations recorded)" in result.out
    assert closing_line(result.out) == "10 passed, 20 deselected"


def test_durations_balance_the_shards(tmp_path):
    """One slow test weighs as much as the nine fast ones: it gets a shard to itself."""
    root = write_tree(tmp_path / "proj", {"test_d.py": "".join(f"def test_{t}():\n    pass\n\n" for t in range(10))})
    durations = {f"test_d.py::test_{t}": 1.0 for t in range(1, 10)}
    durations["test_d.py::test_0"] = 9.0
    (root / ".test_durations").write_text(json.dumps(durations))
    ran = run_shards(root, tmp_path, 2, "--durations-path", ".test_durations")
    assert sorted(map(len, ran)) == [1, 9]
    assert ["test_d::test_0"] in ran
    out = pst("run", "-p", "no:cacheprovider", "--shard", "1/2", "--durations-path", ".test_durations", cwd=root).out
    assert "shard 1/2: 1 of 10 tests, estimated 9.00s by recorded durations" in out


def test_each_run_records_durations_for_the_next(tmp_path):
    root = write_tree(tmp_path / "proj", {
        "test_slow.py": "import time\n\ndef test_slow():\n    time.sleep(0.3)\n",
        "test_fast.py": "".join(f"def test_{t}():\n    pass\n\n" for t in range(4)),
    })
    first = pst("run", "-q", cwd=root)  # with the cache: records the durations
    assert first.rc == 0, str(first)
    recorded = json.loads((root / ".pytest_cache" / "v" / "pyspace-test" / "durations").read_text())
    assert recorded["test_slow.py::test_slow"] >= 0.3 and set(recorded) == {
        "test_slow.py::test_slow", *(f"test_fast.py::test_{t}" for t in range(4))}
    shard = pst("run", "-q", "--shard", "1/2", cwd=root)
    other = pst("run", "-q", "--shard", "2/2", cwd=root)
    counts = sorted([closing_line(shard.out), closing_line(other.out)])
    assert counts == ["1 passed, 4 deselected", "4 passed, 1 deselected"], (shard.out, other.out)


def test_store_durations_writes_pytest_splits_file(tmp_path):
    root = suite(tmp_path, files=2, tests=2)
    result = pst("run", "-p", "no:cacheprovider", "--store-durations", "--durations-path", "durations.json", cwd=root)
    assert result.rc == 0, str(result)
    written = json.loads((root / "durations.json").read_text())
    assert sorted(written) == sorted(f"test_m{f}.py::test_{t}" for f in range(2) for t in range(2))
    assert all(isinstance(v, float) and v >= 0 for v in written.values())


def test_a_durations_file_that_is_not_json_is_named_and_counts_are_used(tmp_path):
    root = suite(tmp_path)
    (root / "broken.json").write_text("{not json")
    result = pst("run", "-p", "no:cacheprovider", "--shard", "1/3", "--durations-path", "broken.json", cwd=root)
    assert result.rc == 0, str(result)
    assert "broken.json is not a JSON object of seconds by node id: shards are balanced by test counts" in result.out
    assert "shard 1/3: 10 of 30 tests, balanced by counts" in result.out


@pytest.mark.parametrize("args, message", [
    (["--shard", "3/2"], "argument --shard: invalid shard '3/2'"),
    (["--shard", "0/2"], "argument --shard: invalid shard '0/2'"),
    (["--shard", "x"], "argument --shard: invalid shard 'x'"),
    (["--store-durations"], "--store-durations needs --durations-path FILE"),
])
def test_bad_shards_are_usage_errors(tmp_path, args, message):
    root = suite(tmp_path, files=1, tests=1)
    result = pst("run", *args, cwd=root)
    assert result.rc == 4, str(result)
    assert message in result.err, str(result)


def test_collect_only_lists_the_shards_tests(tmp_path):
    root = suite(tmp_path, files=2, tests=3)
    listed = [pst("run", "-p", "no:cacheprovider", "--co", "-q", f"--shard={i}/2", cwd=root).out for i in (1, 2)]
    ids = [[line for line in out.splitlines() if "::" in line] for out in listed]
    assert sorted(ids[0] + ids[1]) == sorted(f"test_m{f}.py::test_{t}" for f in range(2) for t in range(3))
    assert not set(ids[0]) & set(ids[1])
