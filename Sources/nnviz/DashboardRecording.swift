import DashboardApp
import Dispatch
import Foundation
import TerminalUI

/// `--record FILE.cast`: the dashboard session as an asciicast v2 file that `asciinema play` replays.
///
/// What is recorded is each frame the runtime draws, encoded as escape sequences by `AnsiFrameEncoder`
/// (cursor moves, SGR, characters: only the cells that changed), with resizes as `"r"` events, timed by the
/// monotonic clock. (Teeing ncurses' own bytes through a `fopencookie` FILE does not work: ncurses 6 writes
/// with write(2) on the FILE's descriptor, which a cookie FILE does not have.) Every event is flushed at
/// once, so a crash loses nothing already on screen. Used on the main thread only.
final class DashboardRecording {
    private let handle: FileHandle
    private var encoder = AsciicastEncoder()
    private var frames: AnsiFrameEncoder
    private let start = DispatchTime.now().uptimeNanoseconds
    private var size = Size(width: 80, height: 24)
    private var finished = false

    /// Creates (truncates) `path` before the terminal is touched; throws the one-line error when it cannot.
    init(path: String, ascii: Bool) throws(CLIError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError.failure("\(path): cannot write the recording")
        }
        self.handle = handle
        frames = AnsiFrameEncoder(ascii: ascii)
    }

    /// The header, once the terminal's size is known.
    func begin(size: Size, title: String, environment: [String: String]) {
        self.size = size
        let env = [("SHELL", environment["SHELL"] ?? "/bin/sh"), ("TERM", environment["TERM"] ?? "xterm-256color")]
        emit(AsciicastEncoder.header(width: size.width, height: size.height, timestamp: Int(Date().timeIntervalSince1970),
                                     environment: env, title: title))
        // Cursor hidden, as the dashboard has it.
        output("\u{1b}[?25l")
    }

    /// One drawn frame (call before the frame becomes the one on screen).
    func frame(_ buffer: Buffer, previous: Buffer?) {
        let text = frames.encode(buffer, previous: previous, size: size)
        if !text.isEmpty { output(text) }
    }

    func resize(_ s: Size) {
        guard !finished, s != size else { return }
        size = s
        emit(encoder.resize(width: s.width, height: s.height, atMicroseconds: elapsed()))
    }

    /// Attributes reset and the cursor shown again; closes the file. Idempotent.
    func finish() {
        guard !finished else { return }
        output("\u{1b}[0m\u{1b}[?25h")
        finished = true
        try? handle.close()
    }

    private func output(_ text: String) {
        guard !finished, let line = encoder.output(Array(text.utf8), atMicroseconds: elapsed()) else { return }
        emit(line)
    }

    private func emit(_ line: String) {
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    private func elapsed() -> UInt64 { (DispatchTime.now().uptimeNanoseconds &- start) / 1000 }
}

/// The recording as the runtime's frame observer.
@MainActor
final class RecordingObserver: FrameObserver {
    let recording: DashboardRecording
    init(_ recording: DashboardRecording) { self.recording = recording }
    func frame(_ buffer: Buffer, previous: Buffer?) { recording.frame(buffer, previous: previous) }
    func resize(_ size: Size) { recording.resize(size) }
    func finish() { recording.finish() }
}
