import Dashboard
import NNSession
import PaneModels
import Synchronization

/// The Hessian worker's reusable memory: one `SpectrumWorkspace` (the P×P Hessian and the eigensolver's
/// arrays) for every automatic or requested spectrum of the run. Without it each spectrum allocated two
/// fresh P×P matrices on whichever pool thread ran it, and the 10-minute soak saw resident memory jump
/// by ~1.7 MB during Hessian computations. The lock makes a (never expected) second job
/// wait instead of sharing the arrays.
final class HessianWorkspace: Sendable {
    private let workspace = Mutex(SpectrumWorkspace())

    /// `SpectrumJob.compute` with the kept workspace.
    func compute(_ snapshot: SessionSnapshot, isCancelled: () -> Bool) -> Result<SpectrumViewModel, SpectrumJob.Failure> {
        workspace.withLock { ws in SpectrumJob.compute(snapshot, workspace: &ws, isCancelled: isCancelled) }
    }
}
