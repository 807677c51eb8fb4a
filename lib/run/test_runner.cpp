#include "run/test_runner.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "core/errors.h"
#include "python/error.h"
#include "run/python_bridge.h"
#include "space/module_space.h"

namespace pyspace::run {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A fresh space configured for the run: python_path first, then the working directory (as
// `python -m pytest` puts it first), framework and user shared modules, fakes. Not active.
std::unique_ptr<space::ModuleSpace> make_space(const RunOptions& options) {
  auto space = std::make_unique<space::ModuleSpace>();
  auto path = space->path();
  std::error_code error;
  std::string cwd = std::filesystem::current_path(error).string();
  if (!error && std::find(path.begin(), path.end(), cwd) == path.end()) path.insert(path.begin(), cwd);
  path.insert(path.begin(), options.python_path.begin(), options.python_path.end());
  space->set_path(path);
  space->set_argv({"pyspace-test"});
  for (const auto& module : kFrameworkModules) space->add_shared(module);
  for (const auto& module : options.shared) space->add_shared(module);
  for (const auto& fake : options.fakes) {
    if (fake.path) space->fake_file(fake.module, *fake.path);
    else space->block(fake.module);
  }
  return space;
}

bool is_interrupt(const python::PythonError& error) { return error.type() == "KeyboardInterrupt"; }

// With capture off, tests print through Python's buffered sys.stdout; flush it so their output
// precedes the console's next line.
void flush_python_stdio() {
  auto sys = python::import_module("sys");
  for (const char* name : {"stdout", "stderr"}) {
    auto stream = sys.attr(name);
    if (!stream.is_none()) stream.call_method("flush");
  }
}

}  // namespace

TestRunner::TestRunner(RunOptions options, report::Reporter& reporter, report::RunStart start)
    : options_(std::move(options)), reporter_(reporter), start_(std::move(start)) {
  if (options_.keyword) {
    if (auto error = keyword_error(*options_.keyword))
      throw core::UsageError(*error);  // "Wrong expression passed to '-k': ...", as pytest
  }
  if (options_.markexpr) {
    if (auto error = markexpr_error(*options_.markexpr)) throw core::UsageError(*error);
  }
  // The runner's own modules, and what they import, live in the root: imported here, before
  // any space exists, rather than by the first collect/run call inside a space.
  for (const char* module : {"_pyspace.collect.collect", "_pyspace.run.execute"}) python::import_module(module);
  install_pytest_lite();
  settings_.keyword = options_.keyword;
  settings_.markexpr = options_.markexpr;
  settings_.rootdir = options_.rootdir.string();
  settings_.pytest_config = pytest_config_object(options_.pytest, settings_.rootdir);
  for (const auto& warning : config_strings(settings_.pytest_config, "warnings"))
    pending_warnings_.push_back(warning);
  if (options_.paths_defaulted) {
    auto testpaths = config_strings(settings_.pytest_config, "testpaths");
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : testpaths)
      if (std::filesystem::exists(options_.rootdir / entry)) paths.push_back(options_.rootdir / entry);
    if (!paths.empty()) options_.paths = paths;
  }
  files_ = collect::discover(options_.paths, options_.rootdir, std::filesystem::current_path(),
                             config_strings(settings_.pytest_config, "python_files"));
  select_files();
}

void TestRunner::select_files() {
  if (!options_.file_pattern.empty()) {
    std::erase_if(files_, [&](const collect::TestFile& file) {
      return file.relpath.find(options_.file_pattern) == std::string::npos;
    });
  }
  if (options_.first_files.empty()) return;
  std::vector<collect::TestFile> ordered;
  for (const auto& first : options_.first_files) {
    auto it = std::find_if(files_.begin(), files_.end(), [&](const auto& f) { return f.path == first; });
    if (it != files_.end()) {
      ordered.push_back(*it);
      files_.erase(it);
    }
  }
  if (!options_.only_first) ordered.insert(ordered.end(), files_.begin(), files_.end());
  files_ = std::move(ordered);
}

