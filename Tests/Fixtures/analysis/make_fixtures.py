"""Writes the NNAnalysis test fixtures from the reference benchmark's own generators.

The figures of the PyTorch/JAX reference benchmark (a folder outside this repository that holds
`ref_mlp.py`: exact Hessians, regioncam region counts) come from numpy-RNG weights and data; instead of porting numpy's generators, this script dumps those exact weights
and data once (θ in nnviz order: per layer W row-major (out x in), then b) next to the reference numbers.
Run from the repository root:  python3 Tests/Fixtures/analysis/make_fixtures.py REFERENCE_DIR
(or set NNVIZ_BENCH_REF=REFERENCE_DIR; the same variable scripts/bench-compare.py reads).
"""
import json, os, sys
bench = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NNVIZ_BENCH_REF", "")
if not bench:
    sys.exit("usage: make_fixtures.py REFERENCE_DIR (the folder holding ref_mlp.py), or set NNVIZ_BENCH_REF")
sys.path.insert(0, bench)
import numpy as np
from ref_mlp import make_data, init_params, CONFIGS  # noqa: E402

out = os.path.dirname(os.path.abspath(__file__))

def theta(ps):
    return [float(v) for W, b in ps for v in list(W.reshape(-1)) + list(b)]

ref = {}
for line in open(os.path.join(bench, "results-reference.jsonl")):
    d = json.loads(line)
    if d.get("kind") == "mlp" and d.get("dtype") == "float64" and d.get("framework") == "jax" and d.get("threads") == 1:
        ref[d["config"]] = d
for cid in ["C1", "C2", "C4"]:
    cfg = CONFIGS[cid]
    X, Y = make_data(cid)
    r = ref[cid]
    json.dump({"config": cid, "sizes": cfg["layers"], "activation": cfg["act"],
               "loss": "mse" if cfg["task"] == "regression" else "bce_with_logits",
               "theta": theta(init_params(cfg["layers"], 0)),
               "x": [float(v) for v in X.reshape(-1)], "y": [float(v) for v in Y.reshape(-1)],
               "loss0": r["loss0"], "hess_trace": r["hess_trace"], "eig_min": r["eig_min"], "eig_max": r["eig_max"],
               "eig_n_neg": r.get("eig_n_neg")},
              open(os.path.join(out, f"{cid}.json"), "w"))

for line in open(os.path.join(bench, "results-anchors.jsonl")):
    d = json.loads(line)
    if d.get("kind") != "regions":
        continue
    ps = [(W.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64))
          for W, b in init_params(d["layers"], d["seed"])]
    s = d["box"][0][1]
    json.dump({"net": d["net"], "sizes": d["layers"], "box": s, "theta": theta(ps),
               "exact_per_layer": d["regions_after_hidden_layer"],
               "grid_per_layer_1024": d["grid_regions_after_hidden_layer"]},
              open(os.path.join(out, f"{d['net']}-box{int(s)}.json"), "w"))
