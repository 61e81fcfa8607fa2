import Foundation
import NNAnalysis
import NNCore

/// The numeric measurements of `nnviz bench`: training, Hessian, eigenvalues, HVP, Lanczos, regions. Each
/// returns records; every timed result is also checked against an independent computation.
struct BenchMeasurements {
    let quick: Bool
    let fixtures: BenchFixtures

    /// Adam training steps per second (TrainingBenchmark: 50 warm-up steps, rounds of ≥ 0.25 s).
    func training(_ config: TrainingBenchmark.Config) -> [BenchRecord] {
        let r = TrainingBenchmark.run(config, repeats: quick ? 3 : 7, minRoundSeconds: quick ? 0.05 : 0.25)
        var rec = BenchRecord(kind: "train", config: config.rawValue, metric: "train_steps_per_s", unit: "steps/s")
        rec["P"] = .int(r.parameterCount)
        rec["median"] = .double(r.stepsPerSecond)
        rec["min"] = .double(r.minStepsPerSecond)
        rec["max"] = .double(r.maxStepsPerSecond)
        rec["cpu_median"] = r.cpuStepsPerSecond.map { .double($0) } ?? .null
        rec["repeats"] = .int(r.repeats)
        rec["steps_per_repeat"] = .int(r.stepsPerRound)
        rec["batch"] = .int(config.batchSize)
        return [rec]
    }

    /// The network and full data set the Hessian is taken over: the reference's own (fixture) when present.
    func hessianProblem(_ config: TrainingBenchmark.Config) -> (MLP, Dataset, Loss, BenchFixtures.Fixture?) {
        if let f = fixtures.load(config.rawValue), let data = f.data {
            return (f.model, data, f.loss ?? config.loss, f)
        }
        let t = TrainingBenchmark.trainer(config)
        return (t.model, t.train, config.loss, nil)
    }

    /// Full Hessian, all eigenvalues and one HVP for a shape with P ≤ 2,000 (C1, C2, C4).
    func hessian(_ config: TrainingBenchmark.Config) throws -> [BenchRecord] {
        let (model, data, loss, fixture) = hessianProblem(config)
        let P = model.parameterCount
        let source: BenchValue = .string(fixture == nil ? "nnviz-seeded" : "reference-fixture")
        var H: [Double] = []
        var asym = 0.0
        // The whole job the reference times: forward/gradient at θ, then the P×P matrix.
        let th = BenchClock.measure(repeats: quick ? 1 : 3) {
            H = (try? HessianOperator(model: model, loss: loss, data: data))?.fullHessian(asymmetry: &asym) ?? []
        }
        guard H.count == P * P else { throw BenchError("bench: Hessian of \(config.rawValue) failed") }
        let op = try HessianOperator(model: model, loss: loss, data: data)
        let trace = (0..<P).reduce(0.0) { $0 + H[$1 * P + $1] }
        var ev: [Double] = []
        let te = BenchClock.measure(repeats: quick ? 1 : 3) { ev = SymmetricEigensolver.eigenvalues(H, n: P) }
        let evSum = ev.reduce(0, +)
        let scale = Swift.max(Swift.abs(ev.first ?? 0), Swift.abs(ev.last ?? 0))
        // Independent trace: Hutchinson over Rademacher probes through full HVPs (no layer shortcut).
        let probes = quick ? 16 : 64
        let hutch = Lanczos.hutchinsonTrace(dimension: P, samples: probes, seed: 3) { v, out in op.hvp(v, into: &out) }
        // One HVP, and the same product from the matrix.
        var rng = SeededRNG(seed: 11)
        let v = (0..<P).map { _ in rng.nextGaussian() }
        var out = [Double](repeating: 0, count: P)
        let tv = BenchClock.measure(repeats: quick ? 7 : 21, warmup: 2) { op.hvp(v, into: &out) }
        var diff = 0.0, norm = 0.0
        for i in 0..<P {
            var s = 0.0
            for j in 0..<P { s += H[i * P + j] * v[j] }
            diff += (s - out[i]) * (s - out[i]); norm += s * s
        }
        var hr = BenchRecord(kind: "hessian", config: config.rawValue, metric: "hess_s", unit: "s")
        hr["P"] = .int(P)
        hr.set(th)
        hr["weights"] = source
        hr["hess_trace"] = .double(trace)
        hr["hutchinson_trace"] = .double(hutch.trace)
        hr["hutchinson_stderr"] = .double(hutch.standardError)
        hr["hutchinson_probes"] = .int(probes)
        hr["asymmetry"] = .double(asym)
        var ok = Swift.abs(hutch.trace - trace) <= 4 * hutch.standardError + 1e-9 * Swift.abs(trace)
        if let ref = fixture?.scalars["hess_trace"] {
            hr["ref_hess_trace"] = .double(ref)
            ok = ok && Swift.abs(trace - ref) <= 1e-9 * Swift.max(1, Swift.abs(ref))
        }
        hr["valid"] = .bool(ok)
        var er = BenchRecord(kind: "eigenvalues", config: config.rawValue, metric: "eigvalsh_s", unit: "s")
        er["P"] = .int(P)
        er.set(te)
        er["count"] = .int(ev.count)
        er["eig_min"] = .double(ev.first ?? .nan)
        er["eig_max"] = .double(ev.last ?? .nan)
        er["eig_sum"] = .double(evSum)
        er["eig_n_neg"] = .int(ev.filter { $0 < -1e-8 * scale }.count)
        var eok = ev.count == P && Swift.abs(evSum - trace) <= 1e-9 * Swift.max(1, scale * Double(P).squareRoot())
        if let mn = fixture?.scalars["eig_min"], let mx = fixture?.scalars["eig_max"] {
            er["ref_eig_min"] = .double(mn); er["ref_eig_max"] = .double(mx)
            eok = eok && Swift.abs((ev.first ?? .nan) - mn) <= 1e-9 && Swift.abs((ev.last ?? .nan) - mx) <= 1e-9
        }
        er["valid"] = .bool(eok)
        var vr = BenchRecord(kind: "hvp", config: config.rawValue, metric: "hvp_s", unit: "s")
        vr["P"] = .int(P)
        vr.set(tv)
        let rel = (diff / Swift.max(norm, 1e-300)).squareRoot()
        vr["hvp_vs_hess_relerr"] = .double(rel)
        vr["valid"] = .bool(rel < 1e-10)
        var mr = BenchRecord(kind: "memory", config: config.rawValue, metric: "peak_rss_mb", unit: "MB")
        mr["median"] = .double(BenchClock.peakRSSMegabytes())
        mr["note"] = .string("process peak so far (getrusage); run one config alone for its own peak")
        return [hr, er, vr, mr]
    }

