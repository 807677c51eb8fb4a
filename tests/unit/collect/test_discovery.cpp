// discovery: which files pytest 7 would collect, in which order, under which module names (the
// rootdir: tests/unit/config/test_rootdir.cpp). Expected orders were taken from
// `python3 -m pytest --collect-only` (pytest 7.2.1) run on the same trees.
#include <catch2/catch.hpp>

#include <algorithm>

#include "collect/discovery.h"
#include "core/errors.h"
#include "../config/temp_tree.h"

namespace fs = std::filesystem;
using pyspace::collect::discover;
using pyspace::collect::import_name_for;
using pyspace::collect::TestFile;
using pyspace::testing::TempTree;
using Catch::Matchers::Message;

namespace {

std::vector<std::string> relpaths(const std::vector<TestFile>& files) {
  std::vector<std::string> result;
  for (const TestFile& file : files) result.push_back(file.relpath);
  return result;
}

// Discovers `args` from the tree's root, which is also the rootdir.
std::vector<std::string> discovered(const TempTree& tree, const std::vector<fs::path>& args) {
  return relpaths(discover(args, tree.root(), tree.root()));
}

void write_all(const TempTree& tree, std::initializer_list<const char*> files) {
  for (const char* file : files) tree.write(file, "def test_one():\n    pass\n");
}

}  // namespace

TEST_CASE("discovery: test file names are test_*.py or *_test.py", "[discovery]") {
  using pyspace::collect::is_test_file_name;
  for (const char* name : {"test_a.py", "test_.py", "a_test.py", "_test.py", "Z_test.py"}) {
    INFO(name);
    CHECK(is_test_file_name(name));
  }
  for (const char* name : {"test.py", "xtest_a.py", "test_a.pyc", "Test_cap.py", "test-dash.py",
                           "test_a.txt", "a_Test.py", "conftest.py", "__init__.py"}) {
    INFO(name);
    CHECK_FALSE(is_test_file_name(name));
  }
}

TEST_CASE("discovery: norecursedirs, __pycache__ and virtualenvs are skipped", "[discovery]") {
  using pyspace::collect::is_skipped_directory;
  TempTree tree;
  for (const char* name : {".git", ".hidden", "x.egg", "_darcs", "build", "CVS", "dist",
                           "node_modules", "venv", "{arch}", "__pycache__"}) {
    INFO(name);
    CHECK(is_skipped_directory(tree.mkdir(name)));
  }
  tree.write("env1/bin/activate");
  tree.write("env2/bin/activate.fish");
  tree.write("env3/pyvenv.cfg");
  tree.write("plain/bin/python");
  CHECK(is_skipped_directory(tree / "env1"));
  CHECK(is_skipped_directory(tree / "env2"));
  CHECK(is_skipped_directory(tree / "env3"));
  for (const char* name : {"plain", "tests", "builds", "Build", "egg", "venv2", "_pycache"}) {
    INFO(name);
    CHECK_FALSE(is_skipped_directory(tree.mkdir(name)));
  }
}

TEST_CASE("discovery: pytest's order, files of a directory before its subdirectories",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"test_b.py", "a_test.py", "test_A.py", "Z_test.py", "zdir/test_z.py",
                   "adir/test_x.py", "adir/sub/test_deep.py", "adir/test_y.py",
                   "pkg/__init__.py", "pkg/test_p.py", "pkg/A_test.py", "pkg/0sub/test_0.py",
                   "pkg/nonpkg/test_np.py", "pkg/subpkg/__init__.py", "pkg/subpkg/test_sp.py",
                   "pkg/subpkg/deeper/test_d.py", "pkg/zz_test.py", ".hidden/test_h.py",
                   "build/test_build.py", "dist/test_dist.py", "x.egg/test_egg.py",
                   "venv/test_v.py", "myenv/bin/activate", "myenv/test_env.py",
                   "cfgenv/pyvenv.cfg", "cfgenv/test_cfgenv.py", "node_modules/test_nm.py",
                   "CVS/test_cvs.py", "_darcs/test_d.py", "{arch}/test_arch.py",
                   "__pycache__/test_pc.py", "test_.py", "test.py", "xtest_a.py",
                   "test_a.pyc", "_test.py", "Test_cap.py", "test-dash.py",
                   "tests/test_\xc3\xbc.py", "tests/test_Z.py", "tests/test__.py"});
  // pytest 7.2.1 lists the same files, plus cfgenv/test_cfgenv.py: it does not treat a
  // directory with only a pyvenv.cfg as a virtualenv (pytest 8 does, and so do we).
  const std::vector<std::string> expected{
      "Z_test.py", "_test.py", "a_test.py", "test_.py", "test_A.py", "test_b.py",
      "adir/test_x.py", "adir/test_y.py", "adir/sub/test_deep.py",
      "pkg/A_test.py", "pkg/test_p.py", "pkg/zz_test.py", "pkg/0sub/test_0.py",
      "pkg/nonpkg/test_np.py", "pkg/subpkg/test_sp.py", "pkg/subpkg/deeper/test_d.py",
      "tests/test_Z.py", "tests/test__.py", "tests/test_\xc3\xbc.py", "zdir/test_z.py"};
  CHECK(discovered(tree, {"."}) == expected);
  CHECK(discovered(tree, {}) == expected);
}

