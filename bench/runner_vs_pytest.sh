#!/usr/bin/env bash
# Times `pyspace-test run -q SUITE` against pytest (and unittest) on the suites written by
# gen_suites.py, with hyperfine; prints medians and ratios.
#
#   bench/runner_vs_pytest.sh PYSPACE_BINARY SUITES_DIR RESULTS_DIR [RUNS] [ROUNDS]
#
# Suites mixed, unittest, trivial; then `single` (one test), with `pyspace-test exec` of an empty
# script, `python3 -c pass` and `python3 -c 'import pytest'` beside it: fixed costs.
# RUNS (default 10) timed runs per command are taken in ROUNDS (default 5) hyperfine invocations
# with one warm-up run each. Writes RESULTS_DIR/runner_<suite>.round<k>.{json,md}, the merged
# table runner_<suite>.md and hyperfine's output runner_<suite>.log.
# BENCH_PLUGINS=1: both sides load the machine's pytest plugins (default: neither does).
# Without a `run` subcommand in the binary the pyspace-test side is skipped (with a message)
# and only the baselines are timed. Each command runs once visibly first; one that exits
# non-zero is reported and left out of the timing.
set -euo pipefail

if [[ $# -lt 3 ]]; then
    sed -n '2,16p' "$0"
    exit 2
fi
bin=$(realpath "$1")
suites=$(realpath "$2")
out=$3
runs=${4:-10}
rounds=${5:-5}
per_round=$(( (runs + rounds - 1) / rounds ))
py=/usr/bin/python3
here=$(dirname "$(realpath "$0")")
mkdir -p "$out"

# Bytecode caches on, as on a developer machine (pytest caches its rewritten test modules too).
unset PYTHONDONTWRITEBYTECODE
# The same plugins on both sides: none (PYTEST_DISABLE_PLUGIN_AUTOLOAD=1), or with BENCH_PLUGINS=1
# the machine's installed ones for both, without pytest-random-order (1.1.0 breaks runs
# without the cache plugin).
plugin_flags=
if [[ ${BENCH_PLUGINS:-} ]]; then
    unset PYTEST_DISABLE_PLUGIN_AUTOLOAD
    plugin_flags="-p no:random_order"
else
    export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
fi

have_run=
if "$bin" run --help 2>/dev/null | grep -q "pyspace-test run"; then
    have_run=1
else
    echo "NOTE: $bin has no 'run' subcommand yet: skipping pyspace-test, timing the baselines only."
fi

declare -A targets=([mixed]="pytest=0.25" [unittest]="unittest=1.0" [trivial]="pytest=0.1" [single]="")
empty=$(realpath "$out")/empty.py
: > "$empty"

for suite in mixed unittest trivial single; do
    dir=$suites/$suite
    names=() commands=()
    if [[ $have_run ]]; then
        names+=("pyspace-test"); commands+=("$bin run -q $plugin_flags $dir")
    fi
    names+=("pytest"); commands+=("$py -m pytest -q -p no:cacheprovider $plugin_flags $dir")
    if [[ $suite == unittest || $suite == single ]]; then
        names+=("unittest"); commands+=("$py -m unittest discover -s $dir -t $dir -q")
    fi
    if [[ $suite == single ]]; then
        names+=("pyspace-exec-empty" "python3-pass" "import-pytest")
        commands+=("$bin exec $empty" "$py -c pass" "$py -c 'import pytest'")
    fi

    echo "== suite $suite ($dir)"
    args=() subject_ok=1
    for i in "${!commands[@]}"; do
        # One visible run each: shows the outcome line (and warms the bytecode caches).
        output=$(bash -c "${commands[$i]}" 2>&1) && status=0 || status=$?
        printf '  %-20s %s\n' "${names[$i]}:" "$(tail -n 1 <<< "$output")"
        if [[ $status != 0 ]]; then
            echo "  ${names[$i]} FAILED (exit $status): left out of the timing"
            [[ $i == 0 ]] && subject_ok=
            continue
        fi
        args+=(-n "${names[$i]}" "${commands[$i]}")
    done
    # ROUNDS hyperfine invocations of RUNS/ROUNDS runs each, merged: on a shared machine the
    # load changes while one command's runs are under way, and rounds spread that over all.
    files=()
    for round in $(seq "$rounds"); do
        json=$out/runner_$suite.round$round.json
        if ! hyperfine -N --warmup 1 --runs "$per_round" --style basic --export-json "$json" \
                --export-markdown "${json%.json}.md" "${args[@]}" >> "$out/runner_$suite.log" 2>&1; then
            echo "  hyperfine failed: see $out/runner_$suite.log"
            continue 2
        fi
        files+=("$json")
    done
    targets_here=()
    if [[ $have_run && $subject_ok ]]; then
        targets_here=(${targets[$suite]})
    fi
    "$py" "$here/hf_summary.py" --markdown "$out/runner_$suite.md" "${files[@]}" "${targets_here[@]}"
done
