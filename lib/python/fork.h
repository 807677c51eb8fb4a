// Forking the process that runs the embedded interpreter (supervised runs, lib/run). No Python.h here.
#pragma once

namespace pyspace::python {

// fork(2) as os.fork() does it: Python's fork hooks (PyOS_BeforeFork, PyOS_AfterFork_Parent /
// _Child: the child's interpreter has only this thread, its locks reset). Python's own
// sys.stdout and sys.stderr are flushed first, so that neither process writes out what the
// other had buffered. Returns the child's pid in the parent, 0 in the child, -1 (errno set)
// when no child could be made. CONTRACT: GIL held; in the child too on return.
int fork_interpreter();

}  // namespace pyspace::python
