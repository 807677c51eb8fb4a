#include "app/doctest_flags.h"

#include "app/plugin_flags.h"

namespace pyspace::app {

void read_doctest_flags(const RunFlags& flags, run::RunOptions& options) {
  const config::CommandLine& line = flags.line;
  run::DoctestOptions& doctest = options.doctest;
  doctest.files.modules = line.flag("doctestmodules");
  doctest.files.globs = line.all("doctestglob");
  if (auto report = line.last("doctestreport")) doctest.report = *report;  // a choice (lower case)
  doctest.continue_on_failure = line.flag("doctest_continue_on_failure");
  doctest.ignore_import_errors = line.flag("doctest_ignore_import_errors");
  if (plugin_disabled(flags, "doctest")) doctest.files.enabled = false;
}

}  // namespace pyspace::app
