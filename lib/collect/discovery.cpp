#include "collect/discovery.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/errors.h"

namespace pyspace::collect {

namespace fs = std::filesystem;

namespace {

// ---- paths -------------------------------------------------------------------------------------

fs::path absolute_normal(const fs::path& base, const fs::path& path) {
  fs::path result = (base / path).lexically_normal();
  if (!result.has_filename() && result != result.root_path()) result = result.parent_path();
  return result;
}

// Whether `path` is `dir` or lies below it (both absolute and normalised).
bool is_within(const fs::path& path, const fs::path& dir) {
  const fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

// The deepest directory containing every one of `dirs`; nullopt for none.
std::optional<fs::path> common_ancestor(const std::vector<fs::path>& dirs) {
  std::optional<fs::path> common;
  for (const fs::path& dir : dirs) {
    if (!common) common = dir;
    while (!is_within(dir, *common)) common = common->parent_path();
  }
  return common;
}

bool is_identifier(std::string_view name) {
  auto is_start = [](unsigned char c) { return c == '_' || std::isalpha(c) || c >= 0x80; };
  auto is_rest = [&](unsigned char c) { return is_start(c) || std::isdigit(c); };
  return !name.empty() && is_start(name.front()) && std::all_of(name.begin(), name.end(), is_rest);
}

// ---- rootdir markers ---------------------------------------------------------------------------

std::vector<std::string> read_lines(const fs::path& file) {
  std::vector<std::string> lines;
  if (!fs::is_regular_file(file)) return lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// Whether the INI file has `[section]`, read as pytest's iniconfig does: a header starts in
// column 0, and a comment ('#' or ';') may follow it.
bool ini_has_section(const fs::path& file, std::string_view section) {
  for (const std::string& line : read_lines(file)) {
    if (line.empty() || line.front() != '[') continue;
    std::string_view header = line;
    header = trim_right(header.substr(0, header.find('#')));
    header = trim_right(header.substr(0, header.find(';')));
    if (header.size() >= 2 && header.back() == ']' &&
        header.substr(1, header.size() - 2) == section) {
      return true;
    }
  }
  return false;
}

// One key of a TOML table header from `text` (bare, "basic" or 'literal'); consumes it.
std::optional<std::string> take_header_key(std::string_view& text) {
  if (text.empty()) return std::nullopt;
  std::string key;
  const char quote = text.front();
  if (quote == '"' || quote == '\'') {
    std::size_t i = 1;
    for (; i < text.size() && text[i] != quote; ++i) {
      if (quote == '"' && text[i] == '\\' && i + 1 < text.size()) ++i;  // kept undecoded
      key += text[i];
    }
    if (i == text.size()) return std::nullopt;
    text.remove_prefix(i + 1);
    return key;
  }
  auto is_bare = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  while (!text.empty() && is_bare(text.front())) {
    key += text.front();
    text.remove_prefix(1);
  }
  if (key.empty()) return std::nullopt;
  return key;
}

void skip_blanks(std::string_view& text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
}

// The keys of a table header line ("[tool.pytest.ini_options]" -> tool, pytest, ini_options;
// "[[a.b]]" counts as well); nullopt when the line is no header.
std::optional<std::vector<std::string>> table_header_keys(std::string_view line) {
  skip_blanks(line);
  if (line.empty() || line.front() != '[') return std::nullopt;
  line.remove_prefix(line.size() > 1 && line[1] == '[' ? 2 : 1);
  std::vector<std::string> keys;
  while (true) {
    skip_blanks(line);
    std::optional<std::string> key = take_header_key(line);
    if (!key) return std::nullopt;
    keys.push_back(*key);
    skip_blanks(line);
    if (line.empty()) return std::nullopt;
    if (line.front() == ']') return keys;
    if (line.front() != '.') return std::nullopt;
    line.remove_prefix(1);
  }
}

std::size_t count_of(std::string_view text, std::string_view part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

using KeyPath = std::vector<std::string>;

// Whether the TOML file defines one of `tables` (or a sub-table of one), judged from its table
// header lines without a full TOML parse. Lines inside multi-line strings are not headers;
// tables made only by dotted keys (`tool.pytest.ini_options = {...}`) are not seen.
bool toml_has_table(const fs::path& file, const std::vector<KeyPath>& tables) {
  bool in_basic_string = false;
  bool in_literal_string = false;
  for (const std::string& line : read_lines(file)) {
    const bool was_in_string = in_basic_string || in_literal_string;
    if (!in_literal_string && count_of(line, "\"\"\"") % 2 == 1) in_basic_string = !in_basic_string;
    if (!in_basic_string && count_of(line, "'''") % 2 == 1) in_literal_string = !in_literal_string;
    if (was_in_string) continue;
    const std::optional<KeyPath> keys = table_header_keys(line);
    if (!keys) continue;
    for (const KeyPath& table : tables) {
      if (keys->size() >= table.size() && std::equal(table.begin(), table.end(), keys->begin())) {
        return true;
      }
    }
  }
  return false;
}

// The first of `dir` and its ancestors for which `has` holds.
template <typename Predicate>
std::optional<fs::path> first_upward(fs::path dir, Predicate has) {
  while (true) {
    if (has(dir)) return dir;
    if (dir == dir.root_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

// The directories of the args that exist, as pytest's get_dirs_from_args.
std::vector<fs::path> existing_arg_dirs(const std::vector<fs::path>& args, const fs::path& cwd) {
  std::vector<fs::path> dirs;
  for (const fs::path& arg : args) {
    const fs::path path = absolute_normal(cwd, arg);
    if (fs::is_directory(path)) {
      dirs.push_back(path);
    } else if (fs::exists(path)) {
      dirs.push_back(path.parent_path());
    }
  }
  return dirs;
}

// ---- walking -----------------------------------------------------------------------------------

// ---- walking: only the std::filesystem overloads taking an error_code (never throwing) -------

bool is_regular_path(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

bool is_directory_path(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

bool is_virtualenv(const fs::path& dir) {
  static constexpr std::array<std::string_view, 6> kActivateScripts{
      "activate", "activate.csh", "activate.fish", "Activate", "Activate.bat", "Activate.ps1"};
  if (is_regular_path(dir / "pyvenv.cfg")) return true;
  std::error_code error;
  for (fs::directory_iterator it(dir / "bin", error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (std::find(kActivateScripts.begin(), kActivateScripts.end(), name) !=
        kActivateScripts.end()) {
      return true;
    }
  }
  return false;
}

// The Python exception an OSError with this errno is (what pytest's traceback would name).
std::string_view python_os_error_name(int number) {
  switch (number) {
    case EACCES:
    case EPERM: return "PermissionError";
    case ENOENT: return "FileNotFoundError";
    case ENOTDIR: return "NotADirectoryError";
    case EISDIR: return "IsADirectoryError";
    case ETIMEDOUT: return "TimeoutError";
    default: return "OSError";
  }
}

// The entries of `dir`, sorted by name; `failure` says why it could not be listed (then the
// entries are whatever was read before the error).
std::vector<fs::directory_entry> sorted_entries(const fs::path& dir, std::string& failure) {
  std::error_code error;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    entries.push_back(*it);
  }
  if (error) {  // as os.scandir() would raise it
    failure = fmt::format("{}: [Errno {}] {}: '{}'", python_os_error_name(error.value()),
                          error.value(), error.message(), dir.string());
    entries.clear();
  }
  auto by_name = [](const fs::directory_entry& a, const fs::directory_entry& b) {
    return a.path().filename().native() < b.path().filename().native();
  };
  std::sort(entries.begin(), entries.end(), by_name);
  return entries;
}

bool is_file(const fs::directory_entry& entry) {
  std::error_code error;  // a broken symlink is neither file nor directory
  return entry.is_regular_file(error);
}

bool is_dir(const fs::directory_entry& entry) {
  std::error_code error;
  return entry.is_directory(error);
}

// Collects the TestFiles of the arguments in order, each file once.
class Walker {
 public:
  Walker(fs::path rootdir, const std::vector<fs::path>& args, const std::vector<std::string>& patterns)
      : rootdir_(std::move(rootdir)), patterns_(patterns) {
    for (const fs::path& arg : args) {
      if (is_directory_path(arg)) {
        arg_dirs_.push_back(arg);
      } else if (arg.extension() == ".py") {
        arg_files_.insert(arg);
      }
    }
  }

  void add_argument(const fs::path& path) {
    if (is_directory_path(path)) {
      walk(path);
    } else if (arg_files_.contains(path)) {
      add_file(path);
    }
  }

  std::vector<TestFile> take() { return std::move(files_); }

 private:
  // Like pytest, a walk also takes the files given as arguments, whatever their names.
  bool is_collected(const fs::path& file) const {
    const std::string name = file.filename().string();
    if (arg_files_.contains(file)) return true;
    if (patterns_.empty()) return is_test_file_name(name);
    return std::any_of(patterns_.begin(), patterns_.end(), [&](const std::string& pattern) {
      return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
    });
  }

  void walk(const fs::path& dir) {
    std::error_code error;
    const fs::path real = fs::canonical(dir, error);
    if (error && error.value() != ELOOP) {
      add_unlistable(dir, fmt::format("{}: [Errno {}] {}: '{}'", python_os_error_name(error.value()),
                                      error.value(), error.message(), dir.string()));
      return;
    }
    if (error || !open_dirs_.insert(real).second) return;  // a symlink loop back to an ancestor
    std::string failure;
    const std::vector<fs::directory_entry> entries = sorted_entries(dir, failure);
    if (!failure.empty()) add_unlistable(dir, failure);
    for (const fs::directory_entry& entry : entries) {
      if (is_file(entry) && is_collected(entry.path())) add_file(entry.path());
    }
    for (const fs::directory_entry& entry : entries) {
      if (is_dir(entry) && !is_skipped_directory(entry.path())) walk(entry.path());
    }
    open_dirs_.erase(real);
  }

  void add_file(const fs::path& file) {
    if (!seen_.insert(file).second) return;
    const ImportName import = import_name_for(file);
    files_.push_back(TestFile{file, relpath_of(file), import.module_name, import.basedir, {}});
  }

  void add_unlistable(const fs::path& dir, std::string failure) {
    if (!seen_.insert(dir).second) return;
    std::string relpath = relpath_of(dir);
    if (relpath == ".") relpath.clear();
    files_.push_back(TestFile{dir, std::move(relpath), {}, {}, std::move(failure)});
  }

  // Relative to rootdir. A file outside it is named relative to the outermost directory argument
  // holding it (pytest 7.2 takes any one of them), else by its name (pytest 7.2 gives "").
  std::string relpath_of(const fs::path& file) const {
    if (is_within(file, rootdir_)) return file.lexically_relative(rootdir_).generic_string();
    const fs::path* outermost = nullptr;
    for (const fs::path& dir : arg_dirs_) {
      if (is_within(file, dir) && (outermost == nullptr || is_within(*outermost, dir))) {
        outermost = &dir;
      }
    }
    if (outermost == nullptr) return file.filename().generic_string();
    return file.lexically_relative(*outermost).generic_string();
  }

  fs::path rootdir_;
  std::vector<std::string> patterns_;  // python_files globs; empty: pytest's defaults
  std::vector<fs::path> arg_dirs_;  // the directory arguments
  std::set<fs::path> arg_files_;    // the ".py" file arguments
  std::set<fs::path> seen_;
  std::set<fs::path> open_dirs_;    // canonical paths of the directories being walked
  std::vector<TestFile> files_;
};

}  // namespace

bool is_test_file_name(std::string_view name) {
  const bool test_prefix = name.size() >= 8 && name.starts_with("test_") && name.ends_with(".py");
  return test_prefix || name.ends_with("_test.py");
}

bool is_skipped_directory(const fs::path& dir) {
  static constexpr std::array<std::string_view, 8> kSkippedNames{
      "__pycache__", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"};
  const std::string name = dir.filename().string();
  if (name.starts_with('.') || name.ends_with(".egg")) return true;
  if (std::find(kSkippedNames.begin(), kSkippedNames.end(), name) != kSkippedNames.end()) {
    return true;
  }
  return is_virtualenv(dir);
}

bool is_rootdir_marker(const fs::path& dir) {
  static const std::vector<KeyPath> kPyprojectTables{{"tool", "pytest", "ini_options"},
                                                     {"tool", "pyspace-test"}};
  return fs::is_regular_file(dir / "pytest.ini") ||
         ini_has_section(dir / ".pytest.ini", "pytest") ||
         toml_has_table(dir / "pyproject.toml", kPyprojectTables) ||
         ini_has_section(dir / "tox.ini", "pytest") ||
         ini_has_section(dir / "setup.cfg", "tool:pytest") ||
         fs::is_regular_file(dir / "pyspace.toml");
}

fs::path determine_rootdir(const std::vector<fs::path>& args, const fs::path& cwd) {
  const fs::path here = absolute_normal(cwd, ".");
  const std::vector<fs::path> dirs = existing_arg_dirs(args, here);
  const fs::path ancestor = common_ancestor(dirs).value_or(here);
  if (auto marked = first_upward(ancestor, is_rootdir_marker)) return *marked;
  auto has_setup_py = [](const fs::path& dir) { return fs::is_regular_file(dir / "setup.py"); };
  if (auto with_setup = first_upward(ancestor, has_setup_py)) return *with_setup;
  if (dirs != std::vector<fs::path>{ancestor}) {
    for (const fs::path& dir : dirs) {
      if (auto marked = first_upward(dir, is_rootdir_marker)) return *marked;
    }
  }
  const fs::path shared = *common_ancestor({here, ancestor});
  return shared == shared.root_path() ? ancestor : shared;
}

std::vector<TestFile> discover(const std::vector<fs::path>& args, const fs::path& rootdir,
                               const fs::path& cwd, const std::vector<std::string>& patterns) {
  const fs::path here = absolute_normal(cwd, ".");
  std::vector<fs::path> paths;
  for (const fs::path& arg : args) {
    paths.push_back(absolute_normal(here, arg));
    std::error_code error;
    const bool exists = fs::exists(paths.back(), error);
    if (error) {  // e.g. a directory on the way that may not be searched
      throw core::UsageError(fmt::format("cannot access {}: {}", arg.string(), error.message()));
    }
    if (!exists) throw core::UsageError(fmt::format("file or directory not found: {}", arg.string()));
  }
  if (args.empty()) paths.push_back(here);
  Walker walker(absolute_normal(here, rootdir), paths, patterns);
  for (const fs::path& path : paths) walker.add_argument(path);
  return walker.take();
}

ImportName import_name_for(const fs::path& file) {
  auto is_package = [](const fs::path& dir) {
    return is_identifier(dir.filename().string()) && is_regular_path(dir / "__init__.py");
  };
  fs::path top_package;
  for (fs::path dir = file.parent_path(); is_package(dir); dir = dir.parent_path()) {
    top_package = dir;
  }
  if (top_package.empty()) return ImportName{file.parent_path(), file.stem().string()};
  const fs::path basedir = top_package.parent_path();
  std::vector<std::string> names;
  for (const fs::path& part : fs::path(file).replace_extension().lexically_relative(basedir)) {
    names.push_back(part.string());
  }
  if (names.back() == "__init__") names.pop_back();
  return ImportName{basedir, fmt::format("{}", fmt::join(names, "."))};
}

}  // namespace pyspace::collect
