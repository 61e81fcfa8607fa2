import Foundation

/// stdout and stderr for the headless commands, written with write(2) so that a reader that went away
/// (`nnviz train … | head -1`) or a closed or full output never kills nnviz by SIGPIPE (exit 141) or
/// traps in Foundation (`FileHandle.write(_:)` traps on a write error): it stops instead.
///
/// Exit codes when stdout fails: 0 when the reader went away (EPIPE) — the pipeline's consumer decided it
/// had read enough, as `head` users expect, and the work already done was not wrong; 1 with one line on
/// stderr for any other failure (stdout closed with `>&-`, disk full, I/O error), which is a real loss of
/// output the caller should hear about.
enum StandardStreams {
    enum Failure: Error, Equatable {
        /// EPIPE: nobody reads stdout any more.
        case readerGone
        /// Any other write error, as one line.
        case failed(String)

        var exitCode: Int32 { self == .readerGone ? 0 : 1 }
    }

    /// Set by `prepare()` when fd 1 was closed at startup (it then holds /dev/null).
    nonisolated(unsafe) private static var stdoutWasClosed = false

    /// First thing in `main`: ignore SIGPIPE (write errors come back as EPIPE), and give closed fds 0-2
    /// /dev/null so that a file opened later (a preset, the temporary file of `--save`) can never take
    /// number 1 and receive the JSON lines. A closed stdout is remembered and reported on the first write.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                _ = dup2(null, fd)
                close(null)
            }
            if fd == 1 { stdoutWasClosed = true }
        }
    }

    /// Writes all of `text` to stdout, or says why it could not.
    static func write(_ text: String) throws(Failure) {
        if stdoutWasClosed { throw .failed("cannot write to standard output: it is closed") }
        let error = writeAll(1, Array(text.utf8))
        if error == 0 { return }
        if error == EPIPE { throw .readerGone }
        throw .failed("cannot write to standard output: " + String(cString: strerror(error)))
    }

    /// Writes to stdout, or ends the program as described above (for commands with nothing to finish).
    static func writeOrExit(_ text: String) {
        do { try write(text) } catch { exit(error) }
    }

    /// Ends the program for a stdout failure: silently with 0 for a reader gone, else one line and 1.
    static func exit(_ failure: Failure) -> Never {
        if case .failed(let message) = failure { error("nnviz: " + message + "\n") }
        Foundation.exit(failure.exitCode)
    }

    /// Writes to stderr, ignoring failures (there is nowhere left to report them).
    static func error(_ text: String) {
        _ = writeAll(2, Array(text.utf8))
    }

    /// write(2) until done; 0 or the errno of the failure (EINTR retried).
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { buf -> Int32 in
            guard var p = buf.baseAddress else { return 0 }
            var left = buf.count
            while left > 0 {
                let n = Glibc.write(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                p += n
                left -= n
            }
            return 0
        }
    }
}
