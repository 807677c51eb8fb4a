#include "collect/discovery.h"

#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/paths.h"
#include "core/errors.h"

namespace pyspace::collect {

using config::absolute_normal;
using config::is_within;

namespace fs = std::filesystem;

namespace {

// ---- paths -------------------------------------------------------------------------------------

bool is_identifier(std::string_view name) {
  auto is_start = [](unsigned char c) { return c == '_' || std::isalpha(c) || c >= 0x80; };
  auto is_rest = [&](unsigned char c) { return is_start(c) || std::isdigit(c); };
  return !name.empty() && is_start(name.front()) && std::all_of(name.begin(), name.end(), is_rest);
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

// pytest 7.2's default norecursedirs.
const std::vector<std::string> kDefaultNorecursedirs = {"*.egg", ".*", "_darcs", "build", "CVS",
                                                        "dist", "node_modules", "venv", "{arch}"};

// pytest's fnmatch_ex: a pattern without a path separator matches the name; one with a separator
// matches the whole path ("*/" in front of a relative one); '*' also matches '/'.
bool matches_path_glob(const std::string& pattern, const fs::path& path) {
  if (pattern.find('/') == std::string::npos)
    return fnmatch(pattern.c_str(), path.filename().c_str(), 0) == 0;
  const std::string full = pattern.front() == '/' ? pattern : "*/" + pattern;
  return fnmatch(full.c_str(), path.c_str(), 0) == 0;
}

// Collects the TestFiles of the arguments in order, each file once.
class Walker {
 public:
  Walker(fs::path rootdir, const std::vector<fs::path>& args, const WalkRules& rules)
      : rootdir_(std::move(rootdir)), rules_(rules), patterns_(rules.python_files), doctest_(rules.doctest) {
    for (const fs::path& arg : args) {
      if (is_directory_path(arg)) {
        arg_dirs_.push_back(arg);
      } else {
        arg_files_.insert(arg);
      }
    }
  }

  void add_argument(const fs::path& path) {
    if (is_directory_path(path)) {
      walk(path);
    } else if (name_of(path) == "__init__.py") {
      add_package_init(path);
    } else if (arg_files_.contains(path)) {
      add_if_collected(path);
    }
  }

  std::vector<TestFile> take() { return std::move(files_); }

 private:
  // Like pytest, a walk also takes the files given as arguments, whatever their names (but a
  // package's __init__.py: the package is what was given, add_package_init).
  bool is_collected(const fs::path& file) const {
    if (arg_files_.contains(file) && name_of(file) != "__init__.py") return file.extension() == ".py";
    return matches_python_files(file);
  }

  bool matches_python_files(const fs::path& file) const {
    const std::string name = file.filename().string();
    if (patterns_.empty()) return is_test_file_name(name);
    return std::any_of(patterns_.begin(), patterns_.end(), [&](const std::string& pattern) {
      return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
    });
  }

  // pytest 7.2 for a `pkg/__init__.py` argument (Session._collect): with --doctest-modules, the
  // __init__ module's doctests and then the whole package, as its directory; else only the
  // package's first node: its __init__ module when python_files matches it, or the first node
  // its walk meets (add_first_node).
  void add_package_init(const fs::path& init) {
    const Doctests doctests = doctests_of(init);
    const bool tests = matches_python_files(init);
    if (doctests != Doctests::None) {
      add_file(init, tests, doctests);
      walk(init.parent_path());
    } else if (tests) {
      add_file(init);
    } else {
      add_first_node(init.parent_path(), init);
    }
  }

  // Package.collect's first node under `dir`, in its walk's order: a collected file of `dir`
  // (but `own_init`), else in each subdirectory in name order a subpackage as a whole (a node
  // even when it holds no test) or, for a plain directory, its own first node. True once found.
  bool add_first_node(const fs::path& dir, const fs::path& own_init) {
    std::error_code error;
    const fs::path real = fs::canonical(dir, error);
    if (error || !open_dirs_.insert(real).second) return false;  // a symlink loop
    std::string failure;
    const std::vector<fs::directory_entry> entries = sorted_entries(dir, failure);
    bool found = false;
    if (!failure.empty()) {
      add_unlistable(dir, failure);
      found = true;
    }
    for (auto it = entries.begin(); !found && it != entries.end(); ++it) {
      if (!is_file(*it) || it->path() == own_init) continue;
      const size_t before = files_.size();
      add_if_collected(it->path());
      found = files_.size() > before;
    }
    for (auto it = entries.begin(); !found && it != entries.end(); ++it) {
      if (!is_dir(*it) || is_left_out(it->path())) continue;
      if (is_regular_path(it->path() / "__init__.py")) {
        walk(it->path());
        found = true;
      } else {
        found = add_first_node(it->path(), {});
      }
    }
    open_dirs_.erase(real);
    return found;
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
    add_files(entries);
    for (const fs::directory_entry& entry : entries) {
      if (is_dir(entry) && !is_left_out(entry.path())) walk(entry.path());
    }
    open_dirs_.erase(real);
  }

  // --ignore and --ignore-glob (pytest_ignore_collect; arguments are never ignored).
  bool is_ignored(const fs::path& path) const {
    if (arg_files_.contains(path)) return false;
    if (std::find(rules_.ignore.begin(), rules_.ignore.end(), path) != rules_.ignore.end()) return true;
    return std::any_of(rules_.ignore_glob.begin(), rules_.ignore_glob.end(), [&](const std::string& glob) {
      return fnmatch(glob.c_str(), path.c_str(), 0) == 0;
    });
  }

  // A directory met while walking: ignored, a virtualenv, or matched by norecursedirs.
  bool is_left_out(const fs::path& dir) const {
    if (dir.filename() == "__pycache__" || is_ignored(dir)) return true;
    if (!rules_.collect_in_virtualenv && is_virtualenv(dir)) return true;
    const auto& patterns = rules_.norecursedirs ? *rules_.norecursedirs : kDefaultNorecursedirs;
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& pattern) { return matches_path_glob(pattern, dir); });
  }

