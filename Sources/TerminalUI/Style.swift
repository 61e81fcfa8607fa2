/// A terminal colour: the terminal's default, or an index into the 256-colour xterm palette
/// (0–15 are the classic 16 colours, which every colour terminal has).
///
/// A small value type (two bytes) so a `Cell` stays a few bytes and a buffer is one flat array.
public struct Color: Hashable, Sendable {
    /// −1 means "the terminal's default colour"; 0…255 a palette index.
    public var index: Int16

    public init(index: Int) { self.index = Int16(max(-1, min(255, index))) }

    public static let `default` = Color(index: -1)
    public static let black = Color(index: 0)
    public static let red = Color(index: 1)
    public static let green = Color(index: 2)
    public static let yellow = Color(index: 3)
    public static let blue = Color(index: 4)
    public static let magenta = Color(index: 5)
    public static let cyan = Color(index: 6)
    public static let white = Color(index: 7)
    public static let brightBlack = Color(index: 8)
    public static let brightRed = Color(index: 9)
    public static let brightGreen = Color(index: 10)
    public static let brightYellow = Color(index: 11)
    public static let brightBlue = Color(index: 12)
    public static let brightMagenta = Color(index: 13)
    public static let brightCyan = Color(index: 14)
    public static let brightWhite = Color(index: 15)

    /// A colour of the 6×6×6 cube (each component 0…5).
    public static func rgb6(_ r: Int, _ g: Int, _ b: Int) -> Color {
        Color(index: 16 + 36 * max(0, min(5, r)) + 6 * max(0, min(5, g)) + max(0, min(5, b)))
    }

    /// One of the 24 greys (0 = darkest, 23 = lightest).
    public static func grey(_ level: Int) -> Color { Color(index: 232 + max(0, min(23, level))) }

    public var isDefault: Bool { index < 0 }
}

/// Text attributes as a bit set.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = Attributes(rawValue: 1 << 0)
    public static let dim = Attributes(rawValue: 1 << 1)
    public static let underline = Attributes(rawValue: 1 << 2)
    public static let reverse = Attributes(rawValue: 1 << 3)
}

/// Foreground, background and attributes: what a cell looks like apart from its character.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attributes: Attributes

    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    public static let plain = Style()

    public func bold() -> Style { var s = self; s.attributes.insert(.bold); return s }
    public func reversed() -> Style { var s = self; s.attributes.insert(.reverse); return s }
    public func with(fg: Color) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: Color) -> Style { var s = self; s.bg = bg; return s }
}

/// One character cell: a single Unicode scalar (the dashboard only draws single-width scalars:
/// ASCII, box drawing, braille, block elements) and its style. Plain data, no heap storage.
public struct Cell: Hashable, Sendable {
    public var character: Unicode.Scalar
    public var style: Style

    public init(_ character: Unicode.Scalar = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    public static let blank = Cell()

    public var fg: Color { style.fg }
    public var bg: Color { style.bg }
    public var isBold: Bool { style.attributes.contains(.bold) }
}
