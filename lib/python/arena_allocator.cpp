#include "python/arena_allocator.h"

#include <sys/mman.h>

#include "python/python_api.h"

namespace pyspace::python {
namespace {

void* map_populated(void* /*context*/, size_t size) {
  void* arena = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  return arena == MAP_FAILED ? nullptr : arena;  // pymalloc handles NULL as out of memory
}

void unmap(void* /*context*/, void* arena, size_t size) {
  if (arena) munmap(arena, size);
}

}  // namespace

void use_populated_arenas() {
  PyObjectArenaAllocator allocator{nullptr, map_populated, unmap};
  PyObject_SetArenaAllocator(&allocator);
}

}  // namespace pyspace::python
