import Dashboard
import NNAnalysis
import NNSession
import PaneModels

/// One session's background work for the landscape, sharpness and flat-directions panes: a latest-job
/// worker per kind (a newer request replaces a waiting one; `cancelling` stops the running one and drops
/// what it would post), the warm-started λmax/λmin tracker (measurements in step order) and the recorder of
/// the run's weights (the landscape's training path and its trajectory directions). Main-actor owned, like
/// the runtime; the work itself runs on the analysis executor.
@MainActor
final class LandscapeWorkers {
    let landscape: LatestJobWorker<AppEvent>
    let sharpness: LatestJobWorker<AppEvent>
    let flat: LatestJobWorker<AppEvent>
    private var tracker = SharpnessJob()
    private(set) var recorder = TrajectoryRecorder()
    private var recordedBuild: Int?

    init(executor: JobExecutor) {
        landscape = LatestJobWorker(executor: executor)
        sharpness = LatestJobWorker(executor: executor)
        flat = LatestJobWorker(executor: executor)
    }

    /// Keeps the weights of an adapted snapshot on the path (a new build starts a new path).
    func record(_ s: SessionSnapshot) {
        if recordedBuild != s.build {
            recorder.clear()
            recordedBuild = s.build
        }
        recorder.offer(step: s.step, weights: s.model.parameters)
    }

    /// New weights (a rebuild): running work is cancelled, the warm start and the path forgotten.
    func reset() {
        cancel()
        tracker = SharpnessJob()
        recorder.clear()
        recordedBuild = nil
    }

    func cancel() {
        for w in [landscape, sharpness, flat] { w.cancel() }
    }

    /// Finished results, for the reducer.
    func take() -> [AppEvent] {
        [landscape, sharpness, flat].compactMap { $0.take() }
    }

    /// Starts `kind` on `snap` for the session whose state is `app`. A landscape request cancels the running
    /// one (its directions may have changed); sharpness measurements are never cancelled by a newer one, so
    /// they stay in step order.
    func start(_ kind: JobKind, app: AppState, snap: SessionSnapshot) {
        let build = snap.build
        switch kind {
        case .landscape:
            let directions = app.landscape.directions
            let path = recorder.weights
            landscape.submit(cancelling: true) { isCancelled, post in
                switch LandscapeJob.compute(snap, directions: directions, path: path, isCancelled: isCancelled) {
                case .success(let m):
                    post(.landscape(.landscape(m, failure: nil, directions: directions), build: build))
                case .failure(.cancelled):
                    return
                case .failure(.refused(let why)):
                    post(.landscape(.landscape(nil, failure: why, directions: directions), build: build))
                }
            }
        case .sharpness:
            let job = tracker
            sharpness.submit { isCancelled, post in
                guard let r = job.measure(snap, isCancelled: isCancelled) else {
                    post(.landscape(.sharpnessFailed, build: build))
                    return
                }
                let limit = SharpnessJob.emptyModel(snap)
                post(.landscape(.sharpness(step: r.step, lambdaMax: r.lambdaMax, lambdaMin: r.lambdaMin, limit: limit.limit,
                                           limitLabel: limit.limitLabel), build: build))
            }
        case .flatDirections:
            flat.submit(cancelling: true) { isCancelled, post in
                switch FlatDirectionsJob.compute(snap, isCancelled: isCancelled) {
                case .success(let m): post(.landscape(.flat(m, failure: nil), build: build))
                case .failure(.cancelled): return
                case .failure(.refused(let why)): post(.landscape(.flat(nil, failure: why), build: build))
                }
            }
        default:
            return
        }
    }

    /// The answer to a request that found no snapshot to work on (the reducer clears its busy flag).
    static func noSnapshot(_ kind: JobKind, directions: LandscapeDirectionKind) -> LandscapeUpdate? {
        switch kind {
        case .landscape: .landscape(nil, failure: "no snapshot yet", directions: directions)
        case .sharpness: .sharpnessFailed
        case .flatDirections: .flat(nil, failure: "no snapshot yet")
        default: nil
        }
    }
}
