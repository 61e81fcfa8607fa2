import Synchronization
import Testing
import NNAnalysis
import NNSession
import TerminalUI
@testable import Dashboard
@testable import DashboardApp
@testable import PaneModels

/// Keeps submitted work until the test runs it, so a test decides where a job stands when a cancel arrives.
final class HeldExecutor: JobExecutor {
    private let held = Mutex<[@Sendable () -> Void]>([])
    func execute(_ work: @escaping @Sendable () -> Void) { held.withLock { $0.append(work) } }
    var count: Int { held.withLock { $0.count } }
    /// Runs the held work (and whatever it submits), oldest first.
    func runAll() {
        while let work = held.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { work() }
    }
}

/// Counts a job's probe calls and cancels its worker after the `cancelAfter`-th: the main thread's cancel
/// arriving while the job is inside a long loop (a Hessian column, a Lanczos step), deterministically.
final class CancelAfter: Sendable {
    let cancelAfter: Int
    private let calls = Mutex(0)
    init(_ n: Int) { cancelAfter = n }
    var count: Int { calls.withLock { $0 } }
    func probe(_ isCancelled: () -> Bool, cancel: () -> Void) -> Bool {
        let answer = isCancelled()
        if calls.withLock({ $0 += 1; return $0 }) == cancelAfter { cancel() }
        return answer
    }
}

/// One value handed from a job to the test.
final class Slot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ v: T) { value.withLock { $0 = v } }
    func get() -> T? { value.withLock { $0 } }
}

/// Cancellation reaches into the analyses the workers run: a cancel that arrives mid-computation stops
/// the job at its next check (not at the end of the phase), and nothing it computed is posted.
@MainActor
@Suite struct JobCancellationTests {
    /// A snapshot of a small tanh net (exact Hessian path) or a wider one (P > 1200: the Lanczos path).
    static func snapshot(layers: String) throws -> SessionSnapshot {
        let p = try Preset.parse("""
            {"title": "Cancel", "description": "fixture",
             "data": {"kind": "disc", "n": 30, "noise": 0.1, "test_fraction": 0, "seed": 1},
             "model": {"layers": \(layers), "activation": "tanh", "init": "xavier"},
             "training": {"loss": "mse", "optimizer": {"name": "sgd", "lr": 0.1}, "batch": "full", "seed": 1},
             "view": {"panes": ["loss", "fit"], "pace": 64}}
            """, file: "cancel.json")
        return try TrainingQueue(preset: p).snapshot()
    }

    func runCancelled(_ snap: SessionSnapshot, after n: Int,
                      job: @escaping @Sendable (SessionSnapshot, () -> Bool) -> Result<SpectrumViewModel, SpectrumJob.Failure>)
        -> (calls: Int, result: Result<SpectrumViewModel, SpectrumJob.Failure>?, posted: Bool) {
        let worker = LatestJobWorker<Bool>(executor: InlineExecutor())
        let counter = CancelAfter(n)
        let outcome = Slot<Result<SpectrumViewModel, SpectrumJob.Failure>>()
        worker.submit { isCancelled, post in
            outcome.set(job(snap) { counter.probe(isCancelled) { worker.cancel() } })
            post(true)
        }
        return (counter.count, outcome.get(), worker.take() != nil)
    }

    /// P = 25: the exact Hessian; cancelled while column 4 is computed, it stops at the check before column 5.
    @Test func aCancelDuringTheHessianStopsItAtTheNextColumn() throws {
        let snap = try Self.snapshot(layers: "[2, 6, 1]")
        let r = runCancelled(snap, after: 4) { s, probe in SpectrumJob.compute(s, isCancelled: probe) }
        #expect(r.calls == 5 && r.calls < snap.model.parameterCount)
        guard case .failure(.cancelled) = r.result else { Issue.record("expected cancelled, got \(String(describing: r.result))"); return }
        #expect(!r.posted)
        // Without the cancel the same job finishes, with the exact spectrum (the independent check).
        let full = try SpectrumJob.compute(snap).get()
        let op = try HessianOperator(model: snap.model, loss: snap.loss, l2: snap.preset.training.l2, data: snap.train)
        let exact = SymmetricEigensolver.decompose(op.fullHessian(), n: op.parameterCount).values
        #expect(abs(full.lambdaMax - (exact.last ?? .nan)) <= 1e-9 * max(1, abs(full.lambdaMax)))
    }

    /// P = 1421 > 1200: Lanczos on HVPs (the spectrum) and λmax, each stopped one step after the cancel.
    @Test func aCancelDuringLanczosStopsItAtTheNextStep() throws {
        let snap = try Self.snapshot(layers: "[2, 40, 30, 1]")
        #expect(snap.model.parameterCount > SpectrumJob.exactLimit)
        let spectrum = runCancelled(snap, after: 6) { s, probe in SpectrumJob.compute(s, isCancelled: probe) }
        #expect(spectrum.calls == 7)
        guard case .failure(.cancelled) = spectrum.result else { Issue.record("spectrum not cancelled"); return }
        #expect(!spectrum.posted)
        let lambda = runCancelled(snap, after: 3) { s, probe in LambdaMaxJob.compute(s, isCancelled: probe) }
        #expect(lambda.calls == 4)
        guard case .failure(.cancelled) = lambda.result else { Issue.record("λmax not cancelled"); return }
        #expect(!lambda.posted)
    }

    /// Leaving a lecture step (`stop()`) cancels the geometry workers too: a landscape job still waiting when
    /// the step ends posts nothing, and its probe is already true when it starts.
    @Test func stoppingCancelsTheLandscapeWork() throws {
        let p = try LandscapeRuntimeTests.preset(panes: #"["landscape", "loss", "fit"]"#)
        let held = HeldExecutor()
        let executors = JobExecutors(adapter: InlineExecutor(), analysis: held, lecture: InlineExecutor(),
                                     gradcheck: InlineExecutor(), sweep: InlineExecutor())
        let runtime = DashboardRuntime(state: AppState(size: Size(width: 120, height: 36), preset: p),
                                       queue: try TrainingQueue(preset: p), backend: FakeTerminal(width: 120, height: 36),
                                       clock: ManualClock(), executors: executors, theme: Theme(mode: .color256),
                                       terminate: { _ in })
        runtime.begin()
        for _ in 0..<6 {
            runtime.frame()
            runtime.queue.drain()
        }
        #expect(held.count >= 1, "the landscape job is waiting")
        runtime.stop()
        held.runAll()
        let posted = runtime.geometry[0].take().count
        #expect(posted == 0)
    }
}
