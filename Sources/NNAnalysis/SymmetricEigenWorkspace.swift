/// The working arrays of `SymmetricEigensolver.eigenvalues`, kept between calls by a caller that computes
/// spectra over and over (the dashboard's automatic Hessian): after the first call of a given order n,
/// later calls allocate only O(n) vectors (the reduction's panel buffers and the returned eigenvalues), never
/// an n×n matrix. Long runs then keep a flat memory profile
/// instead of allocating (and fragmenting) two P×P matrices per spectrum.
public struct SymmetricEigenWorkspace: Sendable {
    /// The order the arrays are sized for (they are resized, once, when n changes).
    public private(set) var order = 0
    var d: [Double] = [], e: [Double] = [], betas: [Double] = []

    public init() {}

    mutating func reserve(_ n: Int) {
        guard n != order else { return }
        order = n
        d = [Double](repeating: 0, count: n)
        e = [Double](repeating: 0, count: n)
        betas = [Double](repeating: 0, count: n)
    }
}

extension SymmetricEigensolver {
    /// All eigenvalues (ascending) of the symmetric n×n matrix `a` (row-major, upper triangle read),
    /// like `eigenvalues(_:n:)` and bit for bit the same, but in place: `a` is overwritten (it ends up
    /// holding the Householder vectors) and the working arrays come from `workspace`.
    public static func eigenvalues(overwriting a: inout [Double], n: Int,
                                   workspace: inout SymmetricEigenWorkspace) -> [Double] {
        eigenvalues(overwriting: &a, n: n, workspace: &workspace, isCancelled: { false }) ?? []
    }

    /// The same, consulting `isCancelled` before each Householder reflector (the O(n³) part; the root-free
    /// QL after it is O(n²)): nil when it fired, `a` then holding a partly reduced matrix.
    public static func eigenvalues(overwriting a: inout [Double], n: Int, workspace: inout SymmetricEigenWorkspace,
                                   isCancelled: () -> Bool) -> [Double]? {
        precondition(a.count == n * n, "matrix must be n×n")
        if n == 0 { return [] }
        workspace.reserve(n)
        guard tridiagonalize(&a, n: n, d: &workspace.d, e: &workspace.e, betas: &workspace.betas,
                             isCancelled: isCancelled) else { return nil }
        // The same route as `eigenvalues(_:n:)`: root-free QL, the tql fallback on the same T.
        var values = workspace.d, off = workspace.e
        if !rootFreeQL(d: &values, e: &off, n: n) {
            values = workspace.d
            qlImplicit(d: &values, e: &workspace.e, vectorsT: nil, n: n)
        }
        values.sort()
        return values
    }
}
