import Foundation
import NNSession

/// Test-only hooks, read once from the environment and kept apart from the runtime's logic.
public enum DashboardTestHooks {
    /// `NNVIZ_TEST_CRASH=1`: trap on the first frame, to prove in the end-to-end test that a crash
    /// restores the terminal (fatal-signal handler in NCursesBackend.TerminalRestore).
    static let crashOnFirstFrame = ProcessInfo.processInfo.environment["NNVIZ_TEST_CRASH"] == "1"

    /// `NNVIZ_TEST_SIGNAL_DURING_WRITE=INT|TERM|HUP`: raise that signal while a file is being written (its
    /// temporary file complete but not yet renamed), to prove the temporary file is removed. The signal's
    /// default action is restored and the signal unblocked first (a test runner may start nnviz with it
    /// ignored or blocked).
    public static func install() {
        let signals = ["INT": SIGINT, "TERM": SIGTERM, "HUP": SIGHUP]
        if let name = ProcessInfo.processInfo.environment["NNVIZ_TEST_SIGNAL_DURING_WRITE"], let sig = signals[name] {
            signal(sig, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            sigprocmask(SIG_UNBLOCK, &set, nil)
            SafeFileWriter.afterTemporaryWritten = { _ = raise(sig) }
        }
    }
}
