// Stub boost/program_options.hpp for wattlint-cxx: the declarations a model
// that reads its sizes from the command line (vm["ngf"].as<size_t>()) and its
// main() compile against. Values are never computed: a read by key is a named
// hole that --arg KEY=VALUE binds. Built into the binary.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost {
namespace program_options {

class value_semantic {
public:
  virtual ~value_semantic() = default;
};

template <class T> class typed_value : public value_semantic {
public:
  typed_value *default_value(const T &V);
  typed_value *default_value(const T &V, const std::string &Text);
  typed_value *implicit_value(const T &V);
  typed_value *required();
  typed_value *multitoken();
  typed_value *composing();
  typed_value *zero_tokens();
  typed_value *notifier(void (*F)(const T &));
};

template <class T> typed_value<T> *value();
template <class T> typed_value<T> *value(T *Store);
typed_value<bool> *bool_switch();
typed_value<bool> *bool_switch(bool *Store);

class option_description {};

class options_description_easy_init {
public:
  options_description_easy_init &operator()(const char *Name, const char *Description);
  options_description_easy_init &operator()(const char *Name, const value_semantic *S);
  options_description_easy_init &operator()(const char *Name, const value_semantic *S,
                                            const char *Description);
};

class options_description {
public:
  options_description();
  explicit options_description(const std::string &Caption, unsigned LineLength = 80,
                               unsigned MinDescriptionLength = 40);
  options_description_easy_init add_options();
  options_description &add(const options_description &Other);
};

class positional_options_description {
public:
  positional_options_description &add(const char *Name, int MaxCount);
};

class variable_value {
public:
  template <class T> const T &as() const;
  template <class T> T &as();
  bool empty() const;
  bool defaulted() const;
};

class variables_map : public std::map<std::string, variable_value> {
public:
  variables_map();
  const variable_value &operator[](const std::string &Name) const;
  variable_value &operator[](const std::string &Name);
};

class parsed_options {};

template <class Char> class basic_command_line_parser {
public:
  basic_command_line_parser(int Argc, const Char *const Argv[]);
  basic_command_line_parser &options(const options_description &D);
  basic_command_line_parser &positional(const positional_options_description &D);
  basic_command_line_parser &allow_unregistered();
  parsed_options run();
};
using command_line_parser = basic_command_line_parser<char>;

parsed_options parse_command_line(int Argc, const char *const Argv[], const options_description &D,
                                  int Style = 0);
parsed_options parse_config_file(const char *Path, const options_description &D,
                                 bool AllowUnregistered = false);
void store(const parsed_options &Options, variables_map &Map);
void notify(variables_map &Map);

} // namespace program_options
} // namespace boost
