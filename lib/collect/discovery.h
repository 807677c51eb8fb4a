// Finding test files on the filesystem, as pytest 7 does by default: the files to collect and
// the module name each is imported under. Filesystem only: no Python here. The rootdir comes
// from the configuration model (lib/config/rootdir.h).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyspace::collect {

// What pytest's doctest plugin collects besides test files (the flags of docs/doctest.md).
struct DoctestFiles {
  bool enabled = true;             // false (-p no:doctest): no file is collected for doctests
  bool modules = false;            // --doctest-modules: every *.py file, but __main__.py and a
                                   // setup.py that names setuptools or distutils
  std::vector<std::string> globs;  // --doctest-glob: text files; empty means "test*.txt"
};

// Which doctests a file is collected for: none, its module's docstrings, or the text file's.
enum class Doctests { None, Module, Text };

// A test file found by discover().
struct TestFile {
  std::filesystem::path path;     // absolute, normalised
  std::string relpath;            // the node id prefix: relative to rootdir with '/' separators
                                  // (outside rootdir: to the outermost directory argument
                                  // holding it, else the file's name)
  std::string module_name;        // dotted name it is imported under: "pkg.tests.test_x"
  std::filesystem::path basedir;  // the directory to insert as sys.path[0] to import it
  // Non-empty: `path` is a directory that could not be listed, and this is why, as the OSError
  // os.scandir() would raise ("PermissionError: [Errno 13] Permission denied: '/p/locked'");
  // it is reported as that path's collection error (module_name and basedir are empty).
  std::string unlistable;
  bool tests = true;                   // collected for its tests (python_files, or given)
  Doctests doctests = Doctests::None;  // collected for its doctests (first, as pytest)
};

// What the command line and pytest's configuration say about which paths a walk leaves out
// (pytest 7.2's pytest_ignore_collect and Session._recurse).
struct WalkRules {
  std::vector<std::string> python_files;  // python_files globs; empty: pytest's defaults
  // norecursedirs globs (fnmatch; a pattern without '/' matches the name); nullopt: pytest's
  // defaults (is_skipped_directory). "__pycache__" is always left out.
  std::optional<std::vector<std::string>> norecursedirs;
  std::vector<std::filesystem::path> ignore;  // --ignore: absolute paths, left out exactly
  std::vector<std::string> ignore_glob;       // --ignore-glob: absolute globs over the whole path
  bool collect_in_virtualenv = false;         // --collect-in-virtualenv
  DoctestFiles doctest;                       // the files collected for their doctests too
};

// The test files of `args` (relative ones are relative to `cwd`; none means cwd), in pytest's
// collection order. A file argument is taken as given when its name ends in ".py" (other files
// give nothing, but doctest text files: see `doctest`), but a package's __init__.py, which gives
// what pytest 7.2 collects of its package: the __init__ module if python_files matches it, else
// only the first test file or subpackage a walk of the package meets (with --doctest-modules:
// the __init__ module's doctests, then the whole package); a directory is walked: its test files (is_test_file_name, or given as an
// argument) sorted by name, then each subdirectory in name order, skipping those
// is_skipped_directory() names, or `rules` leave out (an argument is always taken). A file
// reached twice is listed once, where first reached. A directory that cannot be listed is listed
// in its place as a TestFile whose `unlistable` says why; the walk goes on. No filesystem error
// throws while walking.
// Throws core::UsageError "file or directory not found: X" (X as given) for a missing argument,
// or "cannot access X: reason" for one that cannot be checked, before walking anything.
// `rules.doctest`: the files collected for doctests too, as pytest's doctest plugin: with
// `modules` every .py file; text files matching `globs` (a glob with a '/' matches the whole
// path), and .txt/.rst files given as arguments. A package's __init__.py comes first in its
// directory.
std::vector<TestFile> discover(const std::vector<std::filesystem::path>& args,
                               const std::filesystem::path& rootdir,
                               const std::filesystem::path& cwd = std::filesystem::current_path(),
                               const WalkRules& rules = {});

// pytest's default python_files: "test_*.py" or "*_test.py" (case-sensitive).
bool is_test_file_name(std::string_view file_name);

// Whether a directory met while walking is left out: pytest's default norecursedirs ("*.egg",
// ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"), "__pycache__", and
// virtualenvs (a pyvenv.cfg, or an activate script in bin/).
bool is_skipped_directory(const std::filesystem::path& dir);

// Where and under which name pytest's "prepend" import mode imports `file` (absolute).
struct ImportName {
  std::filesystem::path basedir;  // the first directory upward that is not a package
  std::string module_name;        // the dotted path of `file` from basedir
};
// A package is a directory with an __init__.py whose name is an identifier; "pkg/__init__.py"
// is imported as "pkg".
ImportName import_name_for(const std::filesystem::path& file);

}  // namespace pyspace::collect
