#include "app/markers_flag.h"

#include <unistd.h>

#include <cstdlib>

#include "python/object.h"
#include "report/console_reporter.h"
#include "report/terminal_writer.h"

namespace pyspace::app {

int show_markers(const RunFlags& flags, const run::RunOptions& options, std::ostream& out) {
  const bool color = report::should_use_color(flags.color, isatty(STDOUT_FILENO), std::getenv("NO_COLOR"));
  report::TerminalWriter tw(out, 80, color);
  auto entries = python::import_module("_pyspace.pytest_api.builtin_markers")
                     .attr("help_entries")({options.pytest.markers, options.disabled_plugins});
  for (const auto& entry : entries.as_list()) {
    auto parts = entry.as_string_list();
    tw.write(parts.at(0), report::Markup{report::Color::None, true});
    tw.line(parts.at(1));
    tw.line();
  }
  tw.flush();
  return 0;
}

}  // namespace pyspace::app
