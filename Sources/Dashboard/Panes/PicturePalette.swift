import TerminalUI

/// Colours of the pictures: a diverging ramp with zero in the middle (units' outputs, weights, a regression
/// map), a class ramp from the background to the class's colour (decision-map confidence), and a sequential
/// ramp (active-unit counts). Each degrades to what the terminal has: 256 colours, 16 colours (two levels a
/// side), or glyphs (density) in monochrome and ASCII.
public struct PicturePalette: Sendable {
    public let mode: ColorMode
    public let ascii: Bool

    public init(theme: Theme) {
        mode = theme.mode
        ascii = theme.ascii
    }

    /// True when pictures are drawn with glyphs (no colour, or ASCII only).
    public var usesGlyphs: Bool { mode == .monochrome || ascii }

    /// Levels on each side of the diverging ramp.
    public var divergingLevels: Int { mode == .color256 ? 5 : 2 }

    /// The diverging level of `v` against `scale`: 0 for exactly 0 (a dead unit), else ±1…±levels.
    public func divergingLevel(_ v: Float, scale: Float) -> Int {
        guard v != 0, v.isFinite, scale > 0 else { return 0 }
        let n = divergingLevels
        let t = min(1, abs(v) / scale)
        let k = max(1, min(n, Int((t * Float(n)).rounded(.up))))
        return v > 0 ? k : -k
    }

    /// The colour of a diverging level (blue below zero, orange above, near-black for exactly zero).
    public func diverging(_ level: Int) -> Color {
        switch mode {
        case .color256:
            let neg: [Color] = [.rgb6(0, 0, 1), .rgb6(0, 1, 2), .rgb6(0, 1, 3), .rgb6(0, 2, 4), .rgb6(1, 3, 5)]
            let pos: [Color] = [.rgb6(1, 0, 0), .rgb6(2, 1, 0), .rgb6(3, 1, 0), .rgb6(4, 2, 0), .rgb6(5, 3, 1)]
            if level == 0 { return .grey(0) }
            return level < 0 ? neg[min(4, -level - 1)] : pos[min(4, level - 1)]
        case .color16, .color8:
            if level == 0 { return .black }
            return level < 0 ? (level <= -2 ? .brightBlue : .blue) : (level >= 2 ? .brightYellow : .red)
        case .monochrome:
            return .default
        }
    }

    /// A glyph for a diverging level (monochrome/ASCII): blank for zero, `-` `=` below, `+` `#` above.
    public func divergingGlyph(_ level: Int) -> Unicode.Scalar {
        if level == 0 { return " " }
        let strong = abs(level) * 2 > divergingLevels
        return level < 0 ? (strong ? "=" : "-") : (strong ? "#" : "+")
    }

    /// Confidence levels of the class shading (level 0 is the background).
    public var confidenceLevels: Int {
        switch mode {
        case .color256: return 6
        case .color16, .color8: return 2
        case .monochrome: return 4
        }
    }

    /// The level of a confidence in 0…1 (monotone: a higher confidence never gets a lower level).
    public func confidenceLevel(_ c: Float) -> Int {
        guard c.isFinite, c > 0 else { return 0 }
        let n = confidenceLevels
        return max(0, min(n - 1, Int(c * Float(n))))
    }

    /// Class `c`'s hue on the 6×6×6 cube (the same hues as the theme's class colours).
    static let hues: [(Int, Int, Int)] = [(0, 2, 5), (5, 1, 0), (0, 4, 1), (4, 0, 4), (5, 4, 0), (0, 4, 4), (5, 2, 3), (3, 3, 3)]

    /// The map colour of class `c` at confidence level `level` (0 = background … confidenceLevels−1 = the class's
    /// colour, kept darker than the data points' colour so points stay visible).
    public func classShade(_ c: Int, level: Int, theme: Theme) -> Color {
        switch mode {
        case .color256:
            if level <= 0 { return .grey(1) }
            let (r, g, b) = Self.hues[((c % 8) + 8) % 8]
            let t = Double(level) / Double(confidenceLevels - 1) * 0.65
            return .rgb6(Int((Double(r) * t).rounded()), Int((Double(g) * t).rounded()), Int((Double(b) * t).rounded()))
        case .color16, .color8:
            return level <= 0 ? .black : theme.regionColor(c)
        case .monochrome:
            return .default
        }
    }