TEST_CASE("discovery: a directory given as an argument is walked even if skipped by name",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {".hidden/test_h.py", "myenv/bin/activate", "myenv/test_env.py",
                   "build/test_build.py", "build/.git/test_no.py"});
  CHECK(discovered(tree, {".hidden", "myenv", "build"}) ==
        std::vector<std::string>{".hidden/test_h.py", "myenv/test_env.py", "build/test_build.py"});
}

TEST_CASE("discovery: a file argument is taken as given", "[discovery]") {
  TempTree tree;
  write_all(tree, {"test.py", "xtest_a.py", "build/helper.py", "notes.txt", "notes.md"});
  // (a .txt argument is a doctest text file, as pytest's doctest plugin takes it)
  CHECK(discovered(tree, {"test.py", "xtest_a.py", "build/helper.py", "notes.txt", "notes.md"}) ==
        std::vector<std::string>{"test.py", "xtest_a.py", "build/helper.py", "notes.txt"});
}

TEST_CASE("discovery: a walk also takes the file arguments inside it, whatever their names",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"pkg/__init__.py", "pkg/setup.py", "pkg/test_a.py", "pkg/z_test.py",
                   "pkg/notes.txt"});
  // As pytest 7.2 does (it lists setup.py a second time at the end; we list each file once).
  // notes.txt: a doctest text file, as an argument.
  CHECK(discovered(tree, {"pkg", "pkg/setup.py", "pkg/notes.txt"}) ==
        std::vector<std::string>{"pkg/notes.txt", "pkg/setup.py", "pkg/test_a.py", "pkg/z_test.py"});
}

TEST_CASE("discovery: a package's __init__.py argument gives what pytest 7.2 collects of it",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"b/pkg/__init__.py", "b/pkg/mod.py", "b/pkg/sub/__init__.py", "b/pkg/sub/test_c.py",
                   "b/pkg/tests/__init__.py", "b/pkg/tests/test_a.py", "c/pkg/__init__.py",
                   "c/pkg/plain/test_p.py", "c/pkg/plain/deeper/test_q.py", "c/pkg/sub/__init__.py",
                   "c/pkg/sub/test_s.py", "d/pkg/__init__.py", "d/pkg/aaa/__init__.py",
                   "d/pkg/tests/__init__.py", "d/pkg/tests/test_a.py", "e/pkg/__init__.py",
                   "e/pkg/test_y.py", "e/pkg/test_x.txt"});
  using Files = std::vector<std::string>;
  SECTION("the package's first node only: a test file, a subpackage as a whole, or an empty one") {
    CHECK(discovered(tree, {"b/pkg/__init__.py"}) == Files{"b/pkg/sub/test_c.py"});
    CHECK(discovered(tree, {"c/pkg/__init__.py"}) == Files{"c/pkg/plain/test_p.py"});
    CHECK(discovered(tree, {"d/pkg/__init__.py"}).empty());  // aaa: a subpackage without tests
    CHECK(discovered(tree, {"e/pkg/__init__.py"}) == Files{"e/pkg/test_x.txt"});
  }
  SECTION("the __init__ module when python_files matches it") {
    pyspace::collect::WalkRules rules;
    rules.python_files = {"*.py"};
    CHECK(relpaths(discover({"b/pkg/__init__.py"}, tree.root(), tree.root(), rules)) ==
          Files{"b/pkg/__init__.py"});
  }
  SECTION("--doctest-modules: its doctests, then the whole package") {
    pyspace::collect::WalkRules rules;
    rules.doctest.modules = true;
    CHECK(relpaths(discover({"c/pkg/__init__.py"}, tree.root(), tree.root(), rules)) ==
          Files{"c/pkg/__init__.py", "c/pkg/plain/test_p.py", "c/pkg/plain/deeper/test_q.py",
                "c/pkg/sub/__init__.py", "c/pkg/sub/test_s.py"});
  }
}

