#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCurses
import TerminalUI

/// Why the terminal could not be opened.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(String)
    case cannotAddressCursor(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the dashboard needs a terminal on stdin and stdout (for scripts use `nnviz train` or `nnviz inspect`)"
        case .unknownTerminal(let t):
            return "unknown terminal type TERM=\(t.isEmpty ? "(unset)" : t): try TERM=xterm-256color"
        case .cannotAddressCursor(let t):
            return "terminal TERM=\(t) cannot position the cursor: try TERM=xterm-256color"
        }
    }
}

/// The one place that talks to ncurses: opens the terminal with `newterm` (which returns nil for an
/// unknown TERM instead of exiting like `initscr`), draws frame diffs, decodes keys, mouse clicks and
/// resizes, and restores the terminal on `close()`, at exit, and on a crash.
public final class NCursesBackend: Backend {
    private var screen: OpaquePointer?
    private var output: UnsafeMutablePointer<FILE>?
    private var input: UnsafeMutablePointer<FILE>?
    private let ownsFiles: Bool
    /// Colour count of the terminal (0 without colours).
    public let colors: Int
    /// Colour-pair cache: (fg + 1) * 257 + (bg + 1) → pair number, −1 unknown. No allocation per cell.
    private var pairs = [Int32](repeating: -1, count: 257 * 257)
    private let ascii: Bool
    public private(set) var isOpen = false

