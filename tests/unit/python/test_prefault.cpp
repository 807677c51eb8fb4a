// The memory CPython writes is mapped in bulk (python/prefault.h): checked with mincore(2),
// which tells whether a page is resident without touching it.
#include <catch2/catch.hpp>

#include <string>

#include "python_eval.h"

using pyspace::testing::root_exec;

namespace {

const std::string kResident = R"(
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
PAGE = os.sysconf("SC_PAGE_SIZE")

def resident(address, length):
    start = address & ~(PAGE - 1)
    pages = (address + length - start + PAGE - 1) // PAGE
    vector = (ctypes.c_ubyte * pages)()
    if libc.mincore(start, pages * PAGE, vector) != 0:
        raise OSError(ctypes.get_errno(), "mincore")
    return [bool(flag & 1) for flag in vector]
)";

}  // namespace

TEST_CASE("a new pymalloc arena is resident before it is written", "[python][prefault]") {
  root_exec(kResident + R"(
Alloc = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
Free = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
class ArenaAllocator(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("alloc", Alloc), ("free", Free)]
allocator = ArenaAllocator()
ctypes.pythonapi.PyObject_GetArenaAllocator(ctypes.byref(allocator))
size = 1 << 20
arena = allocator.alloc(allocator.ctx, size)
assert arena, "no arena"
pages = resident(arena, size)
allocator.free(allocator.ctx, arena, size)
assert all(pages), f"{pages.count(False)} of {len(pages)} pages not resident"
)");
}

TEST_CASE("malloc's new heap is resident before Python writes it", "[python][prefault]") {
  root_exec(kResident + R"(
api = ctypes.pythonapi
api.PyMem_RawMalloc.restype = ctypes.c_void_p
api.PyMem_RawMalloc.argtypes = [ctypes.c_size_t]
api.PyMem_RawFree.argtypes = [ctypes.c_void_p]
libc.sbrk.restype = ctypes.c_void_p
libc.sbrk.argtypes = [ctypes.c_ssize_t]
before = libc.sbrk(0)
blocks = [api.PyMem_RawMalloc(60000) for _ in range(64)]  # under malloc's mmap threshold
after = libc.sbrk(0)
grown = [block for block in blocks if before <= block < after]
middles = [all(resident(block + 16384, 16384)) for block in grown]  # never written by malloc
for block in blocks:
    api.PyMem_RawFree(block)
assert after > before and grown, "the heap did not grow"
assert all(middles), f"{middles.count(False)} of {len(middles)} new blocks not resident"
)");
}

TEST_CASE("a large block malloc maps on its own is resident before Python writes it",
          "[python][prefault]") {
  root_exec(kResident + R"(
api = ctypes.pythonapi
api.PyMem_RawMalloc.restype = ctypes.c_void_p
api.PyMem_RawMalloc.argtypes = [ctypes.c_size_t]
api.PyMem_RawFree.argtypes = [ctypes.c_void_p]
size = 512 * 1024  # over malloc's initial mmap threshold, under the populate limit
block = api.PyMem_RawMalloc(size)
pages = resident(block + PAGE, size - 2 * PAGE)
api.PyMem_RawFree(block)
assert all(pages), f"{pages.count(False)} of {len(pages)} pages not resident"
)");
}

TEST_CASE("the executable's writable data is copied on write up front", "[python][prefault]") {
  // mincore cannot tell here (a file's pages are resident in the page cache): smaps counts the
  // pages this process has its own copy of ("Anonymous") in the executable's data mapping.
  root_exec(R"(
import os
exe = os.path.realpath("/proc/self/exe")
mappings = []
with open("/proc/self/smaps") as smaps:
    current = None
    for line in smaps:
        fields = line.split()
        if "-" in fields[0] and len(fields) >= 5:
            current = None
            if len(fields) >= 6 and fields[5] == exe and fields[1].startswith("rw"):
                current = {}
                mappings.append(current)
        elif current is not None and fields[0] in ("Size:", "Anonymous:"):
            current[fields[0]] = int(fields[1])
assert mappings, "no writable mapping of the executable"
for mapping in mappings:
    assert mapping["Anonymous:"] == mapping["Size:"], mapping
)");
}
