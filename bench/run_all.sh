#!/usr/bin/env bash
# Runs every benchmark against BUILD_DIR/app/pyspace-test (`make bench` calls this):
#
#   bench/run_all.sh BUILD_DIR [RUNS [ROUNDS]]   # hyperfine runs per command (10), in 5 rounds
#
# Writes bench/results/<date-time>/ (machine.txt, fault_cost.txt, space_ops.txt, reimport.txt,
# runner_*.json/md, summary of the runner comparison in runner.txt) and points bench/results/latest at it.
# The binary is copied there first and the copy is measured (deleted at the end).
# The generated project and suites go to bench/results/work/.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,9p' "$0"
    exit 2
fi
build_bin=$(realpath "$1")/app/pyspace-test
runs=${2:-10}
rounds=${3:-5}
here=$(dirname "$(realpath "$0")")
py=/usr/bin/python3
results=$here/results
out=$results/$(date +%Y%m%d-%H%M%S)
work=$results/work
mkdir -p "$out" "$work"

# Measure a copy: the build directory may be rebuilt while the benchmarks run.
bin=$out/pyspace-test
cp "$build_bin" "$bin"
trap 'rm -f "$bin"' EXIT
"$bin" --version > /dev/null
unset PYTHONDONTWRITEBYTECODE  # bytecode caches on, as on a developer machine

{
    echo "date:      $(date -Iseconds)"
    echo "cpu:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), nproc $(nproc)"
    echo "kernel:    $(uname -sr)"
    echo "python:    $($py --version 2>&1), pytest $($py -m pytest --version 2>&1 | awk '{print $2}')"
    echo "hyperfine: $(hyperfine --version | awk '{print $2}')"
    echo "commit:    $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
        git -C "$here" diff --quiet HEAD -- lib app 2>/dev/null || echo ' (lib/ or app/ modified)')"
    echo "binary:    $build_bin (built $(date -r "$build_bin" -Iseconds)), measured as a copy"
    echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-minute load average at the start)"
} | tee "$out/machine.txt"

"$py" "$here/gen_project.py" "$work/project" > /dev/null
"$py" "$here/gen_suites.py" "$work/suites" > /dev/null

echo "== page fault cost"
"$py" "$here/fault_cost.py" | tee "$out/fault_cost.txt"
echo "== module space operations"
"$bin" exec "$here/space_ops.py" | tee "$out/space_ops.txt"
echo "== re-importing a 30-module project"
"$bin" exec "$here/reimport.py" "$work/project" | tee "$out/reimport.txt"
"$here/runner_vs_pytest.sh" "$bin" "$work/suites" "$out" "$runs" "$rounds" | tee "$out/runner.txt"

echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) at the end" | tee -a "$out/machine.txt"
ln -sfn "$(basename "$out")" "$results/latest"
echo "results: $out"
