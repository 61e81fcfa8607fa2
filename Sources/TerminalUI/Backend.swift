/// A key press, decoded from whatever the terminal sent.
public enum Key: Hashable, Sendable {
    /// A printable character (including space).
    case char(Unicode.Scalar)
    /// Ctrl plus a letter (lower case), e.g. `.ctrl("c")`.
    case ctrl(Unicode.Scalar)
    case up, down, left, right
    case tab, backTab, enter, escape, backspace
    case home, end, pageUp, pageDown
    case function(Int)

    /// How the key is written in help text ("space", "Tab", "↑", "Ctrl-C", "q").
    public var label: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(Character(c))
        case .ctrl(let c): return "Ctrl-" + String(Character(c)).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Bksp"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let n): return "F\(n)"
        }
    }
}

/// Which mouse button was pressed.
public enum MouseButton: Hashable, Sendable { case left, middle, right }

/// A mouse press at a cell.
public struct MouseEvent: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var button: MouseButton
    public var shift: Bool
    public init(x: Int, y: Int, button: MouseButton, shift: Bool = false) {
        self.x = x
        self.y = y
        self.button = button
        self.shift = shift
    }
}

/// Input from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has this size.
    case resize(Size)
}

/// What the runtime needs from a terminal: its size, drawing a frame (only what changed) and reading
/// input without blocking. `NCursesBackend` implements it for real terminals, `MemoryBackend` for tests.
public protocol Backend: AnyObject {
    /// The current terminal size in cells.
    var size: Size { get }
    /// Brings the screen from `previous` (nil: unknown, draw everything) to `buffer`. Returns the
    /// number of cells written.
    @discardableResult
    func draw(_ buffer: Buffer, previous: Buffer?) -> Int
    /// The next pending input event, or nil when there is none (never blocks).
    func pollEvent() -> InputEvent?
}

/// An in-memory backend: the "screen" is a buffer. For tests of the render path and diffing.
public final class MemoryBackend: Backend {
    public private(set) var screen: Buffer
    public var pending: [InputEvent] = []
    /// Cells written by the last `draw` call.
    public private(set) var lastWritten = 0

    public init(width: Int, height: Int) { screen = Buffer(width: width, height: height) }

    public var size: Size { screen.size }

    public func resize(width: Int, height: Int) {
        screen = Buffer(width: width, height: height)
        pending.append(.resize(Size(width: width, height: height)))
    }

    @discardableResult
    public func draw(_ buffer: Buffer, previous: Buffer?) -> Int {
        if buffer.size != screen.size { screen = Buffer(size: buffer.size) }
        var s = screen
        lastWritten = buffer.forEachChange(from: previous) { x, y, cell in s[x, y] = cell }
        screen = s
        return lastWritten
    }

    public func pollEvent() -> InputEvent? { pending.isEmpty ? nil : pending.removeFirst() }
}
