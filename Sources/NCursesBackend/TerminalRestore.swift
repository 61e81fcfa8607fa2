#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Last-resort terminal restoration for paths where ncurses cannot run any more: a crash (fatal
/// signal) or `exit()` from anywhere. Signal handlers here only use async-signal-safe calls
/// (`tcsetattr`, `write`, `sigaction`, `raise`): they put back the saved tty modes and write the
/// escape sequences that leave the alternate screen, show the cursor and stop mouse reporting.
public enum TerminalRestore {
    /// The tty modes from before ncurses started, and whether they need restoring.
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var fd: Int32 = 0
    nonisolated(unsafe) static var previous: [sigaction] = Array(repeating: sigaction(), count: 32)
    nonisolated(unsafe) static var atexitInstalled = false
    /// Called at normal exit (from `atexit`) while the terminal is still in curses mode.
    nonisolated(unsafe) static var onExit: (() -> Void)?

    /// Mouse reporting off, attributes reset, cursor visible, keypad mode off, alternate screen off.
    static let sequence: [UInt8] = Array("\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1006l\u{1b}[0m\u{1b}[?25h\u{1b}[?1l\u{1b}>\u{1b}[?1049l".utf8)

    static let fatalSignals: [Int32] = [SIGSEGV, SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGTRAP]

    /// Saves the tty modes of `fd`: call before ncurses changes them.
    static func saveModes(fd: Int32) {
        self.fd = fd
        _ = tcgetattr(fd, &saved)
    }

    /// Arms the crash handlers and the atexit hook (after `saveModes`).
    static func arm(onExit: @escaping () -> Void) {
        self.onExit = onExit
        active = true
        for sig in fatalSignals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = crashHandler
            #else
            action.__sigaction_u.__sa_handler = crashHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(sig, &action, &old)
            previous[Int(sig)] = old
        }
        if !atexitInstalled {
            atexitInstalled = true
            atexit { TerminalRestore.exitHook() }
        }
    }

    /// Called after a normal restore: nothing left to do on crash or exit.
    static func disarm() {
        active = false
        onExit = nil
        for sig in fatalSignals { sigaction(sig, &previous[Int(sig)], nil) }
    }

    static func exitHook() {
        guard active else { return }
        let hook = onExit
        active = false
        hook?()
    }

    /// Async-signal-safe restore: tty modes and escape sequences only.
    static func emergencyRestore() {
        guard active else { return }
        active = false
        _ = tcsetattr(fd, TCSANOW, &saved)
        sequence.withUnsafeBufferPointer { p in _ = write(1, p.baseAddress, p.count) }
    }
}

/// The fatal-signal handler: restore the terminal, then let the previous handler (e.g. Swift's
/// backtracer) or the default action run, so the crash is still reported.
private func crashHandler(_ sig: Int32) {
    TerminalRestore.emergencyRestore()
    sigaction(sig, &TerminalRestore.previous[Int(sig)], nil)
    raise(sig)
}
