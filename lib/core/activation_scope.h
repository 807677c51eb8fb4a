// Activation of a space (anything with activate() and deactivate()) as a scope.
#pragma once

#include <exception>

namespace pyspace::core {

// The destructor never terminates the process: while an exception unwinds, a failing
// deactivation is dropped (the first error is the one reported); otherwise its exception
// propagates to the caller.
template <typename Space>
class ActivationScope {
 public:
  explicit ActivationScope(Space& space) : space_(space), unwinding_(std::uncaught_exceptions()) {
    space_.activate();
  }
  ~ActivationScope() noexcept(false) {
    if (std::uncaught_exceptions() > unwinding_) {
      try {
        space_.deactivate();
      } catch (...) {
      }
      return;
    }
    space_.deactivate();
  }
  ActivationScope(const ActivationScope&) = delete;
  ActivationScope& operator=(const ActivationScope&) = delete;

 private:
  Space& space_;
  int unwinding_;
};

}  // namespace pyspace::core
