// Which directory a run is rooted in and which pytest configuration file applies: pytest 7.2's
// determine_setup (_pytest/config/findpaths.py), plus pyspace-test's own configuration file as a
// rootdir marker where pytest finds none.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/pytest_file.h"

namespace pyspace::config {

struct RootdirSetup {
  std::filesystem::path rootdir;   // absolute, normalised
  std::optional<PytestFile> ini;   // pytest's configfile; nullopt when none
};

// For the command line's `args` (paths, "::" node id suffixes already cut; relative to `cwd`,
// which is absolute):
//  - `inifile` given (-c): it is the configfile (its pytest values, or none when it holds no
//    pytest configuration) and its directory the rootdir;
//  - else, from the common ancestor directory of the args that exist (a file stands for its
//    directory; cwd when none exists) upward, the first directory with one of kPytestFileNames
//    that read_pytest_file() accepts (checked in that order in each directory) is the rootdir
//    and that file the configfile;
//  - else the directory of pyspace-test's own configuration file (`pyspace_config`, when given);
//  - else from the ancestor upward the first directory with a setup.py;
//  - else, when the args' directories are not just the ancestor, the first configfile found
//    upward from each of them in turn;
//  - else the common ancestor of cwd and the ancestor, unless that is the filesystem root: then
//    the ancestor.
//  `rootdir_arg` (--rootdir, environment variables expanded, relative to cwd) replaces the
//  rootdir found, not the configfile.
// Throws as read_pytest_file() for each file it reads on the way (a broken tox.ini met before a
// configfile is found is an error, as in pytest), core::UsageError "config file not found: X"
// for a missing `inifile` and "Directory 'X' not found. Check your '--rootdir' option." for a
// `rootdir_arg` that is not a directory.
RootdirSetup determine_setup(const std::vector<std::filesystem::path>& args,
                             const std::filesystem::path& cwd,
                             const std::optional<std::filesystem::path>& inifile = std::nullopt,
                             const std::optional<std::string>& rootdir_arg = std::nullopt,
                             const std::optional<std::filesystem::path>& pyspace_config =
                                 std::nullopt);

// `text` with $NAME and ${NAME} replaced by the environment's values, as os.path.expandvars:
// unknown names are left as written.
std::string expand_vars(const std::string& text);

}  // namespace pyspace::config
