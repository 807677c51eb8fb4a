"""--junitxml: well-formed XML whatever the tests print, in pytest's schema (classname, name,
counts; xfail reported as skipped), compared with pytest's own report of the same suites."""

import xml.etree.ElementTree as ET

import pytest

from pst_support import copy_sample, junit_cases, junit_suite, pst, pytest_run, write_tree

NASTY = {
    "test_nasty.py": r'''
        import sys

        import pytest

        CONTROL = "bell\x07 nul\x00 esc\x1b[31m vt\x0b ff\x0c del\x7f"
        MARKUP = "<&> ]]> </testcase> \"quoted\" 'single' <![CDATA[ x ]]>"


        def write_invalid_utf8():
            raw = getattr(sys.stdout, "buffer", None)
            if raw is not None:
                raw.write(b"invalid utf-8: \xff\xfe \xc3\x28 \xed\xa0\x80 end\n")
                raw.flush()
            print("lone surrogate: \udcff")


        def test_control_chars_in_output_and_message():
            print(CONTROL)
            print(CONTROL, file=sys.stderr)
            assert False, CONTROL


        def test_markup_in_output_and_message():
            print(MARKUP)
            assert False, MARKUP


        def test_invalid_utf8_output():
            write_invalid_utf8()
            assert False, "after invalid utf-8"


        def test_bytes_in_assertion():
            assert b"\xff\x00<&]]>" == b"ok"


        def test_passing_with_nasty_output():
            print(CONTROL, MARKUP)
            write_invalid_utf8()


        @pytest.mark.parametrize("text", ["<&>", "]]>", "a\"b", "tab\there"])
        def test_param_ids(text):
            assert "&" not in text


        @pytest.mark.skip(reason="skip <&> ]]>")
        def test_skip_reason():
            pass


        @pytest.mark.xfail(reason="xfail <&> ]]>")
        def test_xfail_reason():
            raise ValueError(MARKUP)


        class TestClass:
            def test_method_error_in_setup(self, missing_fixture):
                pass
        ''',
}


def run_both(project, tmp_path, *args):
    ours, theirs = tmp_path / "pyspace.xml", tmp_path / "pytest.xml"
    result = pst("run", "--junitxml", ours, *args, cwd=project)
    oracle = pytest_run("--junitxml", theirs, *args, cwd=project)
    return result, ours, oracle, theirs


def test_xml_is_well_formed_whatever_tests_print(tmp_path):
    project = write_tree(tmp_path / "proj", NASTY)
    result, ours, oracle, theirs = run_both(project, tmp_path)
    assert result.rc == 1, str(result)
    assert ours.exists(), str(result)
    ET.parse(ours)  # raises on malformed XML
    ET.parse(theirs)
    assert junit_cases(ours) == junit_cases(theirs), str(result)


def test_control_chars_in_skip_and_xfail_reasons(tmp_path):
    """pytest 7.2 itself writes a raw ESC from a skip reason (its XML is then malformed)."""
    project = write_tree(tmp_path / "proj", {"test_reasons.py": r'''
        import pytest

        @pytest.mark.skip(reason="esc \x1b[31m nul \x00 bell \x07")
        def test_skip():
            pass

        @pytest.mark.xfail(reason="esc \x1b vt \x0b")
        def test_xfail():
            assert False

        def test_skip_at_runtime():
            pytest.skip("ff \x0c esc \x1b")
        '''})
    target = tmp_path / "ours.xml"
    result = pst("run", "--junitxml", target, cwd=project)
    assert result.rc == 0, str(result)
    assert junit_cases(target) == {
        ("test_reasons", "test_skip"): ["skipped"],
        ("test_reasons", "test_xfail"): ["xfailed"],
        ("test_reasons", "test_skip_at_runtime"): ["skipped"],
    }


def test_markup_survives_the_round_trip(tmp_path):
    project = write_tree(tmp_path / "proj", NASTY)
    result, ours, _, _ = run_both(project, tmp_path)
    suite = junit_suite(ours)
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    failure = cases["test_markup_in_output_and_message"].find("failure")
    assert failure is not None, ET.tostring(cases["test_markup_in_output_and_message"])
    text = (failure.get("message") or "") + (failure.text or "")
    assert "<&> ]]> </testcase>" in text, text
    skipped = cases["test_skip_reason"].find("skipped")
    assert skipped is not None and "skip <&> ]]>" in skipped.get("message", ""), \
        ET.tostring(cases["test_skip_reason"])


