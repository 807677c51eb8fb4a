// The calls from the C++ run loop into the embedded runner (lib/collect/collect.py,
// lib/run/execute.py), and the conversion of their report dicts into core data.
// CONTRACT: GIL held; collect/run calls need the space they belong to active.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collect/discovery.h"
#include "config/config.h"
#include "core/test_report.h"
#include "python/object.h"

namespace pyspace::run {

struct Collected {
  std::vector<python::Object> items;  // _pyspace.collect.items.Item objects, in order
  std::vector<core::CollectError> errors;
  // Python warnings raised while importing the file: (where: "path:line", formatted message).
  std::vector<std::pair<std::string, std::string>> warnings;
};

// The usage error text for an invalid -k / -m expression, or nullopt.
std::optional<std::string> keyword_error(const std::string& keyword);
std::optional<std::string> markexpr_error(const std::string& markexpr);

// What every collect_file call of a run shares.
struct CollectSettings {
  std::optional<std::string> keyword;   // -k
  std::optional<std::string> markexpr;  // -m
  python::Object pytest_config;         // pytest_config_object(): _pyspace.pytest_api.pytest_config
  std::string rootdir;
};

// Serves the light pytest (pytest_lite.py) as `pytest` when the real one is installed and not
// imported yet (pytest_finder.py). GIL held, no space active.
void install_pytest_lite();

// The runner's dict of pytest's configuration (_pyspace.pytest_api.pytest_config.from_model) for
// the settings the C++ configuration model read (lib/config/pytest_keys.h): no file is read.
python::Object pytest_config_object(const config::PytestSettings& settings, const std::string& rootdir);
std::vector<std::string> config_strings(const python::Object& pytest_config, const char* key);
// Names of conftest.py features found but not supported (hooks, pytest_plugins, ...).
std::vector<std::string> conftest_warnings();

// A file discovery could not list (`file.unlistable`) gives its collection error, no import.
Collected collect_file(const collect::TestFile& file, const CollectSettings& settings);

std::string nodeid_of(const python::Object& item);

// One `_pyspace.run.execute.Session` (capture set up on first use, released by close()).
class Session {
 public:
  Session(bool capture, const python::Object& pytest_config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::vector<core::TestReport> run(const python::Object& item, const python::Object& nextitem);
  std::vector<core::TestReport> finish();
  std::optional<std::string> exit_reason() const;  // set when a test called pytest.exit()
  void close();

 private:
  python::Object session_;
  bool closed_ = false;
};

}  // namespace pyspace::run
