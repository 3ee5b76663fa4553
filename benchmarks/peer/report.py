#!/usr/bin/python3
"""Reads the RESULT lines that benchmarks/peer/run collected and prints medians and ratios.

usage: report.py <results file> [--csv FILE]; lines are `<side> <round> RESULT <name> <median> <unit> <min> <max> <runs>`,
side being modelkit or pytorch. Per side and figure the median over rounds of the per-round medians;
the ratio is ModelKit's speed over PyTorch's (above 1: ModelKit is faster), whatever the unit.
With --csv, the same medians also go to FILE (side,work,unit,median,rounds), after `#` lines of
provenance (date, machine, versions, command) taken from the `#` lines the run printed, so that a
notebook can read the recorded figures and say where they came from.
"""
import statistics
import sys

ORDER = ["create_TINY", "create_SMALL", "create_MEDIUM", "forward_MEDIUM_T128", "generate_MEDIUM",
         "train_TINY_B8_T64", "train_SMALL_B8_T128"]


def main(path, csv_path=None, provenance=()):
    results = {}  # (side, name) -> [medians]; name -> unit
    units = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 6 or parts[2] != "RESULT":
                continue
            side, name, median, unit = parts[0], parts[3], float(parts[4]), parts[5]
            results.setdefault((side, name), []).append(median)
            units[name] = unit
    have_torch = any(side == "pytorch" for side, _ in results)
    head = "| work | unit | ModelKit (median of rounds; per round) | PyTorch (median of rounds; per round) | ModelKit speed ÷ PyTorch speed |"
    print(head)
    print("|---|---|---:|---:|---:|")
    for name in ORDER + sorted(n for n in units if n not in ORDER):
        if name not in units:
            continue
        unit = units[name]
        mk = results.get(("modelkit", name), [])
        pt = results.get(("pytorch", name), [])
        cell = lambda v: "%.2f (%s)" % (statistics.median(v), ", ".join("%.2f" % x for x in v)) if v else "—"
        ratio = "—"
        if mk and pt:
            a, b = statistics.median(mk), statistics.median(pt)
            ratio = "%.2f×" % ((b / a) if unit == "ms" else (a / b))
        print("| %s | %s | %s | %s | %s |" % (name, unit, cell(mk), cell(pt), ratio))
    if not have_torch:
        print("\n(PyTorch was not available: ModelKit side only.)")
    if csv_path:
        with open(csv_path, "w") as out:
            for line in provenance:
                out.write("# " + line.lstrip("# ").rstrip() + "\n")
            out.write("side,work,unit,median,rounds\n")
            for (side, name), v in sorted(results.items()):
                out.write("%s,%s,%s,%.4f,%d\n" % (side, name, units[name], statistics.median(v), len(v)))


if __name__ == "__main__":
    args = sys.argv[1:]
    csv_path = None
    if "--csv" in args:
        i = args.index("--csv")
        if i + 1 >= len(args):
            sys.exit("--csv needs a file name; usage: report.py <results file> [--csv FILE]")
        csv_path = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit("usage: report.py <results file> [--csv FILE]")
    # Provenance: the '#' lines the run printed, passed on stdin-free via MODELKIT_PEER_PROVENANCE.
    import os
    prov = [l for l in os.environ.get("MODELKIT_PEER_PROVENANCE", "").split("\n") if l.strip()]
    main(args[0], csv_path, prov)
