#!/usr/bin/env python3
"""Side-by-side benchmark: `nnviz bench --json` (release build) against the PyTorch/JAX/numpy reference
(its `ref_mlp.py`) and the regioncam anchors, as a ratio table.

The reference benchmark is a folder outside this repository (`ref_mlp.py`, `results-reference.jsonl`,
`results-anchors.jsonl`); name it with --ref-dir DIR or the environment variable NNVIZ_BENCH_REF. There is
no default location: without either, the script stops with a one-line message.

    scripts/bench-compare.py --ref-dir DIR      # build release, run nnviz bench, compare
    scripts/bench-compare.py --rounds 3         # nnviz measured 3 times, the median of the medians
    scripts/bench-compare.py --no-build --configs C3 --only train

With a reference virtualenv ($VENV/bin/python with torch and jax; the reference folder's README says how to make one) the reference
is re-run per shape, interleaved with nnviz (nnviz C1, reference C1, nnviz C2, ...), so both see the same
machine load. Whenever a Python with numpy is at hand (the venv's, or python3), numpy's eigvalsh is also timed
right after each shape's nnviz run, on a matrix of the same order: the eigenvalue ratio under the same load. Without it the committed `results-reference.jsonl` / `results-anchors.jsonl` are used and the
table says so. Ratios are "times better than the reference" (>1 = nnviz faster).
Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_bench_dir(ref_dir):
    """The reference folder named by --ref-dir (default $NNVIZ_BENCH_REF), or exit with one line."""
    if not ref_dir:
        sys.exit("bench-compare: no reference benchmark named: pass --ref-dir DIR or set NNVIZ_BENCH_REF=DIR "
                 "(the folder holding ref_mlp.py and results-reference.jsonl)")
    if not os.path.isfile(os.path.join(ref_dir, "results-reference.jsonl")):
        sys.exit("bench-compare: %s: expected a reference benchmark folder with results-reference.jsonl"
                 % ref_dir[:80])
    return os.path.abspath(ref_dir)


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def read_jsonl(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                out.append(json.loads(line))
    return out


def run_nnviz(binary, configs, only, quick, extra=()):
    cmd = [binary, "bench", "--json", "--config", ",".join(configs), "--only", only] + list(extra)
    if quick:
        cmd.append("--quick")
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("nnviz bench failed (%s): %s" % (" ".join(cmd), p.stderr.strip()))
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def run_reference(python, bench_dir, config, quick, extra=(), frameworks="numpy,torch,jax"):
    fd, out = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    cmd = [python, os.path.join(bench_dir, "ref_mlp.py"), "--configs", config, "--threads-list", "1",
           "--dtypes", "float64", "--only", frameworks, "--out", out] + list(extra)
    if quick:
        cmd.append("--quick")
    p = subprocess.run(cmd, cwd=bench_dir, capture_output=True, text=True)
    recs = read_jsonl(out) if p.returncode == 0 else []
    os.unlink(out)
    if p.returncode != 0:
        print("reference run for %s failed: %s" % (config, p.stderr.strip()[-300:]), file=sys.stderr)
    return recs


NUMPY_EIG = r"""
import os, sys, time, resource, numpy as np
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
n = int(sys.argv[1])
rng = np.random.default_rng(0)
a = rng.random((n, n)) - 0.5
a = np.triu(a) + np.triu(a, 1).T
np.linalg.eigvalsh(a)
w, c = [], []
for _ in range(3):
    c0, w0 = cpu(), time.perf_counter()
    np.linalg.eigvalsh(a)
    w.append(time.perf_counter() - w0); c.append(cpu() - c0)
print(sorted(w)[1], sorted(c)[1])
"""


def numpy_python(venv_python):
    """A Python with numpy for the live eigvalsh timing: the reference venv's, else python3 if it has numpy."""
    for py in [venv_python, sys.executable, "python3"]:
        if py and subprocess.run([py, "-c", "import numpy"], capture_output=True).returncode == 0:
            return py
    return None


