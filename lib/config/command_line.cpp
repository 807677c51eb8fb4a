#include "config/command_line.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "core/errors.h"

namespace pyspace::config {

namespace {

bool is_long(std::string_view name) { return name.size() > 2 && name.substr(0, 2) == "--"; }

// argparse's name in errors: every name, '/'-joined ("--junitxml/--junit-xml", "-k").
std::string display_name(const OptionSpec& spec) {
  std::string text;
  for (auto name : spec.names) {
    if (!text.empty()) text += '/';
    text += name;
  }
  return text;
}

const OptionSpec* find_option(std::string_view name, const std::vector<OptionSpec>& table) {
  for (const auto& spec : table)
    for (auto candidate : spec.names)
      if (candidate == name) return &spec;
  return nullptr;
}

bool takes_value(const OptionSpec& spec) {
  return spec.action == OptionAction::Store || spec.action == OptionAction::Append ||
         spec.action == OptionAction::StoreOptional || spec.action == OptionAction::AppendOptional;
}

// argparse's test for "this word is an option, not a value" (_parse_optional): starts with '-',
// is not "-" alone, and has no space (argparse takes "-x y" with a space as a value) unless it
// begins with a known option and its value: "--log-format=%(message)s here", "-kfoo or bar".
bool looks_like_option(std::string_view word, const std::vector<OptionSpec>& table) {
  if (word.size() < 2 || word[0] != '-') return false;
  // argparse: "-1", "-.5" are values (no option of the table looks like a negative number).
  if (std::isdigit(static_cast<unsigned char>(word[1])) ||
      (word[1] == '.' && word.size() > 2 && std::isdigit(static_cast<unsigned char>(word[2]))))
    return false;
  if (word.find(' ') == std::string_view::npos) return true;
  if (word[1] == '-') {
    const std::size_t equals = word.find('=');
    return equals != std::string_view::npos && find_option(word.substr(0, equals), table) != nullptr;
  }
  return find_option(word.substr(0, 2), table) != nullptr;
}

void check_value(const OptionSpec& spec, const std::string& value) {
  if (spec.type == ValueType::Int) {
    char* end = nullptr;
    errno = 0;
    long parsed = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || errno == ERANGE || parsed < -2147483647L || parsed > 2147483647L)
      throw core::UsageError(fmt::format("argument {}: invalid int value: '{}'", display_name(spec), value));
  } else if (spec.type == ValueType::Float) {
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0')
      throw core::UsageError(fmt::format("argument {}: invalid float value: '{}'", display_name(spec), value));
  }
  if (spec.choices.empty()) return;
  for (auto choice : spec.choices)
    if (choice == value) return;
  std::string listed;
  for (auto choice : spec.choices) listed += fmt::format("{}'{}'", listed.empty() ? "" : ", ", choice);
  throw core::UsageError(
      fmt::format("argument {}: invalid choice: '{}' (choose from {})", display_name(spec), value, listed));
}

// `written`: the option's name as the command line spelled it ("--lf", not "--last-failed").
void record(CommandLine& line, const OptionSpec& spec, std::string_view written,
            std::optional<std::string> value) {
  if (value) check_value(spec, *value);  // pytest's own refusal first
  if (!spec.supported) throw UnsupportedOption(fmt::format("pyspace-test does not support {} yet", written));
  auto& values = line.values[std::string(spec.dest)];
  switch (spec.action) {
    case OptionAction::StoreTrue: values = {"1"}; break;
    case OptionAction::StoreConst: values = {std::string(spec.constant)}; break;
    case OptionAction::Count: {
      int now = values.empty() ? 0 : std::atoi(values.back().c_str());
      values = {std::to_string(now + std::atoi(std::string(spec.constant).c_str()))};
      break;
    }
    case OptionAction::Store: values = {*value}; break;
    case OptionAction::StoreOptional: values = {value.value_or(std::string(spec.constant))}; break;
    case OptionAction::Append: values.push_back(*value); break;
    case OptionAction::AppendOptional: values.push_back(value.value_or(std::string(spec.constant))); break;
  }
}

}  // namespace

bool CommandLine::has(std::string_view dest) const { return values.find(dest) != values.end(); }

bool CommandLine::flag(std::string_view dest) const {
  auto it = values.find(dest);
  return it != values.end() && !it->second.empty() && it->second.back() == "1";
}

int CommandLine::count(std::string_view dest, int fallback) const {
  auto it = values.find(dest);
  if (it == values.end() || it->second.empty()) return fallback;
  return std::atoi(it->second.back().c_str());
}

