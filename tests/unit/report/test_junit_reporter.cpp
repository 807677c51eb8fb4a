#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "core/errors.h"
#include "report/junit_reporter.h"
#include "report/junit_xml.h"
#include "report/xml_text.h"
#include "report_samples.h"
#include "xml_check.h"

namespace {

namespace fs = std::filesystem;
using namespace pyspace;
using core::Outcome;
using core::TestReport;
using report::testing::sample_collect_error;
using report::testing::sample_report;
using report::testing::sample_start;
using report::testing::summary_of;
using report::testing::xml_well_formedness_problem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh directory under the system temp dir, removed at scope exit.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    path = fs::temp_directory_path() / ("pyspace_junit_test_" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Everything a test may print that XML 1.0 cannot hold or that needs escaping.
const std::string kHostile = std::string("ctl \x1b[31m nul ") + '\0' + " bell \x07 del \x7f " +
                             "bad \xff\xfe utf8 \xed\xb3\xbf sur \xef\xbf\xbe fffe ]]> <&> \"q\" "
                             "tab\there é 日本 \xf0\x9f\x98\x80";

}  // namespace

TEST_CASE("xml_sanitize replaces what XML 1.0 cannot hold, visibly", "[report][junit]") {
  using report::xml_sanitize;
  CHECK(xml_sanitize("a\x1b[31mb") == "a#x1B[31mb");
  CHECK(xml_sanitize(std::string("nul\0", 4)) == "nul#x00");
  CHECK(xml_sanitize("del\x7f") == "del#x7F");
  CHECK(xml_sanitize("tab\tlf\ncr\r") == "tab\tlf\ncr\r");
  CHECK(xml_sanitize("\xef\xbf\xbe") == "#xFFFE");        // U+FFFE
  CHECK(xml_sanitize("\xef\xbf\xbd") == "\xef\xbf\xbd");  // U+FFFD stays
  CHECK(xml_sanitize("\xf0\x9f\x98\x80") == "#x1F600");   // astral, as pytest's pattern has it
  CHECK(xml_sanitize("\xed\xb3\xbf") == "#xDCFF");        // lone surrogate U+DCFF
  CHECK(xml_sanitize("\xff\xfe") == "\\xFF\\xFE");        // invalid bytes
  CHECK(xml_sanitize("\xc0\xaf") == "\\xC0\\xAF");        // overlong '/'
  CHECK(xml_sanitize("cut \xe6\x97") == "cut \\xE6\\x97"); // truncated sequence
  CHECK(xml_sanitize("é 日本 \xf0\x9f\x98\x80") == "é 日本 #x1F600");
}

TEST_CASE("xml escaping of text and attributes", "[report][junit]") {
  CHECK(report::xml_escape_text("a < b && c > \"d\" ]]>") ==
        "a &lt; b &amp;&amp; c &gt; \"d\" ]]&gt;");
  CHECK(report::xml_escape_attribute("say \"hi\"\n\tnow <&>") ==
        "say &quot;hi&quot;&#10;&#09;now &lt;&amp;&gt;");
  CHECK(report::xml_element("skipped", {{"message", "m"}}) == "<skipped message=\"m\" />");
  CHECK(report::xml_element("error", {{"message", "<x>"}}, "a&b") ==
        "<error message=\"&lt;x&gt;\">a&amp;b</error>");
}

TEST_CASE("testcase elements follow pytest's xunit2 layout", "[report][junit]") {
  TestReport passed = sample_report("test_b[1-2]", Outcome::Passed, "tests/test_x.py");
  passed.classname = "tests.test_x.TestA";
  CHECK(report::junit_testcase(passed) ==
        R"(<testcase classname="tests.test_x.TestA" name="test_b[1-2]" time="0.001" />)");

  TestReport failed = sample_report("test_fail", Outcome::Failed);
  CHECK(report::junit_testcase(failed) ==
        "<testcase classname=\"tests.test_x\" name=\"test_fail\" time=\"0.001\">"
        "<failure message=\"assert 1 == 2\">def test_fail():\n&gt;       assert 1 == 2\n"
        "E       assert 1 == 2\n\ntests/test_x.py:4: AssertionError</failure></testcase>");

  TestReport errored = sample_report("test_err", Outcome::Error);
  CHECK(contains(report::junit_testcase(errored),
                 "<error message=\"failed on setup with &quot;RuntimeError: setup boom&quot;\">"));
  errored.when = "teardown";
  CHECK(contains(report::junit_testcase(errored), "<error message=\"failed on teardown with "));

  TestReport skipped = sample_report("test_skip", Outcome::Skipped);
  CHECK(contains(report::junit_testcase(skipped),
                 "<skipped type=\"pytest.skip\" message=\"not now\">tests/test_x.py:3: not now"
                 "</skipped>"));
  TestReport xfailed = sample_report("test_xfail", Outcome::XFailed);
  CHECK(contains(report::junit_testcase(xfailed),
                 "<skipped type=\"pytest.xfail\" message=\"known bug\" />"));
  TestReport xpassed = sample_report("test_xpass", Outcome::XPassed);
  CHECK(report::junit_testcase(xpassed) ==
        R"(<testcase classname="tests.test_x" name="test_xpass" time="0.001" />)");
}

TEST_CASE("captured output follows junit_logging as pytest writes it", "[report][junit]") {
  using report::JunitLogging;
  TestReport report = sample_report("test_out", Outcome::Passed);
  report.captured_stdout = "hello out\n";
  const std::string out_header = std::string(33, '-') + " Captured Out " + std::string(33, '-');
  const std::string err_header = std::string(33, '-') + " Captured Err " + std::string(33, '-');
  const std::string log_header = std::string(33, '-') + " Captured Log " + std::string(33, '-');
  CHECK_FALSE(contains(report::junit_testcase(report), "<system-"));  // the default is "no"
  CHECK_FALSE(contains(report::junit_testcase(report, JunitLogging::No), "<system-"));
  std::string out = report::junit_testcase(report, JunitLogging::SystemOut);
  CHECK(contains(out, "<system-out>" + out_header + "\nhello out\n\n</system-out>"));
  CHECK_FALSE(contains(out, "<system-err>"));
  std::string err = report::junit_testcase(report, JunitLogging::SystemErr);
  CHECK(contains(err, "<system-err>" + err_header + "\n\n</system-err>"));  // even when empty
  CHECK_FALSE(contains(err, "<system-out>"));
  CHECK(contains(report::junit_testcase(report, JunitLogging::OutErr), "</system-out><system-err>"));
  CHECK(contains(report::junit_testcase(report, JunitLogging::All),
                 "<system-out>" + log_header + "\n\n" + out_header + "\nhello out\n\n</system-out>"));
  CHECK(contains(report::junit_testcase(report, JunitLogging::Log),
                 "<system-out>" + log_header + "\n\n</system-out>"));
  CHECK(report::parse_junit_logging("out-err") == JunitLogging::OutErr);
  CHECK_FALSE(report::parse_junit_logging("everything").has_value());
}

TEST_CASE("junit_logging = log carries the captured log sections as pytest writes them", "[report][junit]") {
  using report::JunitLogging;
  const std::string log_header = std::string(33, '-') + " Captured Log " + std::string(33, '-');
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  failed.captured_stdout = "in setup\nin call\nin teardown\n";
  failed.sections = {{"Captured stdout setup", "in setup\n"}, {"Captured log setup", "WARNING  a"},
                     {"Captured stdout call", "in call\n"}, {"Captured log call", "ERROR    b"}};
  failed.teardown_sections = {{"Captured stdout teardown", "in teardown\n"}, {"Captured log teardown", "INFO     c"}};
  report::JunitCaseOptions options;
  options.logging = JunitLogging::All;
  CHECK(contains(report::junit_testcase(failed, options),
                 "<system-out>" + log_header + "\nWARNING  a\nERROR    b\nINFO     c\n"));
  CHECK(contains(report::junit_testcase(failed, options), "in setup\nin call\nin teardown\n"));
  // junit_log_passing_tests = false: pytest writes the failed call's report, setup and call only
  options.log_passing_tests = false;
  const std::string xml = report::junit_testcase(failed, options);
  const std::string out_header = std::string(33, '-') + " Captured Out " + std::string(33, '-');
  CHECK(contains(xml, "<system-out>" + log_header + "\nWARNING  a\nERROR    b\n" + out_header));
  CHECK(contains(xml, "in setup\nin call\n\n</system-out>"));
  TestReport errored = sample_report("test_err", Outcome::Error);
  errored.when = "setup";
  errored.sections = {{"Captured log setup", "WARNING  a"}};
  CHECK_FALSE(contains(report::junit_testcase(errored, options), "<system-out>"));  // its teardown passed
  errored.when = "teardown";
  CHECK(contains(report::junit_testcase(errored, options), "WARNING  a"));
}

TEST_CASE("a passed test whose teardown fails is one testcase, the error's", "[report][junit]") {
  ScratchDir scratch;
  fs::path path = scratch.path / "junit.xml";
  report::JunitReporter reporter({path.string(), "pytest", ""});
  TestReport passed = sample_report("test_a", Outcome::Passed);
  TestReport teardown = sample_report("test_a", Outcome::Error);
  teardown.when = "teardown";
  TestReport failed = sample_report("test_b", Outcome::Failed);
  TestReport failed_teardown = sample_report("test_b", Outcome::Error);
  failed_teardown.when = "teardown";
  reporter.run_start(sample_start(2));
  reporter.test_done(passed);
  reporter.test_done(teardown);
  reporter.test_finish(teardown.nodeid);
  reporter.test_done(failed);
  reporter.test_done(failed_teardown);
  reporter.test_finish(failed.nodeid);
  reporter.run_end(summary_of(0.1, passed, teardown, failed, failed_teardown));
  std::string xml = read_file(path);
  auto count = [&](const std::string& part) {
    size_t found = 0;
    for (size_t at = xml.find(part); at != std::string::npos; at = xml.find(part, at + 1)) ++found;
    return found;
  };
  CHECK(count("name=\"test_a\"") == 1);
  CHECK(count("name=\"test_b\"") == 2);  // pytest's double failure: two testcases
  CHECK(contains(xml, "tests=\"4\""));  // pytest counts every report
}

TEST_CASE("a collection error becomes a testcase with an error", "[report][junit]") {
  std::string xml = report::junit_collect_error_testcase(sample_collect_error("tests/sub/test_bad.py"));
  CHECK(xml == "<testcase classname=\"\" name=\"tests.sub.test_bad\" time=\"0.000\">"
               "<error message=\"collection failure\">E     File \"tests/sub/test_bad.py\", line 1\n"
               "E   SyntaxError: invalid syntax</error></testcase>");
}

TEST_CASE("a module skipped at collection becomes a skipped testcase", "[report][junit]") {
  TestReport skip;
  skip.nodeid = skip.file = "tests/test_mod.py";
  skip.outcome = Outcome::Skipped;
  skip.when = "collect";
  skip.longrepr = "tests/test_mod.py:2: no numpy";
  CHECK(report::junit_collect_skip_testcase(skip) ==
        "<testcase classname=\"\" name=\"tests.test_mod\" time=\"0.000\">"
        "<skipped message=\"collection skipped\">tests/test_mod.py:2: no numpy</skipped></testcase>");
}

TEST_CASE("the reporter writes a well-formed document with pytest's counts", "[report][junit]") {
  ScratchDir scratch;
  fs::path path = scratch.path / "reports" / "junit.xml";  // parent made on demand
  report::JunitReporter reporter({path.string(), "pytest", "buildhost"});
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  TestReport skipped = sample_report("test_skip", Outcome::Skipped);
  TestReport xfailed = sample_report("test_xfail", Outcome::XFailed);
  reporter.run_start(sample_start(4));
  reporter.collect_error(sample_collect_error());
  for (const TestReport* r : {&passed, &failed, &skipped, &xfailed}) reporter.test_done(*r);
  reporter.warning("ignored by JUnit");
  reporter.run_end(summary_of(1.5, passed, failed, skipped, xfailed));

  std::string xml = read_file(path);
  CHECK(xml_well_formedness_problem(xml) == "");
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites>"
                        "<testsuite name=\"pytest\" errors=\"1\" failures=\"1\" skipped=\"2\" "
                        "tests=\"5\" time=\"1.500\" timestamp=\""));
  std::regex timestamp(R"(timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?" hostname="buildhost">)");
  CHECK(std::regex_search(xml, timestamp));
  CHECK(xml.ends_with("</testsuite></testsuites>"));
  CHECK(xml.find("tests.test_bad") < xml.find("test_pass"));  // arrival order
  CHECK_FALSE(fs::exists(path.string() + "." + std::to_string(getpid()) + ".tmp"));
}

