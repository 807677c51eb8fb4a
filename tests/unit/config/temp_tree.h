// Test helper for tests/unit/config and tests/unit/collect: a TempDir (tests/support) with the
// shorthands that tests building file trees want.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "temp_dir.h"

namespace pyspace::testing {

class TempTree {
 public:
  const std::filesystem::path& root() const { return dir_.path(); }
  std::filesystem::path operator/(std::string_view relative) const { return root() / relative; }

  // Writes `content` to root/relative, creating the directories on the way.
  std::filesystem::path write(std::string_view relative, std::string_view content = "") const {
    return dir_.write(std::string(relative), std::string(content));
  }

  std::filesystem::path mkdir(std::string_view relative) const {
    const std::filesystem::path dir = root() / relative;
    std::filesystem::create_directories(dir);
    return dir;
  }

 private:
  TempDir dir_;
};

}  // namespace pyspace::testing
