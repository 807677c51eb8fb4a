// Path helpers every reader of the command line's paths shares (configuration lookup, rootdir,
// discovery): lexical only, except existing_arg_dirs, which asks the filesystem and never throws.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace pyspace::config {

// `path` made absolute against `base` and normalised, without a trailing separator.
std::filesystem::path absolute_normal(const std::filesystem::path& base,
                                      const std::filesystem::path& path);

// Whether `path` is `dir` or lies below it (both absolute and normalised).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& dir);

// The deepest directory containing every one of `dirs`; nullopt for none.
std::optional<std::filesystem::path> common_ancestor(const std::vector<std::filesystem::path>& dirs);

// The directories of the args that exist (a file stands for its directory), as pytest's
// get_dirs_from_args; relative args are relative to `cwd` (absolute).
std::vector<std::filesystem::path> existing_arg_dirs(const std::vector<std::filesystem::path>& args,
                                                     const std::filesystem::path& cwd);

// The common ancestor of existing_arg_dirs(paths, cwd); `cwd` when none exists or none is given.
std::filesystem::path common_ancestor_dir(const std::vector<std::filesystem::path>& paths,
                                          const std::filesystem::path& cwd);

}  // namespace pyspace::config
