/// What the terminal can show: decided once at start-up from the terminal's capabilities,
/// `NO_COLOR` and `--ascii`.
public enum ColorMode: String, Sendable, CaseIterable {
    /// The 256-colour xterm palette.
    case color256
    /// Only the 16 classic colours.
    case color16
    /// Only the 8 basic colours (e.g. `TERM=xterm`): no bright colours, so nothing is drawn in "bright black",
    /// which such a terminal shows as black; dim text is the default colour with the dim attribute.
    case color8
    /// No colour at all (NO_COLOR, or a terminal without colours): shapes and attributes only.
    case monochrome
}

/// Characters that have an ASCII stand-in, chosen once per theme.
public struct Glyphs: Sendable {
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    /// Kink marker under a curve.
    public var marker: Unicode.Scalar
    /// A data point.
    public var point: Unicode.Scalar
    /// Vertical bar levels from empty to full (9 entries).
    public var bars: [Unicode.Scalar]
    /// A mid-dot separator.
    public var separator: Unicode.Scalar
    /// Selection arrow.
    public var arrow: Unicode.Scalar

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                       bottomLeft: "└", bottomRight: "┘", marker: "▲", point: "•",
                                       bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
                                       separator: "·", arrow: "▶")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                     bottomLeft: "+", bottomRight: "+", marker: "^", point: "o",
                                     bars: [" ", ".", ".", ":", ":", "+", "+", "#", "#"],
                                     separator: "|", arrow: ">")
}

/// Semantic colours and glyphs. Panes ask the theme for "the training data colour", never for a raw
/// palette index, so the same pane works in 256 colours, 16 colours, monochrome and ASCII.
public struct Theme: Sendable {
    public var mode: ColorMode
    /// True when only ASCII may be drawn (no braille, blocks or box drawing).
    public var ascii: Bool
    public var glyphs: Glyphs

    public var text: Style
    public var dim: Style
    public var title: Style
    public var focusedTitle: Style
    public var border: Style
    public var focusedBorder: Style
    public var status: Style
    public var warning: Style
    public var error: Style
    public var train: Color
    public var test: Color
    public var target: Color
    public var fit: Color
    public var kink: Color
    public var secondary: Color
    /// Strong colours for classes (data points); at least 8.
    public var classColors: [Color]
    /// Soft colours for class regions on the map (same order as `classColors`).
    public var regionColors: [Color]
    /// Region boundary colour on the map.
    public var boundary: Color

    public init(mode: ColorMode, ascii: Bool = false) {
        self.mode = mode
        self.ascii = ascii
        self.glyphs = ascii ? .ascii : .unicode
        switch mode {
        case .color256:
            text = Style(fg: .default)
            dim = Style(fg: .grey(12))
            title = Style(fg: .rgb6(5, 5, 5), attributes: .bold)
            focusedTitle = Style(fg: .rgb6(5, 4, 0), attributes: .bold)
            border = Style(fg: .grey(8))
            focusedBorder = Style(fg: .rgb6(5, 4, 0))
            status = Style(fg: .rgb6(5, 5, 5), bg: .rgb6(0, 1, 3))
            warning = Style(fg: .rgb6(5, 4, 0), attributes: .bold)
            error = Style(fg: .rgb6(5, 5, 5), bg: .rgb6(3, 0, 0), attributes: .bold)
            train = .rgb6(1, 3, 5)
            test = .rgb6(5, 2, 0)
            target = .grey(10)
            fit = .rgb6(0, 5, 2)
            kink = .rgb6(5, 1, 3)
            secondary = .rgb6(4, 3, 5)
            classColors = [.rgb6(0, 2, 5), .rgb6(5, 1, 0), .rgb6(0, 4, 1), .rgb6(4, 0, 4),
                           .rgb6(5, 4, 0), .rgb6(0, 4, 4), .rgb6(5, 2, 3), .rgb6(3, 3, 3)]
            regionColors = [.rgb6(0, 0, 2), .rgb6(2, 0, 0), .rgb6(0, 1, 0), .rgb6(1, 0, 1),
                            .rgb6(1, 1, 0), .rgb6(0, 1, 1), .rgb6(2, 1, 1), .grey(5)]
            boundary = .grey(18)
        case .color16:
            text = Style(fg: .default)
            dim = Style(fg: .brightBlack)
            title = Style(fg: .brightWhite, attributes: .bold)
            focusedTitle = Style(fg: .brightYellow, attributes: .bold)
            border = Style(fg: .brightBlack)
            focusedBorder = Style(fg: .yellow)
            status = Style(fg: .brightWhite, bg: .blue)
            warning = Style(fg: .brightYellow, attributes: .bold)
            error = Style(fg: .brightWhite, bg: .red, attributes: .bold)
            train = .brightBlue
            test = .brightRed
            target = .white
            fit = .brightGreen
            kink = .brightMagenta
            secondary = .brightCyan
            classColors = [.brightBlue, .brightRed, .brightGreen, .brightMagenta,
                           .brightYellow, .brightCyan, .white, .brightBlack]
            regionColors = [.blue, .red, .green, .magenta, .yellow, .cyan, .brightBlack, .black]
            boundary = .brightWhite
        case .color8:
            text = Style(fg: .default)
            dim = Style(attributes: .dim)
            title = Style(attributes: .bold)
            focusedTitle = Style(fg: .yellow, attributes: .bold)
            border = Style()
            focusedBorder = Style(fg: .yellow, attributes: .bold)
            status = Style(fg: .white, bg: .blue, attributes: .bold)
            warning = Style(fg: .yellow, attributes: .bold)
            error = Style(fg: .white, bg: .red, attributes: .bold)
            train = .cyan
            test = .red
            target = .white
            fit = .green
            kink = .magenta
            secondary = .yellow
            classColors = [.blue, .red, .green, .magenta, .yellow, .cyan, .white, .default]
            regionColors = [.blue, .red, .green, .magenta, .yellow, .cyan, .white, .black]
            boundary = .white
        case .monochrome:
            text = Style()
            dim = Style(attributes: .dim)
            title = Style(attributes: .bold)
            focusedTitle = Style(attributes: [.bold, .underline])
            border = Style()
            focusedBorder = Style(attributes: .bold)
            status = Style(attributes: .reverse)
            warning = Style(attributes: .bold)
            error = Style(attributes: [.bold, .reverse])
            train = .default
            test = .default
            target = .default
            fit = .default
            kink = .default
            secondary = .default
            classColors = [Color](repeating: .default, count: 8)
            regionColors = [Color](repeating: .default, count: 8)
            boundary = .default
        }
    }

