"""What a fresh page of memory costs on this machine: first-touch page faults vs bulk mapping.

    python3 bench/fault_cost.py [--mib 16] [--rounds 5]

Maps anonymous memory three ways and prints microseconds per 4 KiB page (median of the rounds):
  touch     mmap, then write one byte per page (one page fault per page: what an allocator's
            fresh memory costs when the program first writes it)
  populate  mmap with MAP_POPULATE (the kernel backs every page in the call)
  +touch    writing the populated pages afterwards
pyspace-test maps pymalloc arenas with MAP_POPULATE and populates malloc's heap growth and its
own data segment (lib/python/prefault.h) because `touch` costs several times `populate + touch`
on the virtual machines it was measured on (docs/performance.md §6).
"""
import argparse
import mmap
import statistics
import time

PAGE = mmap.PAGESIZE


def per_page(seconds, size):
    return seconds * 1e6 / (size // PAGE)


def touch(memory, size):
    start = time.perf_counter()
    for offset in range(0, size, PAGE):
        memory[offset] = 1
    return time.perf_counter() - start


def one_round(size):
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    plain = mmap.mmap(-1, size, flags=flags)
    touched = touch(plain, size)
    plain.close()
    start = time.perf_counter()
    populated = mmap.mmap(-1, size, flags=flags | mmap.MAP_POPULATE)
    populating = time.perf_counter() - start
    touched_after = touch(populated, size)
    populated.close()
    return per_page(touched, size), per_page(populating, size), per_page(touched_after, size)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    size = args.mib << 20
    rounds = [one_round(size) for _ in range(args.rounds)]
    touch_us, populate_us, after_us = (statistics.median(column) for column in zip(*rounds))
    print(f"{args.mib} MiB, {args.rounds} rounds, median us per {PAGE}-byte page:")
    print(f"  touch (page faults)   {touch_us:6.2f}")
    print(f"  populate (mmap call)  {populate_us:6.2f}")
    print(f"  +touch afterwards     {after_us:6.2f}")
    print(f"  touch / (populate + touch) = {touch_us / (populate_us + after_us):.1f}x")


if __name__ == "__main__":
    main()