    /// Density glyphs for a confidence level (monochrome: ░▒▓; ASCII: . : #).
    public func densityGlyph(_ level: Int) -> Unicode.Scalar {
        let glyphs: [Unicode.Scalar] = ascii ? [" ", ".", ":", "#"] : [" ", "░", "▒", "▓"]
        return glyphs[max(0, min(glyphs.count - 1, level))]
    }

    /// Sequential ramp for counts 0…max (active units): dark to bright green-yellow (16 and 8 colours: black, then
    /// five hues from dark to light).
    public func count(_ k: Int, of max: Int) -> Color {
        let t = max > 0 ? Double(k) / Double(max) : 0
        switch mode {
        case .color256:
            if k <= 0 { return .grey(1) }
            let ramp: [Color] = [.rgb6(0, 1, 1), .rgb6(0, 2, 1), .rgb6(0, 3, 1), .rgb6(1, 4, 1), .rgb6(3, 5, 1), .rgb6(5, 5, 2)]
            return ramp[Swift.min(ramp.count - 1, Int(t * Double(ramp.count - 1) + 0.5))]
        case .color16, .color8:
            // Several hues, not one green in two brightnesses (8 colours have no bright ones): counts stay apart.
            if k <= 0 { return .black }
            let ramp: [Color] = mode == .color16 ? [.green, .brightGreen, .yellow, .brightYellow, .brightWhite]
                                                 : [.blue, .green, .cyan, .yellow, .white]
            return ramp[Swift.max(0, Swift.min(ramp.count - 1, Int((t * Double(ramp.count)).rounded(.up)) - 1))]
        case .monochrome:
            return .default
        }
    }
}

extension PicturePalette {
    /// A regression map's colour for t in −1…1: a fine diverging ramp (blue below the middle of the value range,
    /// orange above, dark in the middle), fine enough that its steps do not read as regions.
    public func value(_ t: Float) -> Color {
        let t = t.isFinite ? max(-1, min(1, t)) : 0
        switch mode {
        case .color256:
            let ramp = t < 0 ? Self.valueRampLow : Self.valueRampHigh
            let k = min(ramp.count - 1, Int((abs(t) * Float(ramp.count - 1)).rounded()))
            return ramp[k]
        case .color16, .color8:
            if abs(t) < 0.2 { return .black }
            return t < 0 ? (t < -0.6 ? .brightBlue : .blue) : (t > 0.6 ? .brightRed : .red)
        case .monochrome:
            return .default
        }
    }

    /// The 256-colour value ramp from the middle (dark) out, below and above: ten steps a side, each one channel
    /// step from the last, so neighbouring cells differ by a shade and the map needs no dither.
    static let valueRampLow: [Color] = [.grey(3), .rgb6(0, 0, 1), .rgb6(0, 0, 2), .rgb6(0, 1, 2), .rgb6(0, 1, 3), .rgb6(0, 1, 4),
                                        .rgb6(0, 2, 4), .rgb6(0, 2, 5), .rgb6(1, 2, 5), .rgb6(1, 3, 5)]
    static let valueRampHigh: [Color] = [.grey(3), .rgb6(1, 0, 0), .rgb6(2, 0, 0), .rgb6(2, 1, 0), .rgb6(3, 1, 0), .rgb6(4, 1, 0),
                                         .rgb6(4, 2, 0), .rgb6(5, 2, 0), .rgb6(5, 3, 0), .rgb6(5, 3, 1)]

    /// A glyph for a regression value t in −1…1 (monochrome/ASCII): density by |t|, `-` side below the middle.
    public func valueGlyph(_ t: Float) -> Unicode.Scalar {
        let k = t.isFinite ? min(2, Int(abs(t) * 3)) : 0
        let low: [Unicode.Scalar] = ascii ? [" ", "-", "="] : [" ", "-", "="]
        let high: [Unicode.Scalar] = ascii ? [" ", "+", "#"] : [" ", "+", "#"]
        return t < 0 ? low[k] : high[k]
    }
}
