import Dashboard
import Dispatch
import NNSession
import PaneModels
import Synchronization

/// The lecture panes' background work (timings, the NTK run) and the `g` overlay's gradient check, on
/// their own serial queue: a token per request (a newer one cancels older work between steps), results
/// handed back through mailboxes that the frame empties. Neither ever blocks a frame.
final class LectureJobRunner: Sendable {
    let queue = DispatchQueue(label: "nnviz.lecture", qos: .utility)
    private let token = Atomic<Int>(0)
    let updates = Mailbox<(token: Int, update: LectureUpdate)>()
    let gradcheck = Mailbox<(token: Int, table: GradcheckOverlay)>()
    /// The newest `g` request (an older check finishing later is dropped).
    private let gradcheckToken = Atomic<Int>(0)
    var currentGradcheck: Int { gradcheckToken.load(ordering: .acquiring) }
    func newGradcheck() -> Int { gradcheckToken.add(1, ordering: .acquiringAndReleasing).newValue }

    var currentToken: Int { token.load(ordering: .acquiring) }

    /// A new request token; any older job sees it and stops.
    func newToken() -> Int { token.add(1, ordering: .acquiringAndReleasing).newValue }
}

extension DashboardRuntime {
    /// Starts the featured pane's job when the snapshot needs different work than the last one started
    /// (a new shape, seed or data), cancelling the old job.
    func startLectureJob(_ snap: SessionSnapshot) {
        let featured = state.presetPane
        guard let key = LectureJobs.key(featured: featured, snapshot: snap), key != lectureKey else { return }
        lectureKey = key
        let jobs = lectureJobs
        let token = jobs.newToken()
        jobs.queue.async {
            LectureJobs.run(featured: featured, snapshot: snap, isCancelled: { jobs.currentToken != token },
                            post: { jobs.updates.post((token, $0)) })
        }
    }

    /// Runs the `g` overlay's check on the newest snapshot.
    func startGradcheck() {
        guard let snap = lastSnapshot else {
            dispatch(.gradcheck(.failed("no snapshot yet")))
            return
        }
        let jobs = lectureJobs
        let token = jobs.newGradcheck()
        DispatchQueue.global(qos: .userInitiated).async { jobs.gradcheck.post((token, LectureJobs.gradcheck(snap))) }
    }

    /// Hands finished results to the reducer (stale ones, from a cancelled job, are dropped).
    func pullLecture() {
        if let done = lectureJobs.updates.take(), done.token == lectureJobs.currentToken {
            dispatch(.lecture(done.update))
        }
        if let done = lectureJobs.gradcheck.take(), done.token == lectureJobs.currentGradcheck {
            dispatch(.gradcheck(done.table))
        }
    }

    func cancelLectureJobs() {
        _ = lectureJobs.newToken()
        lectureKey = nil
    }
}