    /// Opens the controlling terminal (stdin/stdout). Refuses when either is not a TTY, because
    /// ncurses would happily write escape codes into a pipe.
    public convenience init(ascii: Bool = false) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        try self.init(term: nil, output: nnviz_stdout(), input: nnviz_stdin(), ownsFiles: false, ascii: ascii, restoreFD: 0)
    }

    /// Opens a terminal of type `term` on arbitrary files: with a temporary file as output this is an
    /// off-screen terminal for tests.
    public convenience init(term: String, outputPath: String, inputPath: String, ascii: Bool = false) throws {
        guard let out = fopen(outputPath, "w+"), let inp = fopen(inputPath, "r") else {
            throw TerminalError.notATerminal
        }
        try self.init(term: term, output: out, input: inp, ownsFiles: true, ascii: ascii, restoreFD: -1)
    }

    private init(term: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                 ownsFiles: Bool, ascii: Bool, restoreFD: Int32) throws {
        self.ownsFiles = ownsFiles
        self.ascii = ascii
        self.output = output
        self.input = input
        setlocale(LC_ALL, "")
        if restoreFD >= 0 { TerminalRestore.saveModes(fd: restoreFD) }
        // Keep line drawing in Unicode rather than the VT100 alternate character set.
        setenv("NCURSES_NO_UTF8_ACS", "1", 1)
        let termName = term ?? String(cString: getenv("TERM") ?? strdup(""))
        let scr: OpaquePointer? = term.map { t in t.withCString { newterm($0, output, input) } } ?? newterm(nil, output, input)
        guard let scr else {
            if ownsFiles { fclose(output); fclose(input) }
            throw TerminalError.unknownTerminal(termName)
        }
        screen = scr
        set_term(scr)
        guard nnviz_can_address_cursor() == 1 else {
            endwin()
            delscreen(scr)
            screen = nil
            if ownsFiles { fclose(output); fclose(input) }
            throw TerminalError.cannotAddressCursor(termName)
        }
        raw()            // Ctrl-C arrives as a key; SIGINT from `kill` is handled by the runtime.
        noecho()
        nonl()
        keypad(nnviz_stdscr(), true)
        nodelay(nnviz_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(nnviz_colors())
        } else {
            colors = 0
        }
        let mask = nnviz_button1_pressed() | nnviz_button1_clicked() | nnviz_button3_pressed() | nnviz_button3_clicked()
            | nnviz_button2_pressed() | nnviz_button_shift()
        mousemask(mask, nil)
        mouseinterval(0)
        isOpen = true
        if restoreFD >= 0 {
            TerminalRestore.arm { [weak self] in self?.close() }
        }
    }

    deinit { close() }

    /// Leaves curses mode: cursor visible, alternate screen off, tty modes restored. Idempotent.
    public func close() {
        guard isOpen, let screen else { return }
        isOpen = false
        set_term(screen)
        curs_set(1)
        endwin()
        delscreen(screen)
        self.screen = nil
        TerminalRestore.disarm()
        if ownsFiles {
            if let output { fclose(output) }
            if let input { fclose(input) }
        } else {
            fflush(nnviz_stdout())
        }
        output = nil
        input = nil
    }

    public var size: Size {
        guard isOpen else { return .zero }
        return Size(width: Int(nnviz_getmaxx(nnviz_stdscr())), height: Int(nnviz_getmaxy(nnviz_stdscr())))
    }

    /// The colour pair for fg/bg, allocated on first use (`alloc_pair`, only with colours started).
    private func pair(_ fg: Color, _ bg: Color) -> Int32 {
        guard colors > 0 else { return 0 }
        if fg.isDefault && bg.isDefault { return 0 }
        let key = (Int(fg.index) + 1) * 257 + Int(bg.index) + 1
        let cached = pairs[key]
        if cached >= 0 { return cached }
        // A colour the terminal lacks becomes one of its 8 — except bright black, which would become black
        // (invisible on a dark background): it becomes the default colour instead.
        func map(_ c: Color) -> Int32 {
            let i = Int32(c.index)
            if i < Int32(colors) { return i }
            return i == Int32(Color.brightBlack.index) ? -1 : i % 8
        }
        let f = map(fg), b = map(bg)
        let p = nnviz_alloc_pair(f, b)
        pairs[key] = p < 0 ? 0 : p
        return pairs[key]
    }

    private func attributes(_ a: Attributes) -> attr_t {
        var r = nnviz_a_normal()
        if a.contains(.bold) { r |= nnviz_a_bold() }
        if a.contains(.dim) { r |= nnviz_a_dim() }
        if a.contains(.underline) { r |= nnviz_a_underline() }
        if a.contains(.reverse) { r |= nnviz_a_reverse() }
        return r
    }

    @discardableResult
    public func draw(_ buffer: Buffer, previous: Buffer?) -> Int {
        guard isOpen else { return 0 }
        let s = size
        if previous == nil { wclear(nnviz_stdscr()) }
        let n = buffer.forEachChange(from: previous) { x, y, cell in
            guard x < s.width, y < s.height else { return }
            let ch = ascii ? cell.character.asciiFallback : cell.character
            _ = nnviz_put_cell(Int32(y), Int32(x), wchar_t(bitPattern: ch.value), attributes(cell.style.attributes),
                               pair(cell.style.fg, cell.style.bg))
        }
        wnoutrefresh(nnviz_stdscr())
        doupdate()
        return n
    }

    public func pollEvent() -> InputEvent? {
        guard isOpen else { return nil }
        while true {
            var ch: wint_t = 0
            let r = wget_wch(nnviz_stdscr(), &ch)
            if r == ERR { return nil }
            let isKeyCode = r == nnviz_key_code_yes()
            if isKeyCode && Int32(bitPattern: ch) == nnviz_key_resize() {
                return .resize(size)
            }
            if isKeyCode && Int32(bitPattern: ch) == nnviz_key_mouse() {
                var ev = MEVENT()
                guard getmouse(&ev) == OK else { continue }
                let st = ev.bstate
                let button: MouseButton
                if st & (nnviz_button1_pressed() | nnviz_button1_clicked()) != 0 {
                    button = .left
                } else if st & (nnviz_button3_pressed() | nnviz_button3_clicked()) != 0 {
                    button = .right
                } else if st & (nnviz_button2_pressed() | nnviz_button2_clicked()) != 0 {
                    button = .middle
                } else {
                    continue
                }
                return .mouse(MouseEvent(x: Int(ev.x), y: Int(ev.y), button: button,
                                         shift: st & nnviz_button_shift() != 0))
            }
            if let key = KeyDecoder.decode(UInt32(ch), isKeyCode: isKeyCode) { return .key(key) }
        }
    }
}
