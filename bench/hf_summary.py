"""Prints medians and ratios from hyperfine --export-json files, merging the runs of the same
command across files (runner_vs_pytest.sh runs hyperfine in several rounds).

    /usr/bin/python3 bench/hf_summary.py [--markdown OUT.md] RESULT.json... [NAME=TARGET ...]

The first command is the subject; every other command gets the ratio of medians
subject/other, and NAME=TARGET (e.g. pytest=0.25) marks that ratio met or missed.
"""
import argparse
import json
import statistics


def merged_times(paths):
    times = {}  # command name -> all its times, in first-seen order of commands
    for path in paths:
        with open(path) as file:
            for result in json.load(file)["results"]:
                times.setdefault(result["command"], []).extend(result["times"])
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown")
    parser.add_argument("inputs", nargs="+", help="JSON files, then NAME=TARGET pairs")
    args = parser.parse_args()
    paths = [arg for arg in args.inputs if "=" not in arg]
    targets = {name: float(value) for name, value in
               (arg.split("=", 1) for arg in args.inputs if "=" in arg)}
    times = merged_times(paths)
    medians = {name: statistics.median(values) for name, values in times.items()}
    subject = next(iter(times))
    rows = []
    for name, values in times.items():
        ratio = medians[subject] / medians[name]
        print(f"  {name:<20} median {medians[name] * 1000:9.1f} ms  min {min(values) * 1000:9.1f}"
              f"  max {max(values) * 1000:9.1f}  ({len(values)} runs)")
        rows.append(f"| {name} | {medians[name] * 1000:.1f} | {min(values) * 1000:.1f} | "
                    f"{max(values) * 1000:.1f} | {len(values)} | {ratio:.3f} |")
    for name in list(times)[1:]:
        ratio = medians[subject] / medians[name]
        target = targets.get(name)
        verdict = "" if target is None else f"  target <= {target}: {'met' if ratio <= target else 'MISSED'}"
        print(f"  ratio {subject} / {name}: {ratio:.3f}{verdict}")
    if args.markdown:
        with open(args.markdown, "w") as file:
            file.write(f"| command | median ms | min ms | max ms | runs | {subject} / command |\n"
                       "|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
