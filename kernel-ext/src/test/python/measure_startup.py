"""Measures kernel start-up as a user feels it (not a test).

Usage: /usr/bin/python3 measure_startup.py KERNEL_NAME [RUNS]   (kernelspec found via JUPYTER_PATH)

Per run: a fresh kernel process started by jupyter_client's KernelManager; the time from
start_kernel() to the execute_reply of the first cell ("1 + 1"). Prints every run and
min/median/mean/max in seconds.
"""
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def one_run(name):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive("1 + 1", timeout=120, output_hook=lambda m: None)
        elapsed = time.monotonic() - t0
        assert reply["content"]["status"] == "ok", reply
        return elapsed
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    name = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    one_run(name)  # warm-up: file-system caches, CDS archive
    times = [one_run(name) for _ in range(runs)]
    for i, t in enumerate(times, 1):
        print(f"run {i}: {t:.2f} s")
    print(f"start -> first execute_reply over {runs} runs: min {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s, mean {statistics.mean(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