def run_numpy_eigvalsh(python, n):
    """numpy.linalg.eigvalsh of a random symmetric n×n matrix now, one thread: (wall, cpu) medians of 3."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    p = subprocess.run([python, "-c", NUMPY_EIG, str(n)], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return None
    w, c = p.stdout.split()
    return float(w), float(c)


def ref_value(refs, framework, config, field):
    for r in refs:
        if (r.get("kind") == "mlp" and r.get("framework") == framework and r.get("config") == config
                and r.get("threads") == 1 and r.get("dtype") == "float64" and r.get(field) is not None):
            return r[field]
    return None


def merge_rounds(rounds):
    """Median of each figure over rounds (records matched by kind, config, metric)."""
    by = {}
    for recs in rounds:
        for r in recs:
            key = (r.get("kind"), r.get("config"), r.get("metric"), r.get("box"))
            by.setdefault(key, []).append(r)
    merged = {}
    for key, rs in by.items():
        r = dict(rs[0])
        meds = [x["median"] for x in rs if isinstance(x.get("median"), (int, float))]
        if meds:
            r["median"] = statistics.median(meds)
            r["rounds"] = len(meds)
        r["valid"] = all(x.get("valid", True) for x in rs)
        merged[key] = r
    return merged


def fmt_time(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return "%.0f µs" % (s * 1e6)
    if s < 1:
        return "%.1f ms" % (s * 1e3)
    return "%.2f s" % s


def fmt_rate(x):
    return "-" if x is None else "{:,.0f}".format(x)


def ratio(a, b):
    return "-" if (a is None or b is None or b == 0) else "%.2f×" % (a / b)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", default="C1,C2,C3,C4")
    ap.add_argument("--only", default="train,hessian,regions,frame")
    ap.add_argument("--rounds", type=int, default=1, help="nnviz runs per shape (median of medians)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--json-out", help="also write all nnviz records here (JSON Lines)")
    ap.add_argument("--ref-dir", default=os.environ.get("NNVIZ_BENCH_REF", ""),
                    help="the reference benchmark folder (ref_mlp.py, results-*.jsonl); default: $NNVIZ_BENCH_REF")
    ap.add_argument("--venv", default=os.environ.get("VENV", ""),
                    help="reference virtualenv with torch and jax (default: $VENV)")
    ap.add_argument("--ref-args", default="",
                    help="extra arguments for ref_mlp.py, e.g. '--quiet-wait 5 --quiet-budget 20' on a busy machine")
    ap.add_argument("--ref-out", help="also write the re-run reference records here (JSON Lines)")
    args = ap.parse_args()
    configs = [c.strip().upper() for c in args.configs.split(",") if c.strip()]
    sections = set(args.only.split(","))

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "nnviz"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, ".build", "release", "nnviz")
    bench_dir = find_bench_dir(args.ref_dir)
    venv = args.venv
    python = os.path.join(venv, "bin", "python") if venv else ""
    live = bool(python) and os.path.isfile(python) and bench_dir is not None
    frameworks = "numpy,torch,jax"
    if live:
        # JAX is required for a live run; PyTorch is optional (its columns stay empty without it).
        live = subprocess.run([python, "-c", "import jax"], capture_output=True).returncode == 0
        if subprocess.run([python, "-c", "import torch"], capture_output=True).returncode != 0:
            frameworks = "numpy,jax"
    load_start = loadavg()

    rounds, refs = [], []
    npy_python = numpy_python(python if live else "")
    npy_now = {}   # config -> [(wall, cpu)] of numpy eigvalsh measured right after nnviz's run of the shape
    per_shape = [s for s in ("train", "hessian") if s in sections]
    for rnd in range(args.rounds):
        recs = []
        for c in configs:
            if per_shape:
                got = run_nnviz(binary, [c], ",".join(per_shape), args.quick)
                recs += got
                eig = next((r for r in got if r.get("kind") == "eigenvalues"), None)
                if eig and npy_python:
                    t = run_numpy_eigvalsh(npy_python, eig["P"])
                    if t:
                        npy_now.setdefault(c, []).append(t)
            if live and rnd == 0:
                refs += run_reference(python, bench_dir, c, args.quick, args.ref_args.split(), frameworks)
        rest = [s for s in ("regions", "frame") if s in sections]
        if rest:
            recs += run_nnviz(binary, configs[:1], ",".join(rest), args.quick)
        rounds.append(recs)
    # Peak memory of the C4 Hessian + eigenvalues alone, and of the whole C3 benchmark (training, HVP, Lanczos),
    # each in its own process.
    mem_c4 = mem_c3 = None
    if "hessian" in sections and "C4" in configs:
        for r in run_nnviz(binary, ["C4"], "hessian", True):
            if r.get("kind") == "memory" and r.get("config") == "C4":
                mem_c4 = r["median"]
    if "hessian" in sections and "train" in sections and "C3" in configs:
        for r in run_nnviz(binary, ["C3"], "train,hessian", True):
            if r.get("kind") == "memory" and r.get("config") == "C3":
                mem_c3 = r["median"]
    if not live:
        refs = read_jsonl(os.path.join(bench_dir, "results-reference.jsonl"))
    anchors = []
    if bench_dir and os.path.isfile(os.path.join(bench_dir, "results-anchors.jsonl")):
        anchors = read_jsonl(os.path.join(bench_dir, "results-anchors.jsonl"))
    load_end = loadavg()
    if args.ref_out and live:
        with open(args.ref_out, "w") as f:
            for r in refs:
                f.write(json.dumps(r) + "\n")
    if args.json_out:
        with open(args.json_out, "w") as f:
            for recs in rounds:
                for r in recs:
                    f.write(json.dumps(r) + "\n")
    m = merge_rounds(rounds)

    def ours(kind, config, metric, box=None):
        return m.get((kind, config, metric, box))

    print("nnviz bench vs reference — float64, one thread; nnviz: release build, %d round(s)" % args.rounds)
    print("reference: %s" % ("re-run now, interleaved per shape ($VENV=%s)" % venv if live else
                             "committed %s/results-reference.jsonl (no jax venv at $VENV: not re-run)" % bench_dir))
    print("load average: %s at start, %s at end (2 cores)" % (load_start, load_end))
    if live:
        busy = sorted({"%s %s %s" % (r.get("framework"), r.get("config"), ",".join(r.get("contended") or []))
                       for r in refs if r.get("kind") == "mlp" and r.get("contended")})
        print("reference sections still loaded after the load guard's retries: %s" % ("; ".join(busy) or "none"))
    if npy_now:
        print("numpy eigvalsh 'now': %s, one thread, a random symmetric matrix of the same order, timed right after "
              "nnviz's run of each shape (same machine load)" % npy_python)
    print()
    invalid = []

    if "train" in sections:
        print("| training steps/s | nnviz (min–max) | nnviz CPU-time | JAX jit | × JAX | JAX 500/call | × | PyTorch | × PyTorch |")
        print("|---|---|---|---|---|---|---|---|---|")
        for c in configs:
            r = ours("train", c, "train_steps_per_s")
            if not r:
                continue
            j = ref_value(refs, "jax", c, "train_steps_per_s")
            js = ref_value(refs, "jax", c, "train_scan_steps_per_s")
            t = ref_value(refs, "torch", c, "train_steps_per_s")
            print("| %s | %s (%s–%s) | %s | %s | %s | %s | %s | %s | %s |" % (
                c, fmt_rate(r["median"]), fmt_rate(r.get("min")), fmt_rate(r.get("max")), fmt_rate(r.get("cpu_median")),
                fmt_rate(j),
                ratio(r["median"], j), fmt_rate(js), ratio(r["median"], js), fmt_rate(t), ratio(r["median"], t)))
        print()

    if "hessian" in sections:
        print("| Hessian & HVP | nnviz | JAX | × JAX | PyTorch | × PyTorch | numpy eigvalsh | × numpy | check |")
        print("|---|---|---|---|---|---|---|---|---|")
        for c in configs:
            h = ours("hessian", c, "hess_s")
            if h:
                ok = h.get("valid")
                invalid += [] if ok else ["%s hessian" % c]
                j, t = ref_value(refs, "jax", c, "hess_s"), ref_value(refs, "torch", c, "hess_s")
                print("| %s full Hessian (P=%s) | %s | %s | %s | %s | %s | | | trace %.12g vs ref %s |" % (
                    c, h.get("P"), fmt_time(h["median"]), fmt_time(j), ratio(j, h["median"]), fmt_time(t),
                    ratio(t, h["median"]), h.get("hess_trace", float("nan")), h.get("ref_hess_trace", "-")))
            e = ours("eigenvalues", c, "eigvalsh_s")
            if e:
                invalid += [] if e.get("valid") else ["%s eigenvalues" % c]
                npy = ref_value(refs, "jax", c, "eigvalsh_numpy_s") or ref_value(refs, "torch", c, "eigvalsh_numpy_s")
                print("| %s all eigenvalues | %s | | | | | %s | %s | %d values, λ %.6g…%.6g |" % (
                    c, fmt_time(e["median"]), fmt_time(npy), ratio(npy, e["median"]), e.get("count", 0),
                    e.get("eig_min", float("nan")), e.get("eig_max", float("nan"))))
                if c in npy_now:
                    nw = statistics.median(t[0] for t in npy_now[c])
                    nc = statistics.median(t[1] for t in npy_now[c])
                    print("| %s all eigenvalues, side by side (wall; CPU-time) | %s; %s | | | | | %s; %s | %s; %s | numpy measured now |" % (
                        c, fmt_time(e["median"]), fmt_time(e.get("cpu_median")), fmt_time(nw), fmt_time(nc),
                        ratio(nw, e["median"]), ratio(nc, e.get("cpu_median"))))
            v = ours("hvp", c, "hvp_s")
            if v:
                invalid += [] if v.get("valid") else ["%s hvp" % c]
                j, t = ref_value(refs, "jax", c, "hvp_s"), ref_value(refs, "torch", c, "hvp_s")
                err = v.get("hvp_vs_hess_relerr", v.get("hvp_vs_fd_relerr"))
                print("| %s one HVP | %s | %s | %s | %s | %s | | | rel. err %.1e |" % (
                    c, fmt_time(v["median"]), fmt_time(j), ratio(j, v["median"]), fmt_time(t), ratio(t, v["median"]),
                    err if err is not None else float("nan")))
            lz = ours("lanczos", c, "lanczos_top10_s")
            if lz:
                invalid += [] if lz.get("valid") else ["%s lanczos" % c]
                print("| %s Lanczos top-10 | %s | | | | | | | %s HVPs, λmax %.6g |" % (
                    c, fmt_time(lz["median"]), lz.get("hvps"), (lz.get("top10") or [float("nan")])[0]))
        if mem_c4 is not None:
            jm = ref_value(refs, "jax", "C4", "peak_rss_mb")
            print("| C4 peak memory, Hessian + eigenvalues (own process) | %.0f MB | %s MB | %s | | | | | target ≤ 100 MB |" % (
                mem_c4, "%.0f" % jm if jm else "-", ratio(jm, mem_c4)))
        if mem_c3 is not None:
            print("| C3 peak memory, whole benchmark: training, HVP, Lanczos (own process) | %.0f MB | | | | | | | target ≤ 150 MB |" % mem_c3)
        print()

    if "regions" in sections:
        print("| exact 2D regions | nnviz | count | regioncam 0.5.2 | count | × regioncam | same counts |")
        print("|---|---|---|---|---|---|---|")
        for (kind, cfg, metric, box), r in sorted(m.items(), key=lambda kv: (str(kv[0][1]), str(kv[0][3]))):
            if kind != "regions":
                continue
            a = next((x for x in anchors if x.get("kind") == "regions" and x.get("net") == cfg
                      and abs(float((x.get("box") or [[0, 0]])[0][1]) - float(box)) < 1e-9), None)
            rc = a.get("rc_s") if a else None
            same = r.get("regioncam_per_layer") == r.get("per_layer") if r.get("regioncam_per_layer") else None
            invalid += [] if r.get("valid") else ["regions %s box %s" % (cfg, box)]
            print("| %s %s [−%g,%g]² | %s | %s | %s | %s | %s | %s |" % (
                cfg, r.get("layers"), box, box, fmt_time(r["median"]), (r.get("per_layer") or [0])[-1], fmt_time(rc),
                a.get("regions") if a else "-", ratio(rc, r["median"]), {True: "yes", False: "NO", None: "-"}[same]))
        print()

    if "frame" in sections:
        print("| dashboard (off-screen, 200×60) | nnviz | target |")
        print("|---|---|---|")
        for (kind, cfg, metric, box), r in sorted(m.items(), key=lambda kv: str(kv[0])):
            if kind == "frame" and metric == "frame_render_s":
                print("| full frame render, preset %s | %s | ≤ 2 ms |" % (cfg, fmt_time(r["median"])))
            if kind == "first_frame":
                print("| first frame, preset %s (with spectrum: %s) | %s | ≤ 150 ms |" % (
                    cfg, fmt_time(r.get("complete_with_spectrum_s")), fmt_time(r["median"])))
        print()
    print("cross-checks: %s" % ("all passed" if not invalid else "FAILED: " + ", ".join(invalid)))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
