extension SymmetricEigensolver {
    /// x = G⁺ b for a symmetric positive semi-definite n × n matrix G (row-major): the minimum-norm
    /// least-squares solution, from the eigendecomposition, keeping eigenvalues above
    /// `relativeCutoff`·|λ|max (the rest are treated as zero, so their directions get no weight).
    /// Used by the min-norm regressions (double descent) and Gauss–Newton steps.
    public static func pseudoInverseSolve(_ g: [Double], n: Int, rhs b: [Double],
                                          relativeCutoff: Double = 1e-12) -> [Double] {
        precondition(g.count == n * n && b.count == n, "G must be n × n and b of length n")
        let eig = decompose(g, n: n)
        let top = eig.values.map { Swift.abs($0) }.max() ?? 0
        var x = [Double](repeating: 0, count: n)
        for k in 0..<n where eig.values[k] > relativeCutoff * top {
            let v = eig.vector(k)
            var c = 0.0
            for i in 0..<n { c += v[i] * b[i] }
            c /= eig.values[k]
            for i in 0..<n { x[i] += c * v[i] }
        }
        return x
    }
}
