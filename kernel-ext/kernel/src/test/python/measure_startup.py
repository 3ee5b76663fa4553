"""Measures the ModelKit kernel beside a reference kernel (ipykernel), in the same run (not a test).

Usage: /usr/bin/python3 measure_startup.py KERNEL_NAME [RUNS] [--reference NAME] [--also NAME]... [--cells N]
       (kernelspecs found via JUPYTER_PATH; the reference defaults to "python3", ipykernel;
       each --also adds a kernel measured in the same turns, e.g. an older build of ours)

Everything goes through jupyter_client, as a notebook server would. The two kernels take turns
inside each run, so load on the machine hits both alike. Figures, in milliseconds:
  start -> first result   a fresh kernel: start_kernel() to the execute_reply of "1 + 1"
  first MEDIUM cell       another fresh kernel, once it has answered "1 + 1": the round trip of
                          the cell that builds a MEDIUM model (the reference runs "x = 1")
  per-cell floor          one warm kernel: median round trip (execute_request sent -> execute_reply
                          received) of N cells that do nothing ("" for Java; "x = 1" and "" for
                          the reference)
Each start-up figure is over RUNS fresh kernels (default 5) after one warm-up start per kernel.
Every kernel's medians are also given as a ratio to the reference's.
"""
import statistics
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

MEDIUM_JAVA = ("var m = dev.modelkit.model.Transformer.builder()"
               ".preset(dev.modelkit.model.Preset.MEDIUM).build();")
MEDIUM_REFERENCE = "x = 1"


def round_trip(kc, code, timeout=120):
    """Seconds from sending execute_request to receiving its execute_reply; waits for idle after."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code, store_history=True)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply["content"]
    while True:  # keep IOPub in step with shell for the next cell
        msg = kc.get_iopub_msg(timeout=timeout)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return elapsed


class Kernel:
    def __init__(self, name):
        self.name = name
        self.km = KernelManager(kernel_name=name)

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        return self

    def __exit__(self, *exc):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def start_to_first_result(name):
    with Kernel(name) as k:
        k.kc.wait_for_ready(timeout=120)
        round_trip(k.kc, "1 + 1")
        return time.perf_counter() - k.t0


def first_medium_cell(name, code):
    with Kernel(name) as k:
        k.kc.wait_for_ready(timeout=120)
        round_trip(k.kc, "1 + 1")  # the kernel has started and answered a first cell
        return round_trip(k.kc, code)


def floor(name, codes, cells):
    with Kernel(name) as k:
        k.kc.wait_for_ready(timeout=120)
        for _ in range(10):  # warm-up: JIT, first compilation
            for code in codes:
                round_trip(k.kc, code)
        return {code: statistics.median(round_trip(k.kc, code) for _ in range(cells)) for code in codes}


def describe(values):
    ms = sorted(v * 1000 for v in values)
    return f"median {statistics.median(ms):7.1f}  min {ms[0]:7.1f}  max {ms[-1]:7.1f}"


def main():
    args = sys.argv[1:]
    reference, cells, also = "python3", 50, []
    while "--also" in args:
        i = args.index("--also")
        if i + 1 >= len(args):
            sys.exit("--also needs a kernel name\n" + __doc__.splitlines()[2])
        also.append(args[i + 1])
        del args[i:i + 2]
    if "--reference" in args:
        i = args.index("--reference")
        reference = args[i + 1]
        del args[i:i + 2]
    if "--cells" in args:
        i = args.index("--cells")
        cells = int(args[i + 1])
        del args[i:i + 2]
    name = args[0]
    runs = int(args[1]) if len(args) > 1 else 5
    kernels = [name] + also + [reference]
    specs = KernelSpecManager()
    java = {k: specs.get_kernel_spec(k).language == "java" for k in kernels}
    medium = {k: MEDIUM_JAVA if java[k] else MEDIUM_REFERENCE for k in kernels}

    for k in kernels:  # warm-up: file-system caches, CDS archive, .pyc files
        start_to_first_result(k)
    start = {k: [] for k in kernels}
    first = {k: [] for k in kernels}
    for _ in range(runs):
        for k in kernels:
            start[k].append(start_to_first_result(k))
            first[k].append(first_medium_cell(k, medium[k]))
    floors = {k: floor(k, [""] if java[k] else ["x = 1", ""], cells) for k in kernels}

    print(f"{'figure (ms)':<44}" + "".join(f"{k:>12}" for k in kernels))
    print(f"{'start -> first result, median of ' + str(runs):<44}"
          + "".join(f"{statistics.median(start[k]) * 1000:12.0f}" for k in kernels))
    print(f"{'first MEDIUM cell (python: x = 1), median':<44}"
          + "".join(f"{statistics.median(first[k]) * 1000:12.0f}" for k in kernels))
    print(f"{'per-cell floor, empty cell, median of ' + str(cells):<44}"
          + "".join(f"{floors[k][''] * 1000:12.1f}" for k in kernels))
    if "x = 1" in floors[reference]:
        print(f"{'per-cell floor, x = 1 (reference only)':<44}" + " " * 12 * (len(kernels) - 1)
              + f"{floors[reference]['x = 1'] * 1000:12.1f}")
    ref_start = statistics.median(start[reference])
    ref_floor = floors[reference].get("x = 1", floors[reference][""])
    for k in kernels[:-1]:
        print(f"{k}: start -> first result {statistics.median(start[k]) / ref_start:.2f}x {reference}'s; "
              f"empty cell {floors[k][''] / ref_floor:.2f}x {reference}'s {'x = 1' if 'x = 1' in floors[reference] else 'empty cell'}")
    for k in kernels:
        print(f"{k}: start -> first result {describe(start[k])}")
        print(f"{k}: first MEDIUM cell      {describe(first[k])}")


if __name__ == "__main__":
    main()