TEST_CASE("discovery: a missing path is a UsageError in pytest's words", "[discovery]") {
  TempTree tree;
  write_all(tree, {"tests/test_a.py"});
  CHECK_THROWS_MATCHES(discover({"tests", "nope.py"}, tree.root(), tree.root()),
                       pyspace::core::UsageError,
                       Message("file or directory not found: nope.py"));
  const fs::path missing = tree / "tests/missing";
  CHECK_THROWS_MATCHES(discover({missing}, tree.root(), tree.root()), pyspace::core::UsageError,
                       Message("file or directory not found: " + missing.string()));
}

TEST_CASE("discovery: a file reached twice is listed once, where first reached",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"adir/test_x.py", "adir/test_y.py", "adir/sub/test_deep.py"});
  CHECK(discovered(tree, {"adir/test_x.py", "adir/test_x.py"}) ==
        std::vector<std::string>{"adir/test_x.py"});
  CHECK(discovered(tree, {"adir/test_y.py", "adir", "./adir/test_y.py"}) ==
        std::vector<std::string>{"adir/test_y.py", "adir/test_x.py", "adir/sub/test_deep.py"});
  CHECK(discovered(tree, {"adir", "adir/sub", "adir/test_x.py"}) ==
        std::vector<std::string>{"adir/test_x.py", "adir/test_y.py", "adir/sub/test_deep.py"});
}

TEST_CASE("discovery: absolute paths, relpaths to rootdir, relative args against cwd",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"proj/tests/unit/test_a.py"});
  const std::vector<TestFile> files = discover({"unit"}, tree / "proj", tree / "proj/tests");
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == tree / "proj/tests/unit/test_a.py");
  CHECK(files[0].relpath == "tests/unit/test_a.py");
}

TEST_CASE("discovery: files outside rootdir are named relative to their argument",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"a/test_a.py", "a/deep/test_d.py", "b/test_b.py", "c/test_c.py"});
  // As pytest 7.2 run from the tree's root with rootdir b (say b/setup.cfg has [tool:pytest]).
  CHECK(relpaths(discover({"a", "b"}, tree / "b", tree.root())) ==
        std::vector<std::string>{"test_a.py", "deep/test_d.py", "test_b.py"});
  // pytest names a file argument outside rootdir "" (nodes "::test_x"); we use its name.
  CHECK(relpaths(discover({"c/test_c.py"}, tree / "b", tree.root())) ==
        std::vector<std::string>{"test_c.py"});
  // pytest 7.2 picks any containing argument (it iterates a frozenset); we take the outermost.
  CHECK(relpaths(discover({"a/deep", "a"}, tree / "b", tree.root())) ==
        std::vector<std::string>{"deep/test_d.py", "test_a.py"});
  CHECK(relpaths(discover({"a/deep/test_d.py", "a"}, tree / "b", tree.root())) ==
        std::vector<std::string>{"deep/test_d.py", "test_a.py"});
}

TEST_CASE("discovery: module names and basedirs follow pytest's prepend import mode",
          "[discovery]") {
  TempTree tree;
  write_all(tree, {"tests/test_plain.py", "pkg/__init__.py", "pkg/tests/__init__.py",
                   "pkg/tests/test_x.py", "a/__init__.py", "a/gap/c/__init__.py",
                   "a/gap/c/test_c.py", "my-pkg/__init__.py", "my-pkg/test_dash.py",
                   "outer/__init__.py", "outer/my-pkg/__init__.py",
                   "outer/my-pkg/sub/__init__.py",
                   "outer/my-pkg/sub/test_s.py"});
  struct Case {
    const char* file;
    const char* module;
    const char* basedir;
  };
  for (const Case& c : {Case{"tests/test_plain.py", "test_plain", "tests"},
                        Case{"pkg/tests/test_x.py", "pkg.tests.test_x", ""},
                        Case{"pkg/tests/__init__.py", "pkg.tests", ""},
                        Case{"a/gap/c/test_c.py", "c.test_c", "a/gap"},
                        Case{"my-pkg/test_dash.py", "test_dash", "my-pkg"},
                        Case{"outer/my-pkg/sub/test_s.py", "sub.test_s", "outer/my-pkg"}}) {
    INFO(c.file);
    const auto name = import_name_for(tree / c.file);
    CHECK(name.module_name == c.module);
    CHECK(name.basedir == (std::string(c.basedir).empty() ? tree.root() : tree / c.basedir));
  }
  const std::vector<TestFile> files = discover({"pkg"}, tree.root(), tree.root());
  REQUIRE(files.size() == 1);
  CHECK(files[0].module_name == "pkg.tests.test_x");
  CHECK(files[0].basedir == tree.root());
}

