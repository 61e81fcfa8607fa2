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
        case 0x2080...0x2089: return Unicode.Scalar(value - 0x2080 + 0x30) ?? "?"   // subscript digits
        case 0x2070, 0x2074...0x2079: return Unicode.Scalar(value - 0x2070 + 0x30) ?? "?"   // superscript digits
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
        case "³": return "3"
        case "¹": return "1"
        case "ℓ": return "l"
        case "Π": return "P"
        case "Σ": return "S"
        case "≤": return "<"
        case "≥": return ">"
        case "ε": return "e"
        case "σ": return "s"
        case "ᵀ": return "T"
        case "ᵢ": return "i"
        case "½": return "/"
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

extension String {
    /// Maths written for `--ascii` before the cell-by-cell fallback: superscript runs become "^" and
    /// their digits ("x₁² + x₂²" → "x₁^2 + x₂^2", "2¹⁰" → "2^10"), since a superscript 2 turned into a
    /// plain "2" beside a subscript 1 reads "x12" — a different formula. Everything else is unchanged.
    public var asciiMath: String {
        var out = String.UnicodeScalarView()
        var inSuperscript = false
        for s in unicodeScalars {
            let isSuper = s.value == 0x2070 || (0x2074...0x2079).contains(s.value) || s == "¹" || s == "²" || s == "³"
            if isSuper && !inSuperscript { out.append("^") }
            out.append(isSuper ? s.asciiFallback : s)
            inSuperscript = isSuper
        }
        return String(out)
    }
}
