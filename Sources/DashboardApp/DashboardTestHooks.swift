import Foundation

/// Test-only hooks, read once from the environment and kept apart from the runtime's logic.
enum DashboardTestHooks {
    /// `NNVIZ_TEST_CRASH=1`: trap on the first frame, to prove in the end-to-end test that a crash
    /// restores the terminal (fatal-signal handler in NCursesBackend.TerminalRestore).
    static let crashOnFirstFrame = ProcessInfo.processInfo.environment["NNVIZ_TEST_CRASH"] == "1"
}
