"""--cov: coverage.py measuring a run, as pytest-cov's central controller does (module
`_pyspace.run.coverage_run`).

start() runs in the process that collects, before the run's first space is activated: the imports
collection makes are measured (pytest-cov starts before conftest.py files load), and the tracer is
part of the process state each space puts back. Supervised children and -n's workers are forked
after collection with the tracer running and the data so far; each writes what it measured to a
data file of its own (save_child()) before it exits. finish(), in the parent once every child is
done, saves the parent's data, combines every file into the data file (`.coverage`, or the
config's data_file) and makes the reports; it returns what pytest-cov writes in the terminal
summary and whether --cov-fail-under failed. A child that dies (a segfault, a timeout) loses what
it measured since it was forked.
Contract: GIL held; start() with no space active; one run at a time.
"""

import io
import os
import socket
import sys

_run = None  # the measuring run: _Run


class _Run:
    __slots__ = ("cov", "combining", "reports", "fail_under", "children")

    def __init__(self, cov, combining, reports, fail_under):
        self.cov = cov
        self.combining = combining
        self.reports = reports
        self.fail_under = fail_under
        self.children = 0


def start(sources, report_types, report_dests, branch, config_file, append, fail_under):
    """sources: paths or packages ([] or [""]: no filter, as --cov alone); the reports: types and
    their dests or modifiers ("": none), in order ([]: "term"; [""]: none); fail_under: a number,
    or None for the config's (a text: "90", "90.5")."""
    global _run
    import coverage

    source = None if not sources or "" in sources else list(sources)
    options = dict(source=source, branch=True if branch else None, data_suffix=True, config_file=config_file)
    cov = coverage.Coverage(**options)
    if source is None:  # everything is measured: not the runner's own modules (their code names lib/)
        own = os.path.dirname(os.path.dirname(_sep.__code__.co_filename))
        cov.config.run_omit = list(cov.config.run_omit or []) + [os.path.join(own, "*")]
        cov.config.report_omit = list(cov.config.report_omit or []) + [os.path.join(own, "*")]
    combining = coverage.Coverage(data_file=os.path.abspath(cov.config.data_file), **options)
    if fail_under is None:
        fail_under = getattr(cov.config, "fail_under", None)
    else:  # pytest-cov's: an int where the text is one ("90%"), else a float ("90.5%")
        try:
            fail_under = int(fail_under)
        except ValueError:
            fail_under = float(fail_under)
    if not append:
        cov.erase()
    cov.start()
    reports = dict(zip(report_types, report_dests)) if report_types else {"term": ""}
    reports.pop("", None)  # --cov-report= : no report
    _run = _Run(cov, combining, reports, fail_under)


def save_child():
    """In a forked child, before it exits: what it measured, into a data file of its own."""
    if _run is None:
        return
    from coverage import CoverageData

    _run.cov.stop()
    measured = _run.cov.get_data()
    _run.children += 1
    own = CoverageData(basename=measured.base_filename(),
                       suffix=f"{socket.gethostname()}.{os.getpid()}.child{_run.children}")
    own.update(measured)
    own.write()


def finish(tests_failed, no_report_on_fail):
    """(text for the terminal summary, fail_under failed) once every child is done; None when no
    run measures. --no-cov-on-fail (`no_report_on_fail`): no report when tests failed."""
    global _run
    if _run is None:
        return None
    run, _run = _run, None
    run.cov.stop()
    run.cov.save()
    cov = run.combining
    cov.load()
    cov.combine()
    cov.save()
    if tests_failed and no_report_on_fail:
        return ("", False)
    out = io.StringIO()
    try:
        total = _reports(cov, run.reports, out)
    except Exception as error:  # coverage.misc.CoverageException and what reporting raises
        return (f"WARNING: Failed to generate report: {error}\n\n", False)
    text = "\n" + out.getvalue() + "\n" if out.getvalue() else ""
    failed = False
    if run.fail_under is not None and run.fail_under > 0:
        failed = total < run.fail_under
        text += "{fail}Required test coverage of {required}% {reached}. Total coverage: {actual:.2f}%\n".format(
            fail="FAIL " if failed else "", required=run.fail_under,
            reached="not reached" if failed else "reached", actual=total) + "\n"
    return (text, failed)


def _sep(out, text):
    """pytest-cov's separator into a string: 70 columns."""
    total = max(70 - 2 - len(text), 2)
    out.write("%s %s %s\n" % ("-" * (total // 2), text, "-" * (total // 2 + total % 2)))


def _reports(cov, reports, out):
    """pytest-cov's CovController.summary: the reports asked for, in its order; the total."""
    nothing = io.StringIO()
    if not reports:
        return cov.report(show_missing=True, ignore_errors=True, file=nothing)
    version = "%s.%s.%s-%s-%s" % sys.version_info[:5]
    _sep(out, f"coverage: platform {sys.platform}, python {version}")
    total = None
    if "term" in reports or "term-missing" in reports:
        skip_covered = "skip-covered" in reports.values()
        total = cov.report(show_missing=("term-missing" in reports) or None, ignore_errors=True, file=out,
                           skip_covered=skip_covered or None)
    if "annotate" in reports:
        directory = reports["annotate"] or None
        cov.annotate(ignore_errors=True, directory=directory)
        total = cov.report(ignore_errors=True, file=nothing)
        out.write(f"Coverage annotated source written to dir {directory}\n" if directory
                  else "Coverage annotated source written next to source\n")
    # (type, what makes it, its default destination, what pytest-cov says it wrote)
    for kind, make, default, written in (
            ("html", lambda dest: cov.html_report(ignore_errors=True, directory=dest), cov.config.html_dir, "HTML written to dir"),
            ("xml", lambda dest: cov.xml_report(ignore_errors=True, outfile=dest), cov.config.xml_output, "XML written to file"),
            ("json", lambda dest: cov.json_report(ignore_errors=True, outfile=dest), cov.config.json_output, "JSON written to file")):
        if kind in reports:
            output = reports[kind] or None
            total = make(output)
            out.write(f"Coverage {written} {default if output is None else output}\n")
    if "lcov" in reports:
        output = reports["lcov"] or None
        cov.lcov_report(ignore_errors=True, outfile=output)
        total = cov.report(ignore_errors=True, file=nothing)
        out.write(f"Coverage LCOV written to file {cov.config.lcov_output if output is None else output}\n")
    return total