    /// C3 (P = 66,817): one HVP and Lanczos top-10 (and bottom-10), checked by finite differences of the
    /// gradient and by the symmetry of the operator.
    func largeHessian(_ config: TrainingBenchmark.Config) throws -> [BenchRecord] {
        let (model, data, loss, _) = hessianProblem(config)
        let P = model.parameterCount
        var rng = SeededRNG(seed: 11)
        let v = (0..<P).map { _ in rng.nextGaussian() }, u = (0..<P).map { _ in rng.nextGaussian() }
        var hv = [Double](repeating: 0, count: P), hu = hv
        // Set-up, timed once: the primal forward/backward at θ and the first HVP, which also builds the
        // dense-HVP shortcuts (HVPContractions); every later HVP reuses both.
        let s0 = BenchClock.wall()
        let op = try HessianOperator(model: model, loss: loss, data: data)
        op.hvp(v, into: &hv)
        let setup = BenchClock.wall() - s0
        let tv = BenchClock.measure(repeats: quick ? 3 : 11, warmup: 1) { op.hvp(v, into: &hv) }
        op.hvp(u, into: &hu)
        // The plain R-operator (no shortcuts): its time, and the second algorithm the result is checked against.
        // Scoped, so its buffers are freed before Lanczos (the C3 benchmark's peak memory).
        var plainRel = 0.0, plainTime = 0.0
        do {
            let plain = try HessianOperator(model: model, loss: loss, data: data, contractions: .never)
            var hvPlain = hv
            let tp = BenchClock.measure(repeats: quick ? 1 : 5, warmup: 1) { plain.hvp(v, into: &hvPlain) }
            var pd = 0.0, pn = 0.0
            for i in 0..<P { pd = Swift.max(pd, Swift.abs(hv[i] - hvPlain[i])); pn = Swift.max(pn, Swift.abs(hvPlain[i])) }
            plainRel = pd / Swift.max(pn, 1e-300)
            plainTime = tp.median
        }
        let uHv = zip(u, hv).reduce(0.0) { $0 + $1.0 * $1.1 }, vHu = zip(v, hu).reduce(0.0) { $0 + $1.0 * $1.1 }
        // Central difference of the gradient along v. A ReLU net's gradient jumps where a unit crosses 0, and
        // such a jump does not shrink with ε (only its chance does): ε = 1e-9 makes a crossing among the
        // 1024 × 512 pre-activations unlikely while round-off stays ~1e-7 of Hv. Scoped like the plain operator.
        let eps = 1e-9
        var fdRel = 0.0
        do {
            var plus = model, minus = model
            for i in 0..<P { plus.parameters[i] += eps * v[i]; minus.parameters[i] -= eps * v[i] }
            let gp = try HessianOperator(model: plus, loss: loss, data: data).gradient
            let gm = try HessianOperator(model: minus, loss: loss, data: data).gradient
            var d2 = 0.0, n2 = 0.0
            for i in 0..<P { let fd = (gp[i] - gm[i]) / (2 * eps); d2 += (fd - hv[i]) * (fd - hv[i]); n2 += hv[i] * hv[i] }
            fdRel = (d2 / Swift.max(n2, 1e-300)).squareRoot()
        }
        var vr = BenchRecord(kind: "hvp", config: config.rawValue, metric: "hvp_s", unit: "s")
        vr["P"] = .int(P)
        vr.set(tv)
        vr["hvp_vs_fd_relerr"] = .double(fdRel)
        vr["symmetry_relerr"] = .double(Swift.abs(uHv - vHu) / Swift.max(Swift.abs(uHv), 1e-300))
        vr["fd_eps"] = .double(eps)
        vr["setup_s"] = .double(setup)
        vr["plain_hvp_s"] = .double(plainTime)
        vr["hvp_vs_plain_relerr"] = .double(plainRel)
        vr["valid"] = .bool(fdRel < 1e-4 && Swift.abs(uHv - vHu) <= 1e-10 * Swift.max(Swift.abs(uHv), 1) && plainRel < 1e-10)
        var res: (smallest: [Double], largest: [Double], hvps: Int, converged: Bool) = ([], [], 0, false)
        let tl = BenchClock.measure(repeats: quick ? 1 : 3, warmup: 0) {
            // The metric is the top 10: only that end is converged (the smallest are not asked for). Residual
            // tolerance 1e-6·|λ|max: a Ritz value's error is at most residual²/gap, so with the top ten's smallest
            // gap (~8e-4) the values are good to ~1e-8 relative; measured against a 1e-8 residual run, they agree
            // to 2e-11 relative, in 126 HVPs instead of 138.
            res = Lanczos.extremeEigenvalues(dimension: P, count: 10, which: .largest, maxSteps: 200, tolerance: 1e-6,
                                             seed: 0) { x, y in
                op.hvp(x, into: &y)
            }
        }
        var lr = BenchRecord(kind: "lanczos", config: config.rawValue, metric: "lanczos_top10_s", unit: "s")
        lr["P"] = .int(P)
        lr.set(tl)
        lr["hvps"] = .int(res.hvps)
        lr["converged"] = .bool(res.converged)
        lr["top10"] = .doubles(res.largest.reversed())
        // A Rayleigh quotient cannot exceed the largest eigenvalue (a check independent of Lanczos).
        let top = res.largest.last ?? .nan
        let rq = zip(u, hu).reduce(0.0) { $0 + $1.0 * $1.1 } / u.reduce(0.0) { $0 + $1 * $1 }
        lr["rayleigh_quotient_random"] = .double(rq)
        lr["valid"] = .bool(res.converged && res.largest.count == 10 && rq <= top)
        var mr = BenchRecord(kind: "memory", config: config.rawValue, metric: "peak_rss_mb", unit: "MB")
        mr["median"] = .double(BenchClock.peakRSSMegabytes())
        mr["note"] = .string("process peak so far (getrusage)")
        return [vr, lr, mr]
    }

