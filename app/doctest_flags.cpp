#include "app/doctest_flags.h"

#include <algorithm>

namespace pyspace::app {

void read_doctest_flags(const RunFlags& flags, run::RunOptions& options) {
  const config::CommandLine& line = flags.line;
  run::DoctestOptions& doctest = options.doctest;
  doctest.files.modules = line.flag("doctestmodules");
  doctest.files.globs = line.all("doctestglob");
  if (auto report = line.last("doctestreport")) doctest.report = *report;  // a choice (lower case)
  doctest.continue_on_failure = line.flag("doctest_continue_on_failure");
  doctest.ignore_import_errors = line.flag("doctest_ignore_import_errors");
  const auto& disabled = flags.disabled_plugins;
  if (std::find(disabled.begin(), disabled.end(), "doctest") != disabled.end()) doctest.files.enabled = false;
}

}  // namespace pyspace::app
