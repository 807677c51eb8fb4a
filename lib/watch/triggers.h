// Which saved files start a rerun, and which test files a file filter (`p`) keeps. No Python.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pyspace::watch {

// A file that never triggers: a dotfile (`.#name.py`, Emacs' lock symlink; `.name.py.swp`), an
// editor's backup or autosave (`name.py~`, `#name.py#`), or anything in a hidden directory or
// `__pycache__` below `root`.
bool is_ignored_file(const std::filesystem::path& path, const std::filesystem::path& root);

// `globs` matching `path`: a glob with a '/' matches the path relative to `root`, else the name.
bool matches_any(const std::filesystem::path& path, const std::filesystem::path& root,
                 const std::vector<std::string>& globs);

// --watch-extensions' value: "json,sql" or ".json" or "data/*.csv" -> globs ("*.json", ...).
// Throws core::UsageError naming the flag for an empty entry.
std::vector<std::string> extension_globs(const std::string& value);

struct TriggerRules {
  std::filesystem::path rootdir;
  std::vector<std::filesystem::path> config_files;  // re-read on a save
  std::vector<std::string> globs;                   // --watch-extensions and the `watch` key
  // A file some test file's run used (run_dependencies.py): a data file counts.
  std::function<bool(const std::filesystem::path&)> is_dependency;
  // A file the tests of the current or last run wrote: their own output never triggers (a test
  // writing a file it reads back would otherwise rerun itself forever).
  std::function<bool(const std::filesystem::path&)> written_by_run;
};

// A save of `path` starts a rerun: a .py file, a configuration file, a file matching the globs
// or one a test used; never an ignored file (above) nor one the tests wrote.
bool triggers(const std::filesystem::path& path, const TriggerRules& rules);

// A test file's relpath ("tests/test_x.py") matches the `p` key's pattern: as a glob over the
// relpath or the name, or as a regular expression found in the relpath (when it is one).
bool matches_file_filter(const std::string& relpath, const std::string& pattern);

}  // namespace pyspace::watch