TEST_CASE("hostile output still gives well-formed XML", "[report][junit]") {
  ScratchDir scratch;
  fs::path path = scratch.path / "junit.xml";
  report::JunitReporter reporter({path.string(), "pytest", ""});
  TestReport failed = sample_report("test_hostile[\x1b]", Outcome::Failed);
  failed.message = kHostile;
  failed.longrepr = kHostile;
  failed.captured_stdout = kHostile;
  failed.captured_stderr = kHostile;
  core::CollectError bad = sample_collect_error();
  bad.longrepr = kHostile;
  reporter.run_start(sample_start(1));
  reporter.collect_error(bad);
  reporter.test_done(failed);
  reporter.run_end(summary_of(0.1, failed));

  std::string xml = read_file(path);
  CHECK(xml_well_formedness_problem(xml) == "");
  CHECK(contains(xml, "name=\"test_hostile[#x1B]\""));
  CHECK(contains(xml, "ctl #x1B[31m nul #x00 bell #x07 del #x7F bad \\xFF\\xFE utf8 #xDCFF "
                      "sur #xFFFE fffe ]]&gt; &lt;&amp;&gt; \"q\" tab\there é 日本 #x1F600"));
  CHECK(contains(xml, "message=\"ctl #x1B[31m nul #x00 bell #x07 del #x7F bad \\xFF\\xFE utf8 "
                      "#xDCFF sur #xFFFE fffe ]]&gt; &lt;&amp;&gt; &quot;q&quot; tab&#09;here"));
  CHECK_FALSE(contains(xml, "\x1b"));
  CHECK_FALSE(contains(xml, "]]>"));
}

