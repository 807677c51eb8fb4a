// GIL scopes. No Python.h here.
#pragma once

namespace pyspace::python {

// Releases the GIL held by this thread for the scope (blocking waits in watch mode), so Python
// threads started by tests keep running. CONTRACT: the GIL is held on entry.
class GilRelease {
 public:
  GilRelease();
  ~GilRelease();
  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  void* state_;
};

// Acquires the GIL for a thread that may not hold it (signal-safe code must not use this).
class GilAcquire {
 public:
  GilAcquire();
  ~GilAcquire();
  GilAcquire(const GilAcquire&) = delete;
  GilAcquire& operator=(const GilAcquire&) = delete;

 private:
  int state_;
};

}  // namespace pyspace::python
