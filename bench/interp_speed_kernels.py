"""Pure-Python kernels timed in-process, for bench/interp_speed.py: run by `/usr/bin/python3` and
by `pyspace-test exec` (inside a module space), it prints one JSON object {kernel: seconds}, the
best of REPEAT timings of each kernel (the least disturbed by the machine's other load)."""
import json
import sys
import time

REPEAT = 5


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def kernel_recursion():
    fib(25)


def kernel_float_loop():
    # a small n-body step loop: attribute-free float arithmetic in nested loops
    bodies = [[float(i), float(i * 2), float(i * 3), 0.1 * i, 0.2 * i, 0.3 * i, 1.0 + i] for i in range(5)]
    for _ in range(8000):
        for i, (x1, y1, z1, *_rest) in enumerate(bodies):
            for other in bodies[i + 1:]:
                dx, dy, dz = x1 - other[0], y1 - other[1], z1 - other[2]
                mag = 0.01 / ((dx * dx + dy * dy + dz * dz + 0.01) ** 1.5)
                bodies[i][3] -= dx * other[6] * mag
                other[3] += dx * bodies[i][6] * mag
        for body in bodies:
            body[0] += 0.01 * body[3]


def kernel_dict_and_str():
    counts = {}
    words = ("alpha beta gamma delta epsilon zeta eta theta " * 50).split()
    for round_ in range(400):
        for word in words:
            key = word + str(round_ % 7)
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items())


def kernel_objects():
    class Node:
        __slots__ = ("value", "next")

        def __init__(self, value, next_node):
            self.value = value
            self.next = next_node

    head = None
    for i in range(200000):
        head = Node(i, head)
    total = 0
    while head is not None:
        total += head.value
        head = head.next
    return total


def kernel_generators():
    return sum(x * x for x in range(600000) if x % 3) + len([y for y in range(300000) if y & 1])


KERNELS = {name[len("kernel_"):]: function for name, function in globals().items()
           if name.startswith("kernel_")}


def main():
    best = {}
    for name, kernel in KERNELS.items():
        kernel()  # warm-up (specialisation on 3.11+)
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            kernel()
            times.append(time.perf_counter() - start)
        best[name] = min(times)
    json.dump(best, sys.stdout)
    print()


if __name__ == "__main__":
    main()
