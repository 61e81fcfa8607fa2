#!/usr/bin/env python3
"""Independent check of an `nnviz landscape` JSON file with numpy (no nnviz code involved).

Rebuilds θ and the objective from the file's `layers`, `data`, `loss`, `l2`, `l1` and `features` exactly
as scripts/check-inspect.py does (the features are applied here to the raw `data.x`), then recomputes
J(θ + alphas[i]·u + betas[j]·v) at every grid point and compares it with `loss_grid`; with `hessian`
directions also the second differences along u and v with `eigenvalues`. Exits 1 on a mismatch.

    nnviz landscape --preset loss-landscape --steps 200 --directions hessian --grid 21 --out /tmp/l.json
    python3 scripts/check-landscape.py /tmp/l.json
"""
import importlib.util
import json
import os
import sys

import numpy as np

_spec = importlib.util.spec_from_file_location("check_inspect", os.path.join(os.path.dirname(__file__), "check-inspect.py"))
ci = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ci)


def main(path):
    r = json.load(open(path))
    layers = r["layers"]
    x = np.array(r["data"]["x"], dtype=float)
    y = np.array(r["data"]["y"], dtype=float)
    if r.get("features"):
        x = np.stack([ci.FEATURES[name](x) for name in r["features"]], axis=1)
    l1 = r.get("l1", 0.0)
    theta, shapes = ci.unpack(layers)
    assert theta.size == r["parameter_count"], (theta.size, r["parameter_count"])
    u, v = np.array(r["u"], dtype=float), np.array(r["v"], dtype=float)

    def J(t):
        return ci.objective(t, layers, shapes, x, y, r["loss"], r["l2"], l1)

    worst = 0.0
    for i, a in enumerate(r["alphas"]):
        for j, b in enumerate(r["betas"]):
            ref = J(theta + a * u + b * v)
            got = r["loss_grid"][i][j]
            if got is None:
                worst = max(worst, 0.0 if not np.isfinite(ref) else np.inf)
                continue
            worst = max(worst, abs(got - ref) / max(1.0, abs(ref)))
    dj = abs(J(theta) - r["objective"]) / max(1.0, abs(r["objective"]))
    print(f"{path}: P = {theta.size}, n = {len(x)}, directions = {r['directions']}, l1 = {l1}, features = {r.get('features')}")
    print(f"objective: nnviz {r['objective']!r}, numpy {J(theta)!r}, relative difference {dj:.2e}")
    print(f"loss_grid ({len(r['alphas'])}x{len(r['betas'])}) vs numpy: max relative difference {worst:.2e}")
    ok = dj < 1e-12 and worst < 1e-10
    if r.get("eigenvalues"):
        h = 1e-4
        for name, d, lam in [("u", u, r["eigenvalues"][0]), ("v", v, r["eigenvalues"][1])]:
            second = (J(theta + h * d) - 2 * J(theta) + J(theta - h * d)) / (h * h)
            rel = abs(second - lam) / max(abs(lam), 1e-12)
            print(f"second difference along {name}: {second!r} vs eigenvalue {lam!r}, relative {rel:.2e}")
            ok = ok and rel < 1e-3
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
