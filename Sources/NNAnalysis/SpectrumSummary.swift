import Foundation

/// What the Hessian spectrum looks like, in a few numbers and a histogram.
///
/// Near-zero tolerance (documented choice): τ = max(P·ε, 1e-8) · |λ|max, where ε = 2.2e-16. Eigenvalues with
/// |λ| ≤ τ have no reliable sign (round-off in forming and diagonalising H is ~P·ε·‖H‖), and the relative
/// floor 1e-8 is the cut the reference benchmark uses for its negative count (`eig_n_neg`), so counts are
/// comparable: negative = λ < −τ, near zero = |λ| ≤ τ, positive = λ > τ.
///
/// The histogram uses a symmetric-log axis s(λ) = sign(λ)·log10(1 + |λ|/τ): linear within ±τ, one unit
/// per decade beyond, so the huge near-zero bulk and the few large outliers both stay visible.
public struct SpectrumSummary: Sendable, Equatable, Codable {
    /// "exact" (all eigenvalues of the full Hessian) or "lanczos" (extremes by Lanczos, trace by Hutchinson,
    /// histogram from the SLQ density: expected counts).
    public var method: String
    public var parameterCount: Int
    public var lambdaMax: Double
    public var lambdaMin: Double
    /// nil for the Lanczos method (only estimated by the histogram there).
    public var negativeCount: Int?
    public var nearZeroCount: Int?
    public var positiveCount: Int?
    public var trace: Double
    /// Standard error of the trace (0 when exact).
    public var traceStandardError: Double
    /// τ, the near-zero tolerance described above.
    public var tolerance: Double
    public var histogram: SymLogHistogram

    /// From all P eigenvalues (any order).
    public init(eigenvalues ev: [Double], bins: Int = 40) {
        let P = ev.count
        let lo = ev.min() ?? 0, hi = ev.max() ?? 0
        let tau = SpectrumSummary.tolerance(lambdaMaxAbs: max(Swift.abs(lo), Swift.abs(hi)), dimension: P)
        method = "exact"
        parameterCount = P
        lambdaMax = hi; lambdaMin = lo
        negativeCount = ev.filter { $0 < -tau }.count
        positiveCount = ev.filter { $0 > tau }.count
        nearZeroCount = P - (negativeCount ?? 0) - (positiveCount ?? 0)
        trace = ev.reduce(0, +)
        traceStandardError = 0
        tolerance = tau
        histogram = SymLogHistogram(lower: lo, upper: hi, linearThreshold: tau, bins: bins) { edges in
            var counts = [Double](repeating: 0, count: edges.count - 1)
            for l in ev { counts[SymLogHistogram.bin(of: l, edges: edges)] += 1 }
            return counts
        }
    }

    /// From Lanczos extremes, a trace estimate and an SLQ quadrature (the large-P path).
    public init(lambdaMin: Double, lambdaMax: Double, trace: Double, traceStandardError: Double,
                quadrature: Lanczos.Quadrature, bins: Int = 40) {
        let P = quadrature.dimension
        let tau = SpectrumSummary.tolerance(lambdaMaxAbs: max(Swift.abs(lambdaMin), Swift.abs(lambdaMax)), dimension: P)
        method = "lanczos"
        parameterCount = P
        self.lambdaMax = lambdaMax; self.lambdaMin = lambdaMin
        negativeCount = nil; nearZeroCount = nil; positiveCount = nil
        self.trace = trace
        self.traceStandardError = traceStandardError
        tolerance = tau
        histogram = SymLogHistogram(lower: lambdaMin, upper: lambdaMax, linearThreshold: tau, bins: bins) { edges in
            var counts = [Double](repeating: 0, count: edges.count - 1)
            let probes = Double(max(quadrature.nodes.count, 1))
            for (nodes, weights) in zip(quadrature.nodes, quadrature.weights) {
                for (t, w) in zip(nodes, weights) { counts[SymLogHistogram.bin(of: t, edges: edges)] += w * Double(P) / probes }
            }
            return counts
        }
    }

    /// τ = max(P·ε, 1e-8)·|λ|max.
    public static func tolerance(lambdaMaxAbs: Double, dimension P: Int) -> Double {
        max(Double(P) * Double.ulpOfOne, 1e-8) * lambdaMaxAbs
    }

    enum CodingKeys: String, CodingKey {
        case method, parameterCount = "parameter_count", lambdaMax = "lambda_max", lambdaMin = "lambda_min"
        case negativeCount = "negative", nearZeroCount = "near_zero", positiveCount = "positive", trace
        case traceStandardError = "trace_standard_error", tolerance, histogram
    }
}

/// Counts in bins that are uniform on the symmetric-log axis s(λ) = sign(λ)·log10(1 + |λ|/c).
public struct SymLogHistogram: Sendable, Equatable, Codable {
    /// c, the half-width of the linear part of the axis.
    public var linearThreshold: Double
    /// bins + 1 edges in λ units, ascending.
    public var edges: [Double]
    /// Eigenvalues per bin (expected counts for SLQ; the last bin includes its upper edge).
    public var counts: [Double]

    init(lower: Double, upper: Double, linearThreshold c: Double, bins: Int, fill: ([Double]) -> [Double]) {
        let cc = c > 0 ? c : 1
        linearThreshold = cc
        let nb = max(bins, 1)
        let s0 = SymLogHistogram.forward(lower, cc), s1 = SymLogHistogram.forward(upper, cc)
        let span = s1 > s0 ? s1 - s0 : 1
        edges = (0...nb).map { SymLogHistogram.inverse(s0 + span * Double($0) / Double(nb), cc) }
        edges[0] = lower
        edges[nb] = max(upper, lower)
        counts = fill(edges)
    }

    public static func forward(_ x: Double, _ c: Double) -> Double { (x < 0 ? -1 : 1) * log10(1 + Swift.abs(x) / c) }
    public static func inverse(_ s: Double, _ c: Double) -> Double { (s < 0 ? -1 : 1) * c * (pow(10, Swift.abs(s)) - 1) }

    static func bin(of x: Double, edges: [Double]) -> Int {
        var lo = 0, hi = edges.count - 2
        while lo < hi {
            let m = (lo + hi + 1) / 2
            if edges[m] <= x { lo = m } else { hi = m - 1 }
        }
        return lo
    }

    enum CodingKeys: String, CodingKey { case linearThreshold = "linear_threshold", edges, counts }
}
