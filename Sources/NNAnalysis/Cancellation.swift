/// Cancellation of long analyses.
///
/// The dashboard runs the Hessian, its eigenvalues, Lanczos, the landscape grid and the flat directions on
/// worker queues, and a newer request (a rebuild, `r`, a changed width, leaving a lecture step) makes the
/// running one useless. A job that only looked between phases kept its core busy for the whole phase (a
/// P = 1200 Hessian and its eigenvalues take seconds), and the next request waited behind it on the serial
/// worker. So every long loop takes an `isCancelled` probe (default `{ false }`) and consults it once per
/// unit of work, never inside one:
///
/// - the full Hessian: once per column (one Hessian-vector product each);
/// - the Householder reduction: once per reflector (one pass over the trailing triangle each);
/// - implicit QL with eigenvectors and its back-transform: once per eigenvalue / per row;
/// - Lanczos: once per step (one operator application and, when due, one reorthogonalisation);
/// - SLQ, Hutchinson: once per probe or sample, and inside each probe's Lanczos run;
/// - the landscape grid: once per point (one pass over the data).
///
/// A probe that answers `true` stops the computation at that check, and the function reports it — `nil`,
/// `false` or ``AnalysisCancelled`` — never a partial result. A probe that never fires changes nothing: the
/// same operations run in the same order, so the results are bit for bit those without a probe. NNAnalysis
/// knows nothing of queues: the probe is a plain closure.
public struct AnalysisCancelled: Error, Equatable, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the analysis was cancelled" }
}
