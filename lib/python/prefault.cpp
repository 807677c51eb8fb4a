#include "python/prefault.h"

#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>

#include "python/python_api.h"

namespace pyspace::python {
namespace {

const uintptr_t kPage = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));

// Populates [start, end) rounded out to pages; false when the kernel cannot (before 5.14).
bool populate(uintptr_t start, uintptr_t end) {
  start &= ~(kPage - 1);
  end = (end + kPage - 1) & ~(kPage - 1);
  if (end <= start) return true;
  return madvise(reinterpret_cast<void*>(start), end - start, MADV_POPULATE_WRITE) == 0 ||
         errno != EINVAL;
}

// ---- pymalloc arenas ----------------------------------------------------------------------

void* map_populated(void* /*context*/, size_t size) {
  void* arena = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  return arena == MAP_FAILED ? nullptr : arena;  // pymalloc handles NULL as out of memory
}

void unmap(void* /*context*/, void* arena, size_t size) {
  if (arena) munmap(arena, size);
}

// ---- malloc's heap -----------------------------------------------------------------------

PyMemAllocatorEx g_raw;                     // the wrapped raw allocator (malloc)
std::atomic<uintptr_t> g_populated_end{0};  // the program break when last populated
std::atomic<bool> g_heap_populating{true};  // false once the kernel said it cannot

// Limits, so that a large buffer a program never fills (calloc'd zeros, say) is not committed:
// at most this much of one heap growth, and blocks up to this size (malloc maps blocks from
// 128 KiB on with mmap: a dict table of the interned strings, a large file read).
constexpr uintptr_t kMaxHeapGrowth = 4u << 20;
constexpr size_t kMinLargeBlock = 64u << 10;
constexpr size_t kMaxLargeBlock = 1u << 20;

// After an allocation of `size` bytes at `block`: if malloc moved the program break, populate
// what it added; a large block is populated whole (already resident pages cost nothing). sbrk(0)
// reads glibc's cached break (no system call). A trimmed heap lowers the mark again.
void after_allocation(void* block, size_t size) {
  if (!block || !g_heap_populating.load(std::memory_order_relaxed)) return;
  const auto brk = reinterpret_cast<uintptr_t>(sbrk(0));
  const uintptr_t previous = g_populated_end.exchange(brk, std::memory_order_relaxed);
  bool supported = true;
  if (brk > previous) supported = populate(previous, std::min(brk, previous + kMaxHeapGrowth));
  if (supported && size >= kMinLargeBlock && size <= kMaxLargeBlock) {
    const auto start = reinterpret_cast<uintptr_t>(block);
    supported = populate(start, start + size);
  }
  if (!supported) g_heap_populating.store(false, std::memory_order_relaxed);
}

void* raw_malloc(void* context, size_t size) {
  void* block = g_raw.malloc(context, size);
  after_allocation(block, size);
  return block;
}

void* raw_calloc(void* context, size_t count, size_t size) {
  void* block = g_raw.calloc(context, count, size);
  after_allocation(block, count * size);  // calloc checked the product
  return block;
}

void* raw_realloc(void* context, void* block, size_t size) {
  void* moved = g_raw.realloc(context, block, size);
  after_allocation(moved, size);
  return moved;
}

void raw_free(void* context, void* block) { g_raw.free(context, block); }

// ---- the executable's data ---------------------------------------------------------------

int populate_main_program_data(struct dl_phdr_info* info, size_t /*size*/, void* /*data*/) {
  // The first object reported is the main program. Its RELRO part is read-only by now.
  uintptr_t relro_end = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type == PT_GNU_RELRO)
      relro_end = (info->dlpi_addr + segment.p_vaddr + segment.p_memsz + kPage - 1) & ~(kPage - 1);
  }
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || !(segment.p_flags & PF_W)) continue;
    const uintptr_t start = info->dlpi_addr + segment.p_vaddr;
    const uintptr_t end = start + segment.p_memsz;
    populate(start < relro_end && relro_end < end ? relro_end : start, end);
  }
  return 1;  // stop after the main program
}

}  // namespace

void use_populated_arenas() {
  PyObjectArenaAllocator allocator{nullptr, map_populated, unmap};
  PyObject_SetArenaAllocator(&allocator);
}

void populate_heap_growth() {
  static bool installed = false;  // a restarted interpreter must not wrap the wrapper
  if (installed) return;
  installed = true;
  PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &g_raw);
  g_populated_end.store(reinterpret_cast<uintptr_t>(sbrk(0)), std::memory_order_relaxed);
  PyMemAllocatorEx wrapper{g_raw.ctx, raw_malloc, raw_calloc, raw_realloc, raw_free};
  PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &wrapper);
}

void populate_writable_data() { dl_iterate_phdr(populate_main_program_data, nullptr); }

}  // namespace pyspace::python
