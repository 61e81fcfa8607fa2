import Dispatch
import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// Release-build timings of the analysis next to the PyTorch/JAX reference figures of the benchmark shapes
/// (docs/performance.md).
/// Skipped unless NNVIZ_BENCH=1:  NNVIZ_BENCH=1 swift test -c release --filter AnalysisBenchmarks
/// Each figure is the median of a few repeats; results are validated against the reference values.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["NNVIZ_BENCH"] == "1"), .serialized)
struct AnalysisBenchmarks {
    /// Process CPU seconds: on this shared 2-core machine (load average often ≥ 10) wall time mostly measures
    /// the other tenants, so both are reported.
    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func time(_ repeats: Int, _ body: () -> Void) -> (median: Double, min: Double, max: Double, cpu: Double) {
        var t: [Double] = [], c: [Double] = []
        for _ in 0..<repeats {
            let s = DispatchTime.now().uptimeNanoseconds, s2 = cpuNow()
            body()
            t.append(Double(DispatchTime.now().uptimeNanoseconds - s) * 1e-9)
            c.append(cpuNow() - s2)
        }
        t.sort(); c.sort()
        return (t[t.count / 2], t[0], t[t.count - 1], c[c.count / 2])
    }

    static func report(_ name: String, _ t: (median: Double, min: Double, max: Double, cpu: Double), _ extra: String = "") {
        print(String(format: "BENCH %@ median %.4f s (min %.4f, max %.4f; cpu median %.4f s) %@", name, t.median, t.min, t.max, t.cpu, extra))
    }

    @Test(arguments: ["C1", "C2", "C4"])
    func hessianAndEigenvalues(config: String) throws {
        let (op0, f) = try ReferenceHessianTests.load(config)
        let m = op0.model, data = op0.data, loss = op0.loss
        let P = m.parameterCount
        var H: [Double] = []
        let th = Self.time(3) { H = (try? HessianOperator(model: m, loss: loss, data: data))?.fullHessian() ?? [] }
        var ev: [Double] = []
        let te = Self.time(3) { ev = SymmetricEigensolver.eigenvalues(H, n: P) }
        var v = [Double](repeating: 0, count: P), out = v
        var rng = AnalysisRNG(seed: 5)
        for i in 0..<P { v[i] = rng.gaussian() }
        let tv = Self.time(21) { op0.hvp(v, into: &out) }
        let trace = (0..<P).reduce(0.0) { $0 + H[$1 * P + $1] }
        let finiteH = H.allSatisfy { $0.isFinite }; #expect(finiteH)
        let finiteEV = ev.allSatisfy { $0.isFinite }; #expect(finiteEV)
        let refTrace = try #require(f["hess_trace"] as? Double)
        Self.report("\(config) hessian P=\(P)", th, "(JAX/PyTorch: C1 0.19/0.16, C2 0.94/2.2, C4 3.7/8.0)")
        Self.report("\(config) eigenvalues", te, "(numpy: C1 0.011-0.014, C2 0.076, C4 0.39-0.41)")
        Self.report("\(config) one HVP", tv, "(JAX: C1 0.16 ms, C2 0.31 ms, C4 0.60 ms)")
        let neg8 = ev.filter { $0 < -1e-8 * max(abs(ev[0]), abs(ev[P - 1])) }.count
        print("BENCH \(config) check: trace \(trace) (ref \(refTrace)), lambda \(ev[0])..\(ev[P - 1]) (ref \(f["eig_min"] ?? "-")..\(f["eig_max"] ?? "-")), negative(<-1e-8 rel) \(neg8) (ref \(f["eig_n_neg"] ?? "-")), negative(<-1e-10) \(ev.filter { $0 < -1e-10 }.count)")
        #expect(abs(trace - refTrace) < 1e-9 * max(1, abs(refTrace)))
        #expect(abs(ev[P - 1] - (try #require(f["eig_max"] as? Double))) < 1e-9)
        #expect(abs(ev[0] - (try #require(f["eig_min"] as? Double))) < 1e-9)
        if let nn = f["eig_n_neg"] as? Int { #expect(neg8 == nn) }
    }

    @Test func c3LanczosTop10() throws {
        // C3 shape (2-256-256-1 ReLU, BCE, n = 1024); weights from our generator (the timing is the point).
        let net = randomModel([2, 256, 256, 1], hidden: .relu, seed: 0)
        let data = randomData(n: 1024, inputs: 2, targets: 1, seed: 1, binary: true)
        let op = try HessianOperator(model: net, loss: .bceWithLogits, data: data)
        let P = op.parameterCount
        var v = [Double](repeating: 0, count: P), out = v
        for i in 0..<P { v[i] = Double(i % 7) - 3 }
        let tv = Self.time(5) { op.hvp(v, into: &out) }
        Self.report("C3 one HVP P=\(P)", tv, "(JAX: 21 ms; PyHessian f32 6.0 ms)")
        var r: (smallest: [Double], largest: [Double], hvps: Int, converged: Bool) = ([], [], 0, false)
        let tl = Self.time(1) {
            r = Lanczos.extremeEigenvalues(dimension: P, count: 10, maxSteps: 200, tolerance: 1e-8, seed: 0) { v, out in op.hvp(v, into: &out) }
        }
        Self.report("C3 Lanczos top-10 (+bottom-10)", tl, "hvps \(r.hvps) converged \(r.converged) max \(r.largest.last ?? 0) min \(r.smallest.first ?? 0)")
        #expect(r.largest.count == 10)
    }

    @Test func exactRegionCounts() throws {
        for name in ["R1-box1", "R1-box3", "R2-box1", "R2-box3", "R3-box1", "R3-box3", "R4-box1", "R4-box3", "R5-box1", "R5-box3"] {
            let f = try fixture(name)
            let m = try fixtureModel(f)
            let s = try #require(f["box"] as? Double)
            var c: ExactRegionCount?
            let t = Self.time(5) { c = try? ExactRegionCount(model: m, box: .square(s)) }
            let expected = try fixtureInts(f, "exact_per_layer")
            Self.report("regions \(name)", t, "count \(c?.perLayer ?? []) regioncam \(expected)")
            #expect(c?.perLayer == expected)
        }
        let m = try fixtureModel(try fixture("R4-box1"))
        let tg = Self.time(3) { _ = try? RegionGrid(model: m, box: .square(1), columns: 512, rows: 512) }
        Self.report("grid 512x512 R4", tg, "(numpy float32 1024²: 0.43-0.55 s)")
    }
}
