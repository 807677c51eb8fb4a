#include "core/errors.h"

#include <fmt/format.h>

namespace pyspace::core {

namespace {
std::string position(const std::string& path, int line, int column) {
  if (line <= 0) return path;
  if (column <= 0) return fmt::format("{}:{}", path, line);
  return fmt::format("{}:{}:{}", path, line, column);
}
}  // namespace

ConfigError::ConfigError(const std::string& path, int line, int column, const std::string& message)
    : UsageError(fmt::format("{}: {}", position(path, line, column), message)) {}

}  // namespace pyspace::core
