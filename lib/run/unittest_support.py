"""Running one unittest.TestCase test through unittest's own machinery.

TestCase.run(result) with a result object of ours does setUp/tearDown, cleanups, skip
decorators, skipTest, expectedFailure, subTest and IsolatedAsyncioTestCase's event loop. Class and
module fixtures (setUpClass, setUpModule, ...) are the Session's business (see xunit.py), as a
TestSuite would normally do them.

Outcome rules (pytest 7.2 plus subtests): the first error/failure decides the call report;
a skip -> skipped; expectedFailure that fails -> xfailed ("reason: "); one that passes ->
failed "Unexpected success". Each failing subtest is reported on its own (same nodeid, the
subtest description leading the message) and makes the test's own report failed.
"""

import time

from _pyspace.run import verdict
from _pyspace.collect.items import shown_file
from _pyspace.run.reports import PhaseResult


def make_instance(item):
    """The TestCase instance for item (called in the setup phase)."""
    return item.cls(item.originalname)


def run_call(item, instance, xfail):
    """Run the test (setUp, the method, tearDown, cleanups): (its call PhaseResults, failing
    subtests first, then the test's own; the teardown PhaseResult or None). As pytest's
    unittest plugin, the first error or failure is the call's and a second one (tearDown
    failing after the test failed) the teardown's; any later one is not reported."""
    result = _Result(item, xfail)
    start = time.perf_counter()
    instance.run(result)
    duration = time.perf_counter() - start
    return result.subtest_results + [result.verdict(duration)], result.second_problem


class _Result:
    """The TestResult protocol unittest.TestCase.run expects; records what the test did."""

    failfast = False
    shouldStop = False
    buffer = False

    def __init__(self, item, xfail):
        self.item = item
        self.xfail = xfail
        self.first_problem = None
        self.second_problem = None
        self.skip_reason = None
        self.expected_failure = None
        self.unexpected_success = False
        self.subtest_results = []
        self.subtests_failed = 0

    def startTest(self, test):
        pass

    def stopTest(self, test):
        pass

    def addSuccess(self, test):
        pass

    def addDuration(self, test, elapsed):
        pass

    def addError(self, test, err):
        self._problem(err)

    def addFailure(self, test, err):
        self._problem(err)

    def addSkip(self, test, reason):
        if test is not getattr(test, "test_case", test):
            self.subtest_results.append(self._subtest_skip(test, reason))
        elif self.skip_reason is None:
            self.skip_reason = reason

    def addExpectedFailure(self, test, err):
        if self.expected_failure is None:
            self.expected_failure = verdict.judge_exception("call", err[1], None, 0.0).longrepr

    def addUnexpectedSuccess(self, test):
        self.unexpected_success = True

    def addSubTest(self, test, subtest, err):
        if err is None:
            return
        result = verdict.judge_exception("call", err[1], None, 0.0)
        if result.outcome in ("failed", "error"):
            result.outcome = "failed"
            self.subtests_failed += 1
        description = subtest._subDescription()
        result.message = f"{description} {result.message}"
        self.subtest_results.append(result)

    def verdict(self, duration):
        """The test's own call PhaseResult."""
        if self.first_problem is not None:
            self.first_problem.duration = duration
            return self.first_problem
        if self.skip_reason is not None:
            return verdict.skipped("call", self.skip_reason, _location(self.item), duration)
        if self.expected_failure is not None:
            return PhaseResult("xfailed", "call", duration, "reason: ", self.expected_failure)
        if self.unexpected_success:
            return PhaseResult("failed", "call", duration, "Unexpected success", "Unexpected success")
        if self.subtests_failed:
            text = f"{self.subtests_failed} subtest(s) failed"
            return PhaseResult("failed", "call", duration, text, text)
        return verdict.judge_success("call", self.xfail, duration)

    def _problem(self, err):
        if self.first_problem is None:
            self.first_problem = verdict.judge_exception("call", err[1], self.xfail, 0.0)
        elif self.second_problem is None:
            self.second_problem = verdict.judge_exception("teardown", err[1], self.xfail, 0.0)

    def _subtest_skip(self, subtest, reason):
        result = verdict.skipped("call", reason, _location(self.item))
        result.message = f"{subtest._subDescription()} {reason}"
        return result


def _location(item):
    return f"{shown_file(item)}:{item.line}"
