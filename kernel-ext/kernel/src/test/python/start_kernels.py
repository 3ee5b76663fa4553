"""Starts a kernel N times in a row with the real Jupyter client, each time up to its first result.

Usage: /usr/bin/python3 start_kernels.py KERNEL_NAME N   (kernelspec found through JUPYTER_PATH)

For each start: KernelManager.start_kernel (random ports, a written connection file), wait until
the kernel answers kernel_info, execute "1 + 1" and wait for its execute_result, then shut the
kernel down. Prints one JSON line per start:
  {"start": i, "ready_s": ..., "result_s": ..., "result": "2" or null, "error": ... or absent}
and a last line {"done": N, "seconds": total}.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager


def one_start(name):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=90)
        ready = time.monotonic() - t0
        reply = kc.execute_interactive("1 + 1", timeout=90, output_hook=lambda m: results.append(m))
        done = time.monotonic() - t0
        value = None
        for m in results:
            if m["msg_type"] == "execute_result":
                value = m["content"]["data"]["text/plain"]
        return {"ready_s": ready, "result_s": done, "result": value, "status": reply["content"]["status"]}
    finally:
        results.clear()
        kc.stop_channels()
        km.shutdown_kernel(now=True)


results = []


def main():
    name, n = sys.argv[1], int(sys.argv[2])
    started = time.monotonic()
    for i in range(n):
        try:
            out = one_start(name)
        except Exception as e:  # reported, and the next start still runs: the Java side asserts
            out = {"result": None, "error": type(e).__name__ + ": " + str(e)}
        out["start"] = i
        print(json.dumps(out), flush=True)
    print(json.dumps({"done": n, "seconds": time.monotonic() - started}), flush=True)


if __name__ == "__main__":
    main()