std::optional<std::string> CommandLine::last(std::string_view dest) const {
  auto it = values.find(dest);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> CommandLine::all(std::string_view dest) const {
  auto it = values.find(dest);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

CommandLine parse_command_line(const std::vector<std::string>& args, const std::vector<OptionSpec>& table) {
  CommandLine line;
  std::vector<std::string> unrecognized;
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (options_ended || !looks_like_option(word, table)) {
      line.positional.push_back(word);
      continue;
    }
    if (word == "--") {
      options_ended = true;
      continue;
    }
    // The value that follows the option word, for options that take one.
    auto next_value = [&](const OptionSpec& spec) -> std::string {
      if (i + 1 >= args.size() || looks_like_option(args[i + 1], table))
        throw core::UsageError(fmt::format("argument {}: expected one argument", display_name(spec)));
      return args[++i];
    };
    if (is_long(word)) {
      const std::size_t equals = word.find('=');
      const std::string name = word.substr(0, equals);
      const OptionSpec* spec = find_option(name, table);
      if (!spec) {
        unrecognized.push_back(word);
        continue;
      }
      line.given.push_back(word);
      if (equals != std::string::npos) {
        if (!takes_value(*spec))
          throw core::UsageError(fmt::format("argument {}: ignored explicit argument '{}'", display_name(*spec),
                                             word.substr(equals + 1)));
        record(line, *spec, name, word.substr(equals + 1));
      } else if (spec->action == OptionAction::StoreOptional || spec->action == OptionAction::AppendOptional) {
        std::optional<std::string> value;
        if (i + 1 < args.size() && !looks_like_option(args[i + 1], table)) value = args[++i];
        record(line, *spec, name, value);
      } else if (takes_value(*spec)) {
        record(line, *spec, name, next_value(*spec));
      } else {
        record(line, *spec, name, std::nullopt);
      }
      continue;
    }
    // Short options, bundled: "-vvx", "-ra", "-kfoo", "-k=foo" (argparse's explicit argument).
    for (std::size_t at = 1; at < word.size(); ++at) {
      const std::string name = std::string("-") + word[at];
      const OptionSpec* spec = find_option(name, table);
      if (!spec) {
        unrecognized.push_back(at == 1 ? word : name);
        break;
      }
      line.given.push_back(name);
      if (!takes_value(*spec) && at + 1 < word.size() && word[at + 1] == '=')
        throw core::UsageError(fmt::format("argument {}: ignored explicit argument '{}'", display_name(*spec),
                                           word.substr(at + 2)));
      if (takes_value(*spec)) {
        std::string rest = word.substr(at + 1);
        if (!rest.empty() && rest[0] == '=') rest.erase(0, 1);
        record(line, *spec, name, rest.empty() ? next_value(*spec) : rest);
        break;
      }
      record(line, *spec, name, std::nullopt);
    }
  }
  if (!unrecognized.empty()) {
    std::string listed;
    for (const auto& word : unrecognized) listed += (listed.empty() ? "" : " ") + word;
    throw UnrecognizedArguments(fmt::format("unrecognized arguments: {}", listed));
  }
  return line;
}

std::string command_line_help(std::string_view usage, const std::vector<OptionSpec>& table) {
  auto describe = [](const OptionSpec& spec) {
    std::string names = display_name(spec);
    for (std::size_t at = 0; (at = names.find('/', at)) != std::string::npos;) names.replace(at, 1, ", ");
    if (spec.action == OptionAction::Store || spec.action == OptionAction::Append)
      names += spec.choices.empty() ? " VALUE" : " {" + [&] {
        std::string c;
        for (auto choice : spec.choices) c += (c.empty() ? "" : ",") + std::string(choice);
        return c;
      }() + "}";
    if (spec.action == OptionAction::StoreOptional) names += " [VALUE]";
    return names.size() < 30 ? fmt::format("  {:<30}{}\n", names, spec.help)
                             : fmt::format("  {}\n  {:<30}{}\n", names, "", spec.help);
  };
  std::string text = fmt::format("usage: {}\n\noptions:\n", usage);
  for (const auto& spec : table)
    if (spec.supported) text += describe(spec);
  text += "\npytest options pyspace-test does not support yet (a usage error when given):\n";
  for (const auto& spec : table)
    if (!spec.supported) text += describe(spec);
  return text;
}

}  // namespace pyspace::config