  // The files of one directory (sorted by name) in pytest's order: a package's __init__.py
  // first, as pytest collects the package before its other files.
  void add_files(const std::vector<fs::directory_entry>& entries) {
    for (const bool init_pass : {true, false}) {
      for (const fs::directory_entry& entry : entries) {
        if ((name_of(entry.path()) == "__init__.py") == init_pass && is_file(entry)) {
          add_if_collected(entry.path());
        }
      }
    }
  }

  // The file name part of `path` (no copy: walking compares the names of every entry).
  static std::string_view name_of(const fs::path& path) {
    const std::string_view whole = path.native();
    const size_t slash = whole.rfind('/');
    return slash == std::string_view::npos ? whole : whole.substr(slash + 1);
  }

  void add_if_collected(const fs::path& file) {
    if (is_ignored(file)) return;
    const bool tests = is_collected(file);
    const Doctests doctests = doctests_of(file);
    if (tests || doctests != Doctests::None) add_file(file, tests, doctests);
  }

  // pytest's doctest plugin: a DoctestModule for every .py file with --doctest-modules (but
  // __main__.py and a setuptools/distutils setup.py), a DoctestTextfile for a text file matching
  // a --doctest-glob (default test*.txt) or a .txt/.rst file given as an argument.
  Doctests doctests_of(const fs::path& file) const {
    if (!doctest_.enabled) return Doctests::None;
    const std::string_view name = name_of(file);
    if (name.ends_with(".py") && name.size() > 3) {
      if (!doctest_.modules) return Doctests::None;
      const bool excluded = name == "__main__.py" || (name == "setup.py" && is_setuptools_script(file));
      return excluded ? Doctests::None : Doctests::Module;
    }
    if ((name.ends_with(".txt") || name.ends_with(".rst")) && !arg_files_.empty() &&
        arg_files_.contains(file)) {
      return Doctests::Text;
    }
    if (doctest_.globs.empty()) {  // pytest's default "test*.txt", without fnmatch
      return name.starts_with("test") && name.ends_with(".txt") && name.size() >= 8 ? Doctests::Text
                                                                                    : Doctests::None;
    }
    const bool matched = std::any_of(doctest_.globs.begin(), doctest_.globs.end(),
                                     [&](const std::string& glob) { return matches_path_glob(glob, file); });
    return matched ? Doctests::Text : Doctests::None;
  }

  static bool is_setuptools_script(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
    return text.find("setuptools") != std::string::npos || text.find("distutils") != std::string::npos;
  }

  void add_file(const fs::path& file, bool tests = true, Doctests doctests = Doctests::None) {
    if (!seen_.insert(file).second) return;
    if (doctests == Doctests::Text) {  // not imported: no module name
      files_.push_back(TestFile{file, relpath_of(file), {}, {}, {}, false, doctests});
      return;
    }
    const ImportName import = import_name_for(file);
    files_.push_back(
        TestFile{file, relpath_of(file), import.module_name, import.basedir, {}, tests, doctests});
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
  const WalkRules& rules_;
  std::vector<std::string> patterns_;  // python_files globs; empty: pytest's defaults
  DoctestFiles doctest_;
  std::vector<fs::path> arg_dirs_;  // the directory arguments
  std::set<fs::path> arg_files_;    // the file arguments
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
  if (dir.filename() == "__pycache__") return true;
  return std::any_of(kDefaultNorecursedirs.begin(), kDefaultNorecursedirs.end(),
                     [&](const std::string& pattern) { return matches_path_glob(pattern, dir); }) ||
         is_virtualenv(dir);
}

std::vector<TestFile> discover(const std::vector<fs::path>& args, const fs::path& rootdir,
                               const fs::path& cwd, const WalkRules& rules) {
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
  Walker walker(absolute_normal(here, rootdir), paths, rules);
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
