import Foundation
import Testing
import TerminalUI
@testable import NCursesBackend

/// The backend on an off-screen terminal: `newterm` on temporary files (no real terminal needed).
/// ncurses keeps global state, so these tests run one at a time.
@Suite(.serialized) struct NCursesBackendTests {
    func temp(_ name: String, _ contents: String = "") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-\(getpid())-\(name)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func drawsOnlyChangedCellsAndDecodesInput() throws {
        let out = try temp("out")
        // Input queued before start: 'q', cursor up (keypad mode: ESC O A), Tab, Ctrl-C, and an
        // SGR mouse press of the right button at column 10, row 5 (1-based).
        let inp = try temp("in", "q\u{1b}OA\t\u{03}\u{1b}[<2;10;5M")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: inp) }
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        defer { unsetenv("LINES"); unsetenv("COLUMNS") }
        let backend = try NCursesBackend(term: "xterm-256color", outputPath: out, inputPath: inp)
        #expect(backend.size == Size(width: 40, height: 10))
        #expect(backend.colors >= 256)
        var frame = Buffer(width: 40, height: 10)
        frame.write("kinks 15 / max 16", x: 2, y: 1, style: Style(fg: .rgb6(5, 1, 3), bg: .grey(3), attributes: .bold))
        frame.write("λ ⣿ ▀", x: 2, y: 2)
        #expect(backend.draw(frame, previous: nil) == 400)
        var next = frame
        next.write("X", x: 0, y: 9)
        #expect(backend.draw(next, previous: frame) == 1)
        var events: [InputEvent] = []
        while let e = backend.pollEvent() { events.append(e) }
        backend.close()
        backend.close()   // idempotent
        #expect(events == [.key(.char("q")), .key(.up), .key(.tab), .key(.ctrl("c")),
                           .mouse(MouseEvent(x: 9, y: 4, button: .right))])
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("kinks 15 / max 16"))
        #expect(written.contains("λ ⣿ ▀"))
        #expect(written.contains("\u{1b}[?1049h"), "alternate screen entered")
        #expect(written.contains("\u{1b}[?1049l"), "alternate screen left on close")
        #expect(written.contains("\u{1b}[?25h") || written.contains("\u{1b}[?12l\u{1b}[?25h"), "cursor shown on close")
    }

    @Test func unknownTerminalIsAnErrorNotAnExit() throws {
        let out = try temp("out2")
        let inp = try temp("in2")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: inp) }
        #expect(throws: TerminalError.unknownTerminal("no-such-terminal-xyz")) {
            _ = try NCursesBackend(term: "no-such-terminal-xyz", outputPath: out, inputPath: inp)
        }
        #expect(throws: TerminalError.cannotAddressCursor("dumb")) {
            _ = try NCursesBackend(term: "dumb", outputPath: out, inputPath: inp)
        }
    }

    @Test func asciiModeWritesOnlyASCII() throws {
        let out = try temp("out3")
        let inp = try temp("in3")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: inp) }
        let backend = try NCursesBackend(term: "xterm", outputPath: out, inputPath: inp, ascii: true)
        var frame = Buffer(size: backend.size)
        frame.write("┌─ λ ⣿ ▲", x: 0, y: 0)
        backend.draw(frame, previous: nil)
        backend.close()
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains("+- l : ^"))
        #expect(!written.contains("λ"))
    }

    /// 400 distinct fg/bg combinations need colour pairs beyond 255, which only the `opts` path of
    /// setcchar can carry: every combination must still reach the terminal with its own colours.
    @Test func colourPairsBeyond255() throws {
        let out = try temp("out4")
        let inp = try temp("in4")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: inp) }
        setenv("LINES", "20", 1)
        setenv("COLUMNS", "20", 1)
        defer { unsetenv("LINES"); unsetenv("COLUMNS") }
        let backend = try NCursesBackend(term: "xterm-256color", outputPath: out, inputPath: inp)
        var frame = Buffer(width: 20, height: 20)
        for y in 0..<20 {
            for x in 0..<20 {
                frame.set(x, y, "#", Style(fg: Color(index: 16 + x), bg: Color(index: 100 + y)))
            }
        }
        backend.draw(frame, previous: nil)
        backend.close()
        let written = try String(contentsOfFile: out, encoding: .utf8)
        // The last cells drawn use pairs ~400: their colours are there.
        #expect(written.contains("\u{1b}[38;5;35m"))
        #expect(written.contains("\u{1b}[48;5;119m"))
    }

    @Test func keyDecoding() {
        #expect(KeyDecoder.decode(32, isKeyCode: false) == .char(" "))
        #expect(KeyDecoder.decode(27, isKeyCode: false) == .escape)
        #expect(KeyDecoder.decode(127, isKeyCode: false) == .backspace)
        #expect(KeyDecoder.decode(13, isKeyCode: false) == .enter)
        #expect(KeyDecoder.decode(3, isKeyCode: false) == .ctrl("c"))
        #expect(KeyDecoder.decode(0x3bb, isKeyCode: false) == .char("λ"))
        #expect(KeyDecoder.decode(0, isKeyCode: false) == nil)
        #expect(KeyDecoder.decode(0xD800, isKeyCode: false) == nil, "a lone surrogate is not a key")
        #expect(KeyDecoder.decode(0o403, isKeyCode: true) == .up)        // KEY_UP
        #expect(KeyDecoder.decode(0o410 + 5, isKeyCode: true) == .function(5))
        #expect(KeyDecoder.decode(0o777, isKeyCode: true) == nil)
    }
}
