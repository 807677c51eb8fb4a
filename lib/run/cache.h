// pytest 7.2's cache directory (`.pytest_cache`, _pytest/cacheprovider.py's Cache), shared with
// pytest itself: a value is the JSON file <dir>/v/<key> (json.dumps(indent=2, ensure_ascii=False)),
// mkdir() directories live under <dir>/d, and a cache directory created by a write gets pytest's
// README.md, .gitignore and CACHEDIR.TAG. No Python involved; nothing is read or written until
// asked. Errors never throw: a read that fails is "missing", a write that fails returns pytest's
// warning text.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pyspace::run {

class CacheDir {
 public:
  explicit CacheDir(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }

  // --cache-clear: removes <dir>/d and <dir>/v (the supporting files stay, as pytest leaves them).
  void clear() const;

  // cache/lastfailed: the node ids of the last failures, in the file's order (their values,
  // always true when pytest writes them, are not kept). Empty when missing or unreadable.
  std::vector<std::string> read_lastfailed() const;
  // cache/nodeids: every node id seen so far. Empty when missing or unreadable.
  std::vector<std::string> read_nodeids() const;
  // cache/stepwise: the node id --sw continues from; nullopt for null, [] or missing.
  std::optional<std::string> read_stepwise() const;

  // Each returns the warning pytest would give when the file cannot be written, else nullopt.
  std::optional<std::string> write_lastfailed(const std::vector<std::string>& nodeids) const;  // {id: true}
  std::optional<std::string> write_nodeids(const std::vector<std::string>& nodeids) const;     // a list
  // null for nullopt; with `empty_list`, [] (what pytest writes when --sw is off).
  std::optional<std::string> write_stepwise(const std::optional<std::string>& nodeid, bool empty_list) const;

  // The raw JSON text of `key` written as pytest's Cache.set writes it (for the above).
  std::optional<std::string> set_text(const std::string& key, const std::string& json_text) const;

 private:
  std::filesystem::path value_path(const std::string& key) const { return dir_ / "v" / key; }
  void write_supporting_files() const;
  std::filesystem::path dir_;
};

}  // namespace pyspace::run