    /// For a projector: no dim greys, white borders, bold text, fully saturated data colours. Same shapes
    /// as the plain theme, so everything still reads in monochrome and ASCII.
    public static func highContrast(mode: ColorMode, ascii: Bool = false) -> Theme {
        var t = Theme(mode: mode, ascii: ascii)
        switch mode {
        case .color256, .color16, .color8:
            let white: Color = mode == .color256 ? .rgb6(5, 5, 5) : mode == .color16 ? .brightWhite : .white
            let yellow: Color = mode == .color256 ? .rgb6(5, 5, 0) : mode == .color16 ? .brightYellow : .yellow
            t.text = Style(fg: white)
            t.dim = Style(fg: white)
            t.title = Style(fg: white, attributes: .bold)
            t.focusedTitle = Style(fg: yellow, attributes: .bold)
            t.border = Style(fg: white)
            t.focusedBorder = Style(fg: yellow, attributes: .bold)
            t.status = Style(fg: .black, bg: yellow, attributes: .bold)
            if mode == .color256 {
                t.train = .rgb6(0, 3, 5)
                t.test = .rgb6(5, 3, 0)
                t.target = .rgb6(5, 5, 5)
                t.fit = .rgb6(0, 5, 0)
                t.kink = .rgb6(5, 0, 5)
                t.boundary = .rgb6(5, 5, 5)
            }
        case .monochrome:
            t.dim = Style()
            t.text = Style(attributes: .bold)
            t.border = Style(attributes: .bold)
        }
        return t
    }

    /// True when no style of this theme uses a colour the terminal lacks (a palette index ≥ `colors`), so
    /// nothing falls back to another colour (bright black to black: invisible on a dark background).
    public func onlyUses(colors: Int) -> Bool {
        var styles = [text, dim, title, focusedTitle, border, focusedBorder, status, warning, error]
        styles += ([train, test, target, fit, kink, secondary, boundary] + classColors + regionColors).map { Style(fg: $0) }
        return styles.allSatisfy { Int($0.fg.index) < colors && Int($0.bg.index) < colors }
    }

    /// True when the map should use glyphs instead of coloured half blocks.
    public var mapUsesGlyphs: Bool { mode == .monochrome || ascii }

    /// Region glyphs per class for monochrome/ASCII maps (light to dark-ish textures).
    public var regionGlyphs: [Unicode.Scalar] {
        ascii ? [" ", ".", ",", "-", "~", "=", ";", "_"] : [" ", "·", "░", "▒", "˙", "∙", "┈", "╌"]
    }

    /// Point glyphs per class for monochrome/ASCII maps.
    public var classGlyphs: [Unicode.Scalar] { ["o", "x", "+", "*", "#", "@", "%", "&"] }

    /// Class `i`'s point colour (cycling).
    public func classColor(_ i: Int) -> Color { classColors[((i % classColors.count) + classColors.count) % classColors.count] }
    /// Class `i`'s region colour (cycling).
    public func regionColor(_ i: Int) -> Color { regionColors[((i % regionColors.count) + regionColors.count) % regionColors.count] }

    /// Picks a mode from what the terminal reports and from the environment (`NO_COLOR` set to
    /// anything non-empty → monochrome, per no-color.org).
    public static func detect(colors: Int, noColor: Bool, ascii: Bool, highContrast: Bool = false) -> Theme {
        let mode: ColorMode = noColor || colors < 8 ? .monochrome
            : (colors >= 256 ? .color256 : colors >= 16 ? .color16 : .color8)
        return highContrast ? Theme.highContrast(mode: mode, ascii: ascii) : Theme(mode: mode, ascii: ascii)
    }
}