namespace {
// "a.py::T::t[1]" is selected by "a.py::T::t[1]", "a.py::T::t" and "a.py::T".
bool selects(const std::string& selector, const std::string& nodeid) {
  if (nodeid.rfind(selector, 0) != 0) return false;
  if (nodeid.size() == selector.size()) return true;
  return nodeid.compare(selector.size(), 2, "::") == 0 || nodeid[selector.size()] == '[';
}
}  // namespace

void TestRunner::keep_selected(const collect::TestFile& file, std::vector<python::Object>& items) const {
  std::vector<std::string> selectors;
  bool whole_file = false;
  for (const auto& [path, suffix] : options_.node_selectors) {
    if (path != file.path) continue;
    if (suffix.empty()) whole_file = true;
    selectors.push_back(file.relpath + "::" + suffix);
  }
  if (whole_file) selectors.clear();
  if (selectors.empty() && options_.only_nodeids.empty()) return;
  std::erase_if(items, [&](const python::Object& item) {
    const auto id = nodeid_of(item);
    if (!options_.only_nodeids.empty() &&
        std::find(options_.only_nodeids.begin(), options_.only_nodeids.end(), id) == options_.only_nodeids.end())
      return true;
    return !selectors.empty() &&
           std::none_of(selectors.begin(), selectors.end(), [&](const auto& s) { return selects(s, id); });
  });
}

void TestRunner::close_space(space::ModuleSpace& space, const std::string& file) {
  if (observer_) observer_(space);
  auto report = space.close(options_.check_leaks);
  if (file.empty()) {
    for (const auto& change : report.changes) reporter_.warning(change);
  } else {
    warn_changes(report.changes, file);
  }
  for (const auto& leak : report.leaks) reporter_.warning(leak);
}

core::RunSummary TestRunner::run() {
  auto started = Clock::now();
  core::RunSummary summary;
  try {
    if (options_.isolation == Isolation::Run) run_in_one_space(summary);
    else run_space_per_file(summary);
  } catch (const python::PythonError& error) {
    if (!is_interrupt(error)) throw;
    summary.interrupted = true;
    interrupted_by_user_ = true;
    if (!started_) begin(0, {}, summary);
    reporter_.warning("KeyboardInterrupt: the run was interrupted");
  }
  summary.duration_s = seconds_since(started);
  reporter_.run_end(summary);
  return summary;
}

void TestRunner::run_in_one_space(core::RunSummary& summary) {
  auto space = make_space(options_);
  {
    space::ModuleSpace::Active active(*space);
    std::vector<FileItems> files;
    std::vector<core::CollectError> errors;
    int count = 0;
    for (const auto& file : files_) {
      auto collected = collect_file(file, settings_);
      keep_selected(file, collected.items);
      for (auto& warning : collected.warnings) collect_warnings_.push_back(std::move(warning));
      count += static_cast<int>(collected.items.size());
      files.push_back({&file, std::move(collected.items)});
      errors.insert(errors.end(), collected.errors.begin(), collected.errors.end());
    }
    if (!begin(count, errors, summary)) return;
    space->handle().call_method("checkpoint");
    Session session(options_.capture, settings_.pytest_config);
    run_files(session, files, space.get(), summary);
    session.close();
  }
  close_space(*space, "");
}

void TestRunner::run_space_per_file(core::RunSummary& summary) {
  // Each file is imported once, in its own space, and its tests run right away (module-level
  // side effects happen once, as under pytest). The total is not known in advance: run_start
  // says so with collected = -1, and collection errors are reported as they are met.
  begin(-1, {}, summary);
  for (const auto& file : files_) {
    auto space = make_space(options_);
    bool go_on = true;
    {
      space::ModuleSpace::Active active(*space);
      auto collected = collect_file(file, settings_);
      keep_selected(file, collected.items);
      report_conftest_warnings();  // this space imported its own conftests
      summary.collected += static_cast<int>(collected.items.size());
      for (const auto& [where, message] : collected.warnings) python_warning(where, message, summary);
      for (const auto& error : collected.errors) {
        ++summary.collect_errors;
        ++summary.errors;
        reporter_.collect_error(error);
      }
      if (!collected.errors.empty() && !options_.continue_on_collection_errors) {
        summary.interrupted = true;
        go_on = false;
      } else if (!collected.items.empty()) {
        space->handle().call_method("checkpoint");
        Session session(options_.capture, settings_.pytest_config);
        go_on = run_files(session, {{&file, std::move(collected.items)}}, nullptr, summary);
        session.close();
      }
    }
    close_space(*space, file.relpath);
    if (!go_on) return;
  }
}

