#!/usr/bin/env python3
"""Independent check of an `nnviz inspect` JSON file with numpy (no nnviz code involved).

Rebuilds the network from `layers` (weights, bias, activation, alpha, and the optional `normalization`
block: LayerNorm per point, BatchNorm with the batch statistics of the whole training set, the objective
`nnviz inspect` reports), recomputes the objective over `data` with `loss`, `l2` and `l1` (λ₁‖θ‖₁), and the
gradient by central differences in θ order (per layer: weights row-major, bias, then gamma, beta when
normalised). With `features`, the network's inputs are recomputed here from the raw `data.x`. Central
differences skip components with |θ_i| <= h when l1 > 0 (the L1 kink at 0; nnviz uses sign(0) = 0).
Prints the differences; exits 1 if they exceed the tolerances.

    nnviz inspect --preset layernorm-deep --out /tmp/i.json && python3 scripts/check-inspect.py /tmp/i.json
"""
import json
import sys

import numpy as np

ACT = {
    "relu": lambda u, a: np.maximum(u, 0.0),
    "leaky_relu": lambda u, a: np.where(u > 0, u, a * u),
    "tanh": lambda u, a: np.tanh(u),
    "sigmoid": lambda u, a: 1.0 / (1.0 + np.exp(-u)),
    "linear": lambda u, a: u,
    "abs": lambda u, a: np.abs(u),
    "softplus": lambda u, a: np.logaddexp(0.0, u),
}


FEATURES = {
    "x1": lambda x: x[:, 0], "x2": lambda x: x[:, 1], "x1^2": lambda x: x[:, 0] ** 2,
    "x2^2": lambda x: x[:, 1] ** 2, "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin(x1)": lambda x: np.sin(x[:, 0]), "sin(x2)": lambda x: np.sin(x[:, 1]),
    "cos(x1)": lambda x: np.cos(x[:, 0]), "cos(x2)": lambda x: np.cos(x[:, 1]),
    "x": lambda x: x[:, 0], "x^2": lambda x: x[:, 0] ** 2, "x^3": lambda x: x[:, 0] ** 3,
    "sin(x)": lambda x: np.sin(x[:, 0]), "cos(x)": lambda x: np.cos(x[:, 0]),
}


def unpack(layers):
    """θ (flat, nnviz order) and a function θ -> per-layer arrays."""
    shapes, theta = [], []
    for l in layers:
        w = np.array(l["weights"], dtype=float)
        parts = [w.ravel(), np.array(l["bias"], dtype=float)]
        n = l.get("normalization")
        if n:
            parts += [np.array(n["gamma"], dtype=float), np.array(n["beta"], dtype=float)]
        shapes.append((w.shape, bool(n)))
        theta += [np.concatenate(parts)]
    return np.concatenate(theta), shapes


def objective(theta, layers, shapes, x, y, loss, l2, l1=0.0):
    a, p = x, 0
    for l, ((out, inp), normed) in zip(layers, shapes):
        w = theta[p:p + out * inp].reshape(out, inp); p += out * inp
        b = theta[p:p + out]; p += out
        f = a @ w.T + b
        n = l.get("normalization")
        if normed:
            g = theta[p:p + out]; be = theta[p + out:p + 2 * out]; p += 2 * out
            axis = 1 if n["kind"] == "layer" else 0      # layer: per point; batch: per unit over all points
            mu = f.mean(axis=axis, keepdims=True)
            var = ((f - mu) ** 2).mean(axis=axis, keepdims=True)
            f = g * (f - mu) / np.sqrt(var + n["epsilon"]) + be
        a = ACT[l["activation"]](f, l.get("alpha", 0.01))
    z = a
    if loss == "mse":
        data = np.mean((z - y) ** 2)
    elif loss == "bce_with_logits":
        data = np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))
    else:
        m = z.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
        data = np.mean((y.sum(axis=1) * lse) - (y * z).sum(axis=1))
    return data + 0.5 * l2 * np.dot(theta, theta) + l1 * np.sum(np.abs(theta))


def main(path):
    r = json.load(open(path))
    layers = r["layers"]
    x = np.array(r["data"]["x"], dtype=float)
    y = np.array(r["data"]["y"], dtype=float)
    if r.get("features"):
        x = np.stack([FEATURES[name](x) for name in r["features"]], axis=1)
    l1 = r.get("l1", 0.0)
    theta, shapes = unpack(layers)
    assert theta.size == r["parameter_count"], (theta.size, r["parameter_count"])
    J = objective(theta, layers, shapes, x, y, r["loss"], r["l2"], l1)
    h = 1e-6
    g = np.array(r["gradient"], dtype=float)
    fd = np.empty_like(theta)
    for i in range(theta.size):
        if l1 > 0 and abs(theta[i]) <= h:
            fd[i] = g[i]  # at the L1 kink: not comparable by central differences
            continue
        tp, tm = theta.copy(), theta.copy()
        tp[i] += h; tm[i] -= h
        fd[i] = (objective(tp, layers, shapes, x, y, r["loss"], r["l2"], l1) -
                 objective(tm, layers, shapes, x, y, r["loss"], r["l2"], l1)) / (2 * h)
    dj = abs(J - r["objective"]) / max(1.0, abs(J))
    dg = np.max(np.abs(g - fd)) / max(np.max(np.abs(fd)), 1e-12)
    kinds = [l["normalization"]["kind"] if l.get("normalization") else "none" for l in layers]
    print(f"{path}: P = {theta.size}, n = {len(x)}, normalization per layer = {kinds}, l1 = {l1}, features = {r.get('features')}")
    print(f"objective: nnviz {r['objective']!r}, numpy {J!r}, relative difference {dj:.2e}")
    print(f"gradient vs numpy central differences: max |difference| / max |gradient| = {dg:.2e}")
    ok = dj < 1e-12 and dg < 1e-6
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
