#include "python/fork.h"

#include <errno.h>
#include <unistd.h>

#include "python/python_api.h"

namespace pyspace::python {
namespace {

void flush_stream(const char* name) {
  PyObject* stream = PySys_GetObject(name);  // borrowed
  if (stream == nullptr || stream == Py_None) return;
  PyObject* result = PyObject_CallMethod(stream, "flush", nullptr);
  if (result == nullptr) PyErr_Clear();  // a closed or broken stream: nothing to write out
  Py_XDECREF(result);
}

}  // namespace

int fork_interpreter() {
  flush_stream("stdout");
  flush_stream("stderr");
  PyOS_BeforeFork();
  const pid_t pid = fork();
  const int saved = errno;
  if (pid == 0) {
    PyOS_AfterFork_Child();
  } else {
    PyOS_AfterFork_Parent();
  }
  errno = saved;
  return pid;
}

}  // namespace pyspace::python
