#include "config/config_keys.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "config/config_file.h"
#include "config/config_toml.h"
#include "config/pytest_keys.h"
#include "config/rootdir.h"
#include "core/errors.h"

namespace pyspace::config {

namespace fs = std::filesystem;

namespace {

// Where the values being read come from.
struct Source {
  std::string shown_as;  // the file as messages show it
  fs::path dir;          // absolute directory that relative paths are relative to
};

[[noreturn]] void fail(const Source& source, const toml::node& node, const std::string& message) {
  detail::fail_at(source.shown_as, node.source(), message);
}

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

bool is_identifier(std::string_view part) {
  auto is_start = [](unsigned char c) { return c == '_' || std::isalpha(c) || c >= 0x80; };
  auto is_rest = [&](unsigned char c) { return is_start(c) || std::isdigit(c); };
  return !part.empty() && is_start(part.front()) && std::all_of(part.begin(), part.end(), is_rest);
}

// `value` as an array of non-empty strings; a ConfigError naming `key` otherwise.
const toml::array& string_array(const Source& source, std::string_view key,
                                const toml::node& value) {
  const toml::array* items = value.as_array();
  if (items == nullptr) {
    fail(source, value,
         fmt::format("'{}' must be an array of strings, not {}", key, type_phrase(value)));
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    const toml::node& item = (*items)[i];
    const auto* text = item.as_string();
    if (text == nullptr) {
      fail(source, item, fmt::format("'{}' must be an array of strings, but item {} is {}", key,
                                     i + 1, type_phrase(item)));
    }
    if (text->get().empty()) {
      fail(source, item, fmt::format("'{}' item {} is an empty string", key, i + 1));
    }
  }
  return *items;
}

const std::string& text_of(const toml::node& checked_string) {
  return checked_string.as_string()->get();
}

void read_path_list(const Source& source, std::string_view key, const toml::node& value,
                    std::vector<std::string>& into) {
  for (const toml::node& item : string_array(source, key, value)) {
    into.push_back(absolute_normal(source.dir, text_of(item)).string());
  }
}

void read_paths(const Source& source, std::string_view key, const toml::node& value,
                Config& config) {
  read_path_list(source, key, value, config.paths);
}

void read_python_path(const Source& source, std::string_view key, const toml::node& value,
                      Config& config) {
  read_path_list(source, key, value, config.python_path);
}

void read_isolate(const Source& source, std::string_view key, const toml::node& value,
                  Config& config) {
  const auto* text = value.as_string();
  if (text == nullptr) {
    fail(source, value, fmt::format("'{}' must be a string, \"run\" or \"file\", not {}", key,
                                    type_phrase(value)));
  }
  if (text->get() != "run" && text->get() != "file") {
    fail(source, value,
         fmt::format("'{}' must be \"run\" or \"file\", got \"{}\"", key, text->get()));
  }
  config.isolate = text->get();
}

void read_supervise(const Source& source, std::string_view key, const toml::node& value, Config& config) {
  const auto* flag = value.as_boolean();
  if (flag == nullptr)
    fail(source, value, fmt::format("'{}' must be true or false, not {}", key, type_phrase(value)));
  config.supervise = flag->get();
}

// `watch`: globs of further files whose save reruns watch mode ("*.json", "data/*.sql").
void read_watch_globs(const Source& source, std::string_view key, const toml::node& value, Config& config) {
  for (const toml::node& item : string_array(source, key, value)) config.watch.push_back(text_of(item));
}

// `shared` and `local`: arrays of module names.
template <std::vector<std::string> Config::*names>
void read_module_names(const Source& source, std::string_view key, const toml::node& value,
                       Config& config) {
  for (const toml::node& item : string_array(source, key, value)) {
    if (!is_module_name(text_of(item))) {
      fail(source, item,
           fmt::format("'{}': '{}' is not a module name", key, text_of(item)));
    }
    (config.*names).push_back(text_of(item));
    if constexpr (names == &Config::local) {
      config.local_origins[text_of(item)] = fmt::format(
          "{}:{}:{}", source.shown_as, item.source().begin.line, item.source().begin.column);
    }
  }
}

// A local name whose top-level package is shared cannot be both (the keys are read in any order).
void check_local_not_shared(const Source& source, const toml::table& settings, const Config& config) {
  const toml::array* local = settings["local"].as_array();
  if (local == nullptr) return;
  for (const toml::node& item : *local) {
    const std::string top = text_of(item).substr(0, text_of(item).find('.'));
    if (std::find(config.shared.begin(), config.shared.end(), top) != config.shared.end()) {
      fail(source, item, fmt::format("'local': '{}' is shared ('shared' lists '{}')",
                                     text_of(item), top));
    }
  }
}

// Adds `fake`, or replaces the fake of the same module defined before it.
void set_fake(Config& config, FakeSpec fake) {
  auto same_module = [&](const FakeSpec& known) { return known.module == fake.module; };
  auto known = std::find_if(config.fakes.begin(), config.fakes.end(), same_module);
  if (known != config.fakes.end()) {
    *known = std::move(fake);
  } else {
    config.fakes.push_back(std::move(fake));
  }
}

void require_fake_file(const std::string& module, const fs::path& file,
                       const std::string& origin) {
  if (!fs::is_regular_file(file)) {
    throw core::UsageError(
        fmt::format("fake '{}': file not found: {} ({})", module, file.string(), origin));
  }
}

// One entry of the fakes table: `module = "path"` or `module = false`.
void read_fake(const Source& source, const std::string& module, const toml::key& name,
               const toml::node& value, Config& config) {
  if (!is_module_name(module)) {
    detail::fail_at(source.shown_as, name.source(),
                    fmt::format("fake '{}': not a module name", module));
  }
  const std::string origin = fmt::format("{}:{}", source.shown_as, name.source().begin.line);
  if (const auto* flag = value.as_boolean()) {
    if (flag->get()) {
      fail(source, value,
           fmt::format("fake '{}' = true: give the fake's file, or false to make '{}' "
                       "unimportable", module, module));
    }
    set_fake(config, FakeSpec{module, std::nullopt, origin});
    return;
  }
  const auto* text = value.as_string();
  if (text == nullptr || text->get().empty()) {
    fail(source, value, fmt::format("fake '{}' must be a file path (a string) or false, not {}",
                                    module, text ? "an empty string" : type_phrase(value)));
  }
  const fs::path file = absolute_normal(source.dir, text->get());
  require_fake_file(module, file, origin);
  set_fake(config, FakeSpec{module, file.string(), origin});
}

// The entries of a fakes table; a nested table (`os.path = ...`) names submodules.
void read_fake_table(const Source& source, const std::string& prefix, const toml::table& table,
                     Config& config) {
  for (auto&& [name, value] : table) {
    const std::string module = prefix + std::string(name.str());
    if (const toml::table* nested = value.as_table()) {
      read_fake_table(source, module + ".", *nested, config);
    } else {
      read_fake(source, module, name, value, config);
    }
  }
}

void read_fakes(const Source& source, std::string_view key, const toml::node& value,
                Config& config) {
  const toml::table* fakes = value.as_table();
  if (fakes == nullptr) {
    fail(source, value, fmt::format("'{}' must be a table (module = \"path\" or false), not {}",
                                    key, type_phrase(value)));
  }
  read_fake_table(source, "", *fakes, config);
}

// The key table: every key a configuration may set, and the function that reads its value.
using KeyReader = void (*)(const Source&, std::string_view key, const toml::node&, Config&);
struct KeyRule {
  std::string_view key;
  KeyReader read;
};
constexpr std::array<KeyRule, 8> kKeyTable{{
    {"paths", read_paths},
    {"python_path", read_python_path},
    {"isolate", read_isolate},
    {"supervise", read_supervise},
    {"shared", read_module_names<&Config::shared>},
    {"local", read_module_names<&Config::local>},
    {"fakes", read_fakes},
    {"watch", read_watch_globs},
}};

const KeyRule* find_rule(std::string_view key) {
  auto matches = [&](const KeyRule& rule) { return rule.key == key; };
  auto rule = std::find_if(kKeyTable.begin(), kKeyTable.end(), matches);
  return rule == kKeyTable.end() ? nullptr : &*rule;
}

void read_settings(const Source& source, const std::string& label, const toml::table& settings,
                   Config& config) {
  for (auto&& [key, value] : settings) {
    if (const KeyRule* rule = find_rule(key.str())) {
      rule->read(source, rule->key, value, config);
    } else {
      config.warnings.push_back(fmt::format("{}:{}: unknown key '{}' in {}", source.shown_as,
                                            key.source().begin.line, key.str(), label));
    }
  }
  check_local_not_shared(source, settings, config);
}

}  // namespace

Config load_config(const fs::path& file, const fs::path& cwd) {
  const fs::path path = absolute_normal(cwd, file);
  const Source source{display_path(path, cwd), path.parent_path()};
  if (!fs::is_regular_file(path)) {
    throw core::UsageError(fmt::format("config file not found: {}", source.shown_as));
  }
  const toml::table root = detail::parse_toml_file(path, source.shown_as);
  Config config;
  config.file = path.string();
  config.dir = source.dir.string();
  const toml::table* settings = detail::settings_table(root, config_kind(path), source.shown_as);
  if (settings == nullptr) {
    config.warnings.push_back(
        fmt::format("{}: no [tool.pyspace-test] table, nothing configured", source.shown_as));
    return config;
  }
  read_settings(source, settings_label(path), *settings, config);
  return config;
}

Config load_config_for(const std::vector<fs::path>& cli_paths,
                       const std::optional<fs::path>& explicit_file, const fs::path& cwd,
                       const std::optional<std::string>& rootdir_arg,
                       const std::vector<std::string>& overrides,
                       const std::optional<fs::path>& pyspace_file_arg) {
  auto existing = [&](const fs::path& given, std::string_view what) {
    const fs::path path = absolute_normal(cwd, given);
    if (!fs::is_regular_file(path))
      throw core::UsageError(fmt::format("{} not found: {}", what, display_path(path, cwd)));
    return path;
  };
  std::optional<fs::path> pyspace_file;
  if (explicit_file) {
    const fs::path path = existing(*explicit_file, "config file");
    if (path.extension() == ".toml") pyspace_file = path;  // pytest.ini, tox.ini: pytest's only
  }
  if (pyspace_file_arg) pyspace_file = existing(*pyspace_file_arg, "--pyspace-config file");
  else if (!explicit_file) pyspace_file = find_config(common_ancestor_dir(cli_paths, cwd));
  Config config = pyspace_file ? load_config(*pyspace_file, cwd) : Config{};
  const RootdirSetup setup = determine_setup(cli_paths, cwd, explicit_file, rootdir_arg,
                                             explicit_file || pyspace_file_arg ? std::nullopt : pyspace_file);
  config.rootdir = setup.rootdir.string();
  config.pytest = read_pytest_settings(setup.ini ? &*setup.ini : nullptr, overrides);
  return config;
}

FakeSpec parse_cli_fake(std::string_view spec, const fs::path& cwd) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    throw core::UsageError(fmt::format("--fake expects NAME=PATH, got '{}'", spec));
  }
  const std::string module(spec.substr(0, equals));
  if (!is_module_name(module)) {
    throw core::UsageError(fmt::format("--fake {}: '{}' is not a module name", spec, module));
  }
  const fs::path file = absolute_normal(cwd, spec.substr(equals + 1));
  const std::string origin = fmt::format("--fake {}", spec);
  require_fake_file(module, file, origin);
  return FakeSpec{module, file.string(), origin};
}

void apply_cli_fake(Config& config, std::string_view spec, const fs::path& cwd) {
  set_fake(config, parse_cli_fake(spec, cwd));
}

bool is_module_name(std::string_view name) {
  while (true) {
    const std::size_t dot = name.find('.');
    if (!is_identifier(name.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    name.remove_prefix(dot + 1);
  }
}

}  // namespace pyspace::config
