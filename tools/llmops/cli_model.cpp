#include "cli_model.hpp"

#include <cctype>

namespace llmops::cli {

namespace {

// The fixed set of values behind a CLI::IsMember check: CLI11 shows it as "TEXT:{a,b,c}".
std::vector<std::string> choices_of(const CLI::Option& option)
{
  const std::string type = option.get_type_name();
  auto open = type.find('{');
  auto close = type.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return {};
  }
  std::vector<std::string> out;
  std::string current;
  for (char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  out.push_back(current);
  return out;
}

OptionDoc describe_option(const CLI::Option& option)
{
  OptionDoc doc;
  for (const auto& name : option.get_snames()) {
    doc.names.push_back("-" + name);
  }
  for (const auto& name : option.get_lnames()) {
    doc.names.push_back("--" + name);
  }
  if (option.get_positional()) {
    doc.names = {option.get_name(true)};
  }
  doc.description = option.get_description();
  doc.required = option.get_required();
  doc.repeatable = option.get_expected_max() > 1;
  if (option.get_expected_max() > 0) { // a flag expects no value
    doc.value_optional = option.get_expected_min() == 0;
    doc.choices = choices_of(option);
    std::string text = option.get_option_text(); // "DIR", "[=BASE]", or nothing
    if (text.starts_with("[=") && text.ends_with("]")) {
      text = text.substr(2, text.size() - 3);
    }
    if (text.empty()) {
      // --min-severity -> MIN_SEVERITY; a positional argument's name is already upper case.
      text = doc.names.back();
      text.erase(0, text.find_first_not_of('-'));
      for (char& c : text) {
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
    doc.value_name = text;
  }
  return doc;
}

} // namespace

CommandDoc describe_app(const CLI::App& app, const std::string& program)
{
  CommandDoc doc;
  doc.name = app.get_parent() ? app.get_name() : program;
  doc.description = app.get_description();
  doc.footer = app.get_footer();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) {
      continue;
    }
    (option->get_positional() ? doc.positionals : doc.options).push_back(describe_option(*option));
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (!sub->get_group().empty()) {
      doc.subcommands.push_back(describe_app(*sub, program));
    }
  }
  return doc;
}

} // namespace llmops::cli
