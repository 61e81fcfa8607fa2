import Dispatch
import Synchronization

/// Where a job's work runs: a serial Dispatch queue in the dashboard, inline (at once, on the caller's
/// thread) in tests, so that a test drives the runtime deterministically with no sleeps.
public protocol JobExecutor: Sendable {
    func execute(_ work: @escaping @Sendable () -> Void)
}

/// Runs work on a Dispatch queue.
public struct DispatchExecutor: JobExecutor {
    public let queue: DispatchQueue
    public init(label: String, qos: DispatchQoS = .utility) { queue = DispatchQueue(label: label, qos: qos) }
    public func execute(_ work: @escaping @Sendable () -> Void) { queue.async(execute: work) }
}

/// Runs work at once on the calling thread (tests).
public struct InlineExecutor: JobExecutor {
    public init() {}
    public func execute(_ work: @escaping @Sendable () -> Void) { work() }
}

/// One background job at a time, for the latest request: the one generic worker behind the dashboard's
/// snapshot adapter, spectra, λmax, lecture jobs, the gradient check and sweeps.
///
/// - ``submit(cancelling:_:)`` starts the work at once when idle; while busy it is kept as the one pending
///   request (a newer request replaces an older pending one), started when the running job ends.
/// - With `cancelling: true` (or ``cancel()``) the running job is cancelled: its `isCancelled` probe turns
///   true (the work checks it between phases and stops early) and anything it posts afterwards is dropped.
/// - Results are handed over through one slot (the newest wins), emptied by ``take()`` on the frame.
public final class LatestJobWorker<Output: Sendable>: Sendable {
    public typealias Work = @Sendable (_ isCancelled: @escaping @Sendable () -> Bool, _ post: @escaping @Sendable (Output) -> Void) -> Void

    private struct State: Sendable {
        var epoch = 0
        var busy = false
        var pending: (work: Work, epoch: Int)?
        var result: Output?
    }

    private let executor: JobExecutor
    private let state = Mutex(State())

    public init(executor: JobExecutor) { self.executor = executor }

    /// Requests `work`; `cancelling` cancels the running job (and any pending one) first.
    public func submit(cancelling: Bool = false, _ work: @escaping Work) {
        let start = state.withLock { s -> Int? in
            if cancelling {
                s.epoch += 1
                s.result = nil
            }
            if s.busy {
                s.pending = (work, s.epoch)
                return nil
            }
            s.busy = true
            return s.epoch
        }
        if let epoch = start { run(work, epoch: epoch) }
    }

    /// Cancels the running and pending work; results it posts from now on are dropped.
    public func cancel() {
        state.withLock { s in
            s.epoch += 1
            s.pending = nil
            s.result = nil
        }
    }

    /// The newest result, if one arrived since the last call (emptying the slot).
    public func take() -> Output? {
        state.withLock { s in
            defer { s.result = nil }
            return s.result
        }
    }

    /// True while a job runs or waits.
    public var isBusy: Bool { state.withLock { $0.busy } }

    private func run(_ work: @escaping Work, epoch: Int) {
        executor.execute { [self] in
            let isCancelled: @Sendable () -> Bool = { [self] in state.withLock { $0.epoch != epoch } }
            work(isCancelled) { [self] value in
                state.withLock { s in if s.epoch == epoch { s.result = value } }
            }
            // The pending request (always of the current epoch: a cancel drops it) runs next.
            let next = state.withLock { s -> (work: Work, epoch: Int)? in
                guard let p = s.pending else {
                    s.busy = false
                    return nil
                }
                s.pending = nil
                return p
            }
            if let next { run(next.work, epoch: next.epoch) }
        }
    }
}