TEST_CASE("discovery: a symlink loop does not walk forever", "[discovery]") {
  TempTree tree;
  write_all(tree, {"tests/test_a.py", "tests/sub/test_b.py"});
  fs::create_directory_symlink(tree / "tests", tree / "tests/sub/loop");
  fs::create_symlink(tree / "nowhere", tree / "tests/test_broken.py");
  CHECK(discovered(tree, {"tests"}) ==
        std::vector<std::string>{"tests/test_a.py", "tests/sub/test_b.py"});
}

// Expected orders from `python3 -m pytest --collect-only -q` (pytest 7.2.1) on the same trees.
TEST_CASE("discovery: doctest files as pytest's doctest plugin names them", "[discovery][doctest]") {
  using pyspace::collect::Doctests;
  using pyspace::collect::DoctestFiles;
  TempTree tree;
  tree.write("other.py", "x = 1\n");
  tree.write("__main__.py", "x = 1\n");
  tree.write("setup.py", "import setuptools\n");
  tree.write("test_guide.txt", ">>> 1\n1\n");
  tree.write("notes.txt", ">>> 1\n1\n");
  tree.write("docs/guide.rst", ">>> 1\n1\n");
  tree.write("pkg/__init__.py");
  tree.write("pkg/Alpha.py");
  tree.write("pkg/test_both.py", "def test_one():\n    pass\n");
  auto rules_with = [](const DoctestFiles& doctest) {
    pyspace::collect::WalkRules rules;
    rules.doctest = doctest;
    return rules;
  };
  auto kinds = [&](const std::vector<fs::path>& args, const DoctestFiles& doctest) {
    std::vector<std::string> found;
    for (const TestFile& file : discover(args, tree.root(), tree.root(), rules_with(doctest))) {
      const char* kind = file.doctests == Doctests::Module ? "module"
                         : file.doctests == Doctests::Text ? "text" : "-";
      found.push_back(file.relpath + " " + kind + (file.tests ? " tests" : ""));
    }
    return found;
  };
  SECTION("no flags: only test*.txt besides the test files") {
    CHECK(kinds({}, {}) ==
          std::vector<std::string>{"test_guide.txt text", "pkg/test_both.py - tests"});
  }
  SECTION("--doctest-modules: every .py but __main__.py and a setuptools setup.py; __init__.py first") {
    CHECK(kinds({}, {true, true, {}}) ==
          std::vector<std::string>{"other.py module", "test_guide.txt text", "pkg/__init__.py module",
                                   "pkg/Alpha.py module", "pkg/test_both.py module tests"});
  }
  SECTION("--doctest-glob: names, or whole paths for a glob with '/'") {
    CHECK(kinds({}, {true, false, {"*.txt", "docs/*.rst"}}) ==
          std::vector<std::string>{"notes.txt text", "test_guide.txt text", "docs/guide.rst text",
                                   "pkg/test_both.py - tests"});
  }
  SECTION(".txt and .rst arguments are doctest files") {
    CHECK(kinds({"notes.txt", "docs/guide.rst"}, {}) ==
          std::vector<std::string>{"notes.txt text", "docs/guide.rst text"});
  }
  SECTION("-p no:doctest: nothing for doctests") {
    CHECK(kinds({}, {false, true, {"*.txt"}}) == std::vector<std::string>{"pkg/test_both.py - tests"});
  }
  SECTION("a setup.py that does not name setuptools or distutils is a module") {
    tree.write("setup.py", "x = 1\n");
    const std::vector<std::string> found = kinds({}, {true, true, {}});
    CHECK(std::find(found.begin(), found.end(), "setup.py module") != found.end());
  }
}