TEST_CASE("the well-formedness checker itself rejects broken XML", "[report][junit]") {
  std::string head = "<?xml version=\"1.0\"?>";
  CHECK(xml_well_formedness_problem(head + "<a>x</a>") == "");
  CHECK(xml_well_formedness_problem(head + "<a>\x1b</a>") != "");
  CHECK(xml_well_formedness_problem(head + "<a>\xff</a>") != "");
  CHECK(xml_well_formedness_problem(head + "<a>&</a>") != "");
  CHECK(xml_well_formedness_problem(head + "<a>&#x1B;</a>") != "");
  CHECK(xml_well_formedness_problem(head + "<a><b></a>") != "");
  CHECK(xml_well_formedness_problem(head + "<a b=\"<\"/>") != "");
}

TEST_CASE("an unwritable path is a usage error naming the path", "[report][junit]") {
  ScratchDir scratch;
  fs::path blocker = scratch.path / "not_a_dir";
  std::ofstream(blocker) << "a file where a directory should be";
  std::string path = (blocker / "junit.xml").string();
  report::JunitReporter reporter({path, "pytest", ""});
  reporter.run_start(sample_start(0));
  try {
    reporter.run_end(core::RunSummary{});
    FAIL("run_end did not throw");
  } catch (const core::UsageError& error) {
    CHECK(contains(error.what(), path));
    CHECK(error.code() == core::ExitCode::UsageError);
  }
}

TEST_CASE("each run rewrites the file from scratch (watch mode)", "[report][junit]") {
  ScratchDir scratch;
  fs::path path = scratch.path / "junit.xml";
  report::JunitReporter reporter({path.string(), "suite", "host"});
  TestReport failed = sample_report("test_fail", Outcome::Failed);
  TestReport passed = sample_report("test_pass", Outcome::Passed);
  reporter.run_start(sample_start(1));
  reporter.test_done(failed);
  reporter.run_end(summary_of(0.1, failed));
  reporter.run_start(sample_start(1));
  reporter.test_done(passed);
  reporter.run_end(summary_of(0.1, passed));
  std::string xml = read_file(path);
  CHECK(contains(xml, "<testsuite name=\"suite\" errors=\"0\" failures=\"0\" skipped=\"0\" tests=\"1\""));
  CHECK_FALSE(contains(xml, "test_fail"));
}
