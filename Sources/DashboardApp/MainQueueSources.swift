import Dispatch
import Foundation

/// The main-queue event sources both dashboards (single and compare) run on: SIGINT, SIGTERM and SIGHUP
/// as Dispatch signal sources (the signals themselves are set to SIG_IGN before ncurses starts), and the
/// frame timer. One place, so both runtimes end and tick the same way.
@MainActor
public struct MainQueueSources {
    private var signals: [DispatchSourceSignal] = []
    private var timer: DispatchSourceTimer?

    /// Starts the sources: `onSignal` gets the exit code 128 + signal; `onFrame` runs `fps` times a second.
    public init(fps: Int, onSignal: @escaping @MainActor (Int32) -> Void, onFrame: @escaping @MainActor () -> Void) {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
            source.setEventHandler { MainActor.assumeIsolated { onSignal(128 + sig) } }
            source.resume()
            signals.append(source)
        }
        let t = DispatchSource.makeTimerSource(flags: [], queue: .main)
        t.schedule(deadline: .now(), repeating: .nanoseconds(max(1, 1_000_000_000 / max(1, fps))), leeway: .milliseconds(2))
        t.setEventHandler { MainActor.assumeIsolated { onFrame() } }
        t.resume()
        timer = t
    }

    /// Stops the timer and the signal sources (before the terminal is restored).
    public func cancel() {
        timer?.cancel()
        for s in signals { s.cancel() }
    }
}
