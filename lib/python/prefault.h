// Pre-faulting the memory the interpreter is about to write. No Python.h here.
//
// On the virtual machines this was measured on, the first write to a 4 KiB page costs a page
// fault of 10-30 us, while mapping pages in bulk (MAP_POPULATE, MADV_POPULATE_WRITE) and then
// writing them costs 3-7 us a page (bench/fault_cost.py); a test run writes thousands of fresh
// pages (docs/performance.md §6). Contents are never changed: pre-faulting only does early, in
// one system call, what the first writes would do.
#pragma once

namespace pyspace::python {

// Makes pymalloc map each new arena (1 MiB) with MAP_POPULATE. Arenas are still returned with
// munmap when pymalloc frees them. Call before the interpreter starts (no arena may exist yet).
void use_populated_arenas();

// Wraps the raw memory domain (malloc, used by Python for blocks over 512 bytes) so that when
// malloc grows its heap (brk), the new part (up to 4 MiB of one growth) is populated right away,
// and so is a block of 64 KiB to 1 MiB (malloc maps those from 128 KiB on with mmap). Larger
// blocks are left to fault: a program may never fill them. Call after Py_PreInitialize, before
// Py_InitializeFromConfig. Thread-safe, as the raw domain must be.
void populate_heap_growth();

// Populates the executable's writable data segment, where CPython's static objects (types,
// interned strings of frozen modules) get written during start-up.
void populate_writable_data();

}  // namespace pyspace::python
