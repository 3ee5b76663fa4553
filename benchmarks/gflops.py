#!/usr/bin/python3
"""GFLOP/s from the JMH JSON of MatmulBenchmark and OpsBenchmark (-rf json -rff FILE).

usage: benchmarks/gflops.py FILE.json
Flops: matmul forward 2·rows·C·OC, backward 4·512·C·OC (MEDIUM shapes, see MatmulBenchmark);
attend 4·hd·T(T+1)/2·H for one sequence; attentionBackward 8·hd·T(T+1)/2·H·B (B = 4);
LayerNorm and GELU as elements per second (T·C and T·4C).
"""
import json
import sys

D, V, T, H, B = 384, 100, 128, 6, 4
HD = D // H
SHAPES = {"qkv": (D, 3 * D), "proj": (D, D), "fc1": (D, 4 * D), "fc2": (4 * D, D), "head": (D, V)}
ATT = T * (T + 1) // 2 * HD * H


def work(bench, params):
    name = bench.rsplit(".", 1)[1]
    if "MatmulBenchmark" in bench:
        c, oc = SHAPES[params["matmul"]]
        if name == "forward":
            return 2.0 * int(params["rows"]) * c * oc, "GFLOP/s"
        return 4.0 * 512 * c * oc, "GFLOP/s"
    return {
        "attend": (4.0 * ATT, "GFLOP/s"),
        "attentionBackward": (8.0 * ATT * B, "GFLOP/s"),
        "layerNormForward": (T * D, "G elements/s"),
        "layerNormBackward": (T * D, "G elements/s"),
        "geluForward": (T * 4 * D, "G elements/s"),
        "geluBackward": (T * 4 * D, "G elements/s"),
    }[name]


def main(path):
    rows = json.load(open(path))
    print("| benchmark | params | time (µs, mean ± error) | rate |")
    print("|---|---|---:|---:|")
    for r in rows:
        params = r.get("params", {})
        score, err, unit = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], r["primaryMetric"]["scoreUnit"]
        us = score * {"us/op": 1, "ms/op": 1e3, "ns/op": 1e-3}[unit]
        amount, rate_unit = work(r["benchmark"], params)
        p = ", ".join("%s=%s" % kv for kv in sorted(params.items()))
        print("| %s | %s | %.1f ± %.1f | %.2f %s |" % (r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[1],
                                                    p, us, err * us / score if score else 0, amount / us / 1e3, rate_unit))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: gflops.py FILE.json")
    main(sys.argv[1])