def test_failing_sample_report_matches_pytest(tmp_path):
    suite = copy_sample("failing", tmp_path)
    result, ours, oracle, theirs = run_both(suite, tmp_path)
    assert result.rc == 1, str(result)
    assert junit_cases(ours) == junit_cases(theirs)
    ours_suite, theirs_suite = junit_suite(ours), junit_suite(theirs)
    for attribute in ("tests", "failures", "errors", "skipped", "name"):
        assert ours_suite.get(attribute) == theirs_suite.get(attribute), attribute
    # the xfail is a <skipped type="pytest.xfail"> with the reason, as pytest writes it
    xfail = [c for c in ours_suite.iter("testcase") if c.get("name") == "test_negative_quantity"]
    assert len(xfail) == 1
    skipped = xfail[0].find("skipped")
    assert skipped is not None and skipped.get("type") == "pytest.xfail"
    assert "negative stock is not supported yet" in skipped.get("message", "")
    # failures carry the message and the traceback
    failed = [c for c in ours_suite.iter("testcase") if c.get("name") == "test_total_wrong_expectation"]
    failure = failed[0].find("failure")
    assert failure is not None and failure.text and "test_inventory.py:" in failure.text
    assert float(ours_suite.get("time")) >= 0
    for case in ours_suite.iter("testcase"):
        assert float(case.get("time")) >= 0


@pytest.mark.parametrize("sample", ["basic", "unittest_style"])
def test_classnames_and_names_match_pytest(tmp_path, sample):
    suite = copy_sample(sample, tmp_path)
    result, ours, oracle, theirs = run_both(suite, tmp_path)
    assert result.rc == 0, str(result)
    assert junit_cases(ours) == junit_cases(theirs)


def test_nested_package_classnames(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "tests/__init__.py": "",
        "tests/unit/__init__.py": "",
        "tests/unit/test_deep.py": """
            import unittest

            class TestDeep:
                def test_a(self):
                    pass

            class DeepCase(unittest.TestCase):
                def test_b(self):
                    pass

            def test_c():
                pass
            """,
    })
    result, ours, oracle, theirs = run_both(project, tmp_path)
    assert result.rc == 0, str(result)
    assert junit_cases(ours) == junit_cases(theirs)
    assert ("tests.unit.test_deep.TestDeep", "test_a") in junit_cases(ours)


def test_collection_error_in_report(tmp_path):
    project = write_tree(tmp_path / "proj", {
        "test_good.py": "def test_good():\n    pass\n",
        "test_broken.py": "def test_x(:\n    pass\n",
    })
    result, ours, oracle, theirs = run_both(project, tmp_path, "--continue-on-collection-errors")
    assert result.rc == 1, str(result)
    assert junit_cases(ours) == junit_cases(theirs)
    assert junit_suite(ours).get("errors") == junit_suite(theirs).get("errors") == "1"


def test_report_written_even_when_interrupted(tmp_path):
    project = write_tree(tmp_path / "proj", {"test_broken.py": "def test_x(:\n    pass\n"})
    result, ours, oracle, theirs = run_both(project, tmp_path)
    assert result.rc == 2, str(result)
    assert junit_cases(ours) == junit_cases(theirs)


def test_report_directory_is_created(tmp_path):
    project = write_tree(tmp_path / "proj", {"test_ok.py": "def test_ok():\n    pass\n"})
    target = tmp_path / "reports" / "ci" / "junit.xml"
    result = pst("run", "--junitxml", target, cwd=project)
    assert result.rc == 0, str(result)
    assert junit_cases(target) == {("test_ok", "test_ok"): ["passed"]}


RECORDS = {
    "test_records.py": """
        import pytest

        @pytest.fixture(scope="session", autouse=True)
        def suite_properties(record_testsuite_property):
            record_testsuite_property("ARCH", "PPC")
            record_testsuite_property("STORAGE_TYPE", 3)

        def test_properties(record_property):
            record_property("example_key", 1)
            record_property("markup", 'a<b&"c"')

        def test_attributes(record_xml_attribute):
            record_xml_attribute("assertions", "REQ-1234")
            record_xml_attribute("classname", "custom_classname")

        def test_failing_with_a_property(record_property):
            record_property("k", "v")
            assert 0

        def test_suite_property_name_must_be_a_string(record_testsuite_property):
            with pytest.raises(TypeError, match="name parameter needs to be a string, but int given"):
                record_testsuite_property(1, "x")
        """,
}


def comparable_xml(path):
    import re
    text = path.read_text()
    text = re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1=""', text)
    return re.sub(r"0x[0-9a-f]+", "0x", text)


def comparable_output(text):
    import re
    return re.sub(r"0x[0-9a-f]+", "0x", re.sub(r" in [0-9.]+s", "", text))


@pytest.mark.parametrize("family", ["xunit2", "xunit1"])
def test_recorded_properties_and_attributes_are_written_as_pytest(tmp_path, family):
    # record_property, record_xml_attribute (kept only under xunit1, but for classname and
    # name), record_testsuite_property; pytest's warnings and its "generated xml file" line.
    project = write_tree(tmp_path / "proj", RECORDS)
    report = tmp_path / "report.xml"
    args = ("-q", "-o", f"junit_family={family}", "--junitxml", str(report))
    oracle = pytest_run(*args, cwd=project)
    expected = comparable_xml(report)
    report.unlink()
    result = pst("run", "-p", "no:cacheprovider", *args, cwd=project)
    assert result.rc == oracle.rc == 1, str(result)
    assert comparable_xml(report) == expected
    assert '<property name="ARCH" value="PPC" />' in expected
    assert comparable_output(result.out) == comparable_output(oracle.out), \
        str(result) + "\n--- pytest ---\n" + oracle.out
    assert f"generated xml file: {report}" in result.out