    /// Exact 2D region counts of random-init ReLU nets on [−1,1]² and [−3,3]²: the reference's own nets
    /// (fixtures R2, R4, R5, with regioncam 0.5.2's counts) when present, else nnviz-seeded ones.
    func regions() throws -> [BenchRecord] {
        let nets: [(String, [Int])] = [("R2", [2, 32, 32, 1]), ("R4", [2, 64, 64, 64, 1]),
                                       ("R5", [2] + Array(repeating: 16, count: 8) + [1])]
        var out: [BenchRecord] = []
        for (name, sizes) in nets {
            for box in [1.0, 3.0] {
                let f = fixtures.load("\(name)-box\(Int(box))")
                let model = f?.model ?? MLP(sizes: sizes, hidden: .relu, initializer: .uniformFanIn, seed: 0)
                var counts: ExactRegionCount?
                let t = BenchClock.measure(repeats: quick ? 3 : 7) { counts = try? ExactRegionCount(model: model, box: .square(box)) }
                guard let counts else { throw BenchError("bench: region count of \(name) failed") }
                var r = BenchRecord(kind: "regions", config: name, metric: "regions_exact_s", unit: "s")
                r["layers"] = .string(sizes.map(String.init).joined(separator: "-"))
                r["box"] = .double(box)
                r.set(t)
                r["weights"] = .string(f == nil ? "nnviz-seeded" : "reference-fixture")
                r["per_layer"] = .ints(counts.perLayer)
                if let ref = f?.ints["exact_per_layer"] {
                    r["regioncam_per_layer"] = .ints(ref)
                    r["valid"] = .bool(ref == counts.perLayer)
                } else {
                    // Without regioncam's count: a grid of activation patterns is a lower bound.
                    let grid = try RegionGrid(model: model, box: .square(box), columns: 256, rows: 256)
                    r["grid256_regions"] = .int(grid.distinctCount)
                    r["valid"] = .bool(grid.distinctCount <= counts.total)
                }
                out.append(r)
            }
        }
        return out
    }
}
