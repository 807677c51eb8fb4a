// `pyspace-test exec`: a script as __main__ in a fresh space. GIL held.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pyspace::space {

struct ScriptOptions {
  std::string script;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> fakes;  // module name -> .py file
};

// Runs the script in a fresh space with sys.argv = [script, args...] and its directory first on
// sys.path; returns its exit status (sys.exit code; 1 after an uncaught exception, whose
// traceback goes to stderr). A missing script or fake file: core::UsageError naming it.
int run_script(const ScriptOptions& options);

}  // namespace pyspace::space
