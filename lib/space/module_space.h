// ModuleSpace: the C++ face of a module space (the logic lives in space.py, embedded as
// `_pyspace.space.space`; see docs/architecture.md). CONTRACT for every member: the calling thread
// holds the GIL. Python exceptions come out as python::PythonError.
#pragma once

#include <string>
#include <vector>

#include "core/activation_scope.h"
#include "python/object.h"

namespace pyspace::space {

struct TeardownReport {
  std::vector<std::string> changes;  // what deactivations found changed and put back
  std::vector<std::string> leaks;    // modules alive after close (only with check_leaks)
  std::vector<std::string> notices;  // where module placement left its rule, and why
};

class ModuleSpace {
 public:
  // A child of `parent`, or of the root when null. The parent must outlive the child.
  explicit ModuleSpace(const ModuleSpace* parent = nullptr);
  ~ModuleSpace();  // closes the space (without a leak check) unless close() was called
  ModuleSpace(const ModuleSpace&) = delete;
  ModuleSpace& operator=(const ModuleSpace&) = delete;

  std::vector<std::string> path() const;
  void set_path(const std::vector<std::string>& path);
  std::vector<std::string> argv() const;
  void set_argv(const std::vector<std::string>& argv);
  // Top-level module names imported in the root and shared by every space.
  void add_shared(const std::string& module);
  // A module (or package) the space imports itself from its own path although the root has it:
  // another version of an installed package, a fresh copy of `logging` (local_modules.py).
  // A name the interpreter needs one copy of: core::UsageError.
  void add_local(const std::string& module);

  // A fake shadows the real module inside this space (and its children) only.
  void fake_module(const std::string& name, const python::Object& module);
  // A .py file executed afresh as module `name` in this space. Missing file: core::UsageError.
  void fake_file(const std::string& name, const std::string& path);
  // `name` cannot be imported in this space (ModuleNotFoundError).
  void block(const std::string& name);

  void activate();    // re-entrant; one active stack per process
  void deactivate();  // restores table, sys, shared namespaces, process state

  // RAII activation (core/activation_scope.h: never terminates the process).
  using Active = core::ActivationScope<ModuleSpace>;

  python::Object import_(const std::string& name);  // activates for the call
  void exec(const std::string& source);             // in the space's own namespace
  python::Object eval(const std::string& expression);
  // What deactivations found changed (and restored) so far.
  std::vector<std::string> changes() const;

  TeardownReport close(bool check_leaks = false);
  bool closed() const { return closed_; }

  // The Python `_pyspace.space.ModuleSpace` object (for lib/ code that passes it to Python).
  const python::Object& handle() const { return space_; }

 private:
  python::Object space_;
  bool closed_ = false;
};

}  // namespace pyspace::space
