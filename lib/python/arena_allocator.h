// Where pymalloc's arenas come from. No Python.h here.
#pragma once

namespace pyspace::python {

// Makes pymalloc map each new arena (1 MiB) with MAP_POPULATE: the kernel backs all of its pages
// in the mmap call instead of one page fault per 4 KiB page on first touch. On the virtual
// machines measured a fault costs ~15 us and a populated page ~2 us, and a test run's Python
// heap is thousands of pages (docs/performance.md). Arenas are still returned with munmap when
// pymalloc frees them. Call once, before the interpreter starts (no arena may exist yet).
void use_populated_arenas();

}  // namespace pyspace::python
