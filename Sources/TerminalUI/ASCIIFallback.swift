extension Unicode.Scalar {
    /// A one-character ASCII stand-in for the symbols the dashboard draws (box drawing, arrows,
    /// Greek letters, braille, blocks), for terminals without Unicode (`--ascii`, dumb TERM).
    public var asciiFallback: Unicode.Scalar {
        if isASCII { return self }
        switch value {
        case 0x2800...0x28FF: return value == 0x2800 ? " " : ":"   // braille
        case 0x2500, 0x2501, 0x254C, 0x2508, 0x2014, 0x2013, 0x2212: return "-"
        case 0x2502, 0x2503, 0x2016: return "|"
        case 0x250C...0x254B: return "+"
        case 0x2580...0x259F: return "#"   // block elements
        default: break
        }
        switch self {
        case "·", "•", "∙", "˙": return "."
        case "λ": return "l"
        case "≈", "∼": return "~"
        case "×": return "x"
        case "÷": return "/"
        case "▲", "↑": return "^"
        case "↓": return "v"
        case "←": return "<"
        case "→", "▶": return ">"
        case "∈": return ":"
        case "…": return "~"
        case "θ": return "t"
        case "φ": return "p"
        case "²": return "2"
        default: return "?"
        }
    }
}

extension Buffer {
    /// Replaces every non-ASCII character by its ASCII stand-in (one pass, in place).
    public mutating func asciify() {
        for i in cells.indices where !cells[i].character.isASCII {
            cells[i].character = cells[i].character.asciiFallback
        }
    }
}
