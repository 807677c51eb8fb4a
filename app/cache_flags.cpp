#include "app/cache_flags.h"

#include <chrono>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "app/plugin_flags.h"
#include "core/errors.h"
#include "python/interpreter.h"
#include "python/object.h"
#include "run/cache.h"

namespace pyspace::app {
namespace fs = std::filesystem;

namespace {

// pytest's resolve_from_str: ~ and $VARS expanded, relative to the rootdir.
fs::path resolve_from_rootdir(std::string text, const fs::path& rootdir) {
  if (text.rfind('~', 0) == 0) {
    if (const char* home = std::getenv("HOME")) text = home + text.substr(1);
  }
  std::string expanded;
  for (size_t at = 0; at < text.size();) {
    if (text[at] != '$') {
      expanded += text[at++];
      continue;
    }
    size_t start = at + 1;
    bool braced = start < text.size() && text[start] == '{';
    if (braced) ++start;
    size_t end = start;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    const std::string name = text.substr(start, end - start);
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (braced && (end >= text.size() || text[end] != '}')) value = nullptr;
    if (!value) {  // os.path.expandvars leaves unknown variables as written
      expanded += text[at++];
      continue;
    }
    expanded += value;
    at = braced ? end + 1 : end;
  }
  fs::path path(expanded);
  return (path.is_absolute() ? path : rootdir / path).lexically_normal();
}

}  // namespace

void read_cache_flags(const RunFlags& flags, const config::Config& cfg, run::RunOptions& options) {
  const auto& line = flags.line;
  run::CacheOptions& cache = options.cache;
  cache.enabled = !plugin_disabled(flags, "cacheprovider");
  const bool stepwise_on = cache.enabled && !plugin_disabled(flags, "stepwise");
  struct Given {
    bool given;
    const char* spelling;
    bool needs_stepwise;
  };
  const Given given[] = {{line.flag("lf"), "--lf", false},
                         {line.flag("failedfirst"), "--ff", false},
                         {line.flag("newfirst"), "--nf", false},
                         {line.flag("cacheclear"), "--cache-clear", false},
                         {line.last("cacheshow").has_value(), "--cache-show", false},
                         {line.last("last_failed_no_failures").has_value(), "--lfnf", false},
                         {line.flag("stepwise"), "--sw", true},
                         {line.flag("stepwise_skip"), "--sw-skip", true}};
  for (const auto& option : given) {
    if (option.given && (!cache.enabled || (option.needs_stepwise && !stepwise_on)))
      throw core::UsageError(fmt::format("unrecognized arguments: {}", option.spelling));
  }
  if (!cache.enabled) return;
  std::string default_dir = ".pytest_cache";
  if (const char* tox = std::getenv("TOX_ENV_DIR")) default_dir = (fs::path(tox) / ".pytest_cache").string();
  std::string ini_dir = default_dir;
  if (auto it = cfg.pytest.ini.find("cache_dir"); it != cfg.pytest.ini.end()) ini_dir = it->second.text;
  cache.dir = resolve_from_rootdir(ini_dir, options.rootdir);
  cache.show_dir = flags.verbosity > 0 || ini_dir != ".pytest_cache";
  cache.clear = line.flag("cacheclear");
  cache.last_failed = line.flag("lf");
  cache.failed_first = line.flag("failedfirst");
  cache.new_first = line.flag("newfirst");
  cache.lfnf_none = line.last("last_failed_no_failures").value_or("all") == "none";
  cache.stepwise_plugin = stepwise_on;
  cache.stepwise_skip = stepwise_on && line.flag("stepwise_skip");
  cache.stepwise = stepwise_on && (line.flag("stepwise") || cache.stepwise_skip);
}

std::optional<std::string> cache_show_glob(const RunFlags& flags) {
  if (!flags.line.values.count("cacheshow")) return std::nullopt;
  auto glob = flags.line.last("cacheshow");
  if (!glob) return std::nullopt;
  return glob->empty() ? std::string("*") : *glob;
}

int show_cache(const run::RunOptions& options, const std::string& glob, report::Reporter& reporter,
               const report::RunStart& start, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const run::CacheDir cache(options.cache.dir);
  if (options.cache.clear) cache.clear();
  report::RunStart header = start;
  header.collected = 0;
  header.no_collection = true;
  reporter.run_start(header);
  out << python::import_module("_pyspace.run.cache_show")
             .attr("text")({cache.dir().string(), glob})
             .as_string()
      << std::flush;
  // pytest's stepwise plugin clears cache/stepwise even under --cache-show (lf/nf do not write;
  // with --sw it writes back the value it read).
  if (options.cache.stepwise_plugin && !options.cache.stepwise) cache.write_stepwise(std::nullopt, true);
  core::RunSummary summary;
  summary.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  reporter.run_end(summary);
  return 0;
}

}  // namespace pyspace::app