void TestRunner::report_conftest_warnings() {
  for (const auto& warning : conftest_warnings())
    if (conftest_warnings_seen_.insert(warning).second) reporter_.warning(warning);
}

bool TestRunner::begin(int collected, const std::vector<core::CollectError>& errors,
                       core::RunSummary& summary) {
  start_.collected = collected;
  summary.collected = std::max(collected, 0);
  started_ = true;
  reporter_.run_start(start_);
  for (const auto& warning : pending_warnings_) reporter_.warning(warning);
  report_conftest_warnings();
  for (const auto& [where, message] : collect_warnings_) python_warning(where, message, summary);
  collect_warnings_.clear();
  for (const auto& error : errors) {
    ++summary.collect_errors;
    ++summary.errors;
    reporter_.collect_error(error);
  }
  if (!errors.empty() && !options_.continue_on_collection_errors) {
    summary.interrupted = true;  // the console says "Interrupted: N errors during collection"
    return false;
  }
  return true;
}

bool TestRunner::run_files(Session& session, const std::vector<FileItems>& files,
                           space::ModuleSpace* space, core::RunSummary& summary) {
  bool go_on = true;
  const python::Object none = python::none();
  for (size_t f = 0; f < files.size() && go_on; ++f) {
    const auto& items = files[f].items;
    for (size_t i = 0; i < items.size() && go_on; ++i) {
      const python::Object* next = i + 1 < items.size() ? &items[i + 1] : nullptr;
      for (size_t g = f + 1; !next && g < files.size(); ++g)
        if (!files[g].items.empty()) next = &files[g].items.front();
      auto reports = session.run(items[i], next ? *next : none);
      if (!options_.capture) flush_python_stdio();
      go_on = record(reports, summary);
      if (auto reason = session.exit_reason()) {
        reporter_.warning(fmt::format("Exit: {}", *reason));
        summary.interrupted = true;
        go_on = false;
      }
    }
    if (space) warn_changes(space->handle().call_method("settle").as_string_list(), files[f].file->relpath);
  }
  record(session.finish(), summary);
  return go_on;
}

bool TestRunner::record(const std::vector<core::TestReport>& reports, core::RunSummary& summary) {
  for (const auto& report : reports) {
    summary.add(report);
    reporter_.test_done(report);
    for (const auto& warning : report.warnings) python_warning(report.nodeid, warning, summary);
    if (core::is_failure(report.outcome)) ++failures_;
  }
  if (options_.maxfail > 0 && failures_ >= options_.maxfail) {
    reporter_.warning(fmt::format("stopping after {} failure{}", failures_, failures_ == 1 ? "" : "s"));
    return false;
  }
  return true;
}

void TestRunner::python_warning(const std::string& where, const std::string& message,
                                core::RunSummary& summary) {
  ++summary.warnings;
  reporter_.python_warning(where, message);
}

void TestRunner::warn_changes(const std::vector<std::string>& changes, const std::string& file) {
  for (const auto& change : changes) reporter_.warning(fmt::format("{} by tests in {}", change, file));
}

CollectOnlyResult TestRunner::collect_only() {
  auto started = Clock::now();
  CollectOnlyResult result;
  // As the run would: one space for every file, or (--isolate file) one per file.
  std::unique_ptr<space::ModuleSpace> space;
  for (const auto& file : files_) {
    if (!space) space = make_space(options_);
    {
      space::ModuleSpace::Active active(*space);
      auto collected = collect_file(file, settings_);
      keep_selected(file, collected.items);
      for (const auto& item : collected.items) result.nodeids.push_back(nodeid_of(item));
      result.errors.insert(result.errors.end(), collected.errors.begin(), collected.errors.end());
    }
    if (options_.isolation == Isolation::File) {
      space->close(false);
      space.reset();
    }
  }
  if (space) space->close(false);
  result.duration_s = seconds_since(started);
  return result;
}

}  // namespace pyspace::run
