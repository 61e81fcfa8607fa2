import TerminalUI

/// Text that fits its width whole. A cut number reads as a different number and a cut word as a typo, so a
/// writer with too little room picks a shorter variant, wraps at spaces, ends with "…" after a whole word,
/// or drops the item; it never lets the pane edge cut a token (the tests' ``Buffer/clipLog`` finds any).
enum TextFit {
    /// Cells `text` takes (``Buffer/write(_:x:y:style:maxWidth:clip:)`` skips combining marks).
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.generalCategory == .nonspacingMark ? 0 : 1) }
    }

    /// The first variant (longest first) that fits `width` cells; nil when none does (drop the item).
    static func first(_ variants: [String], width: Int) -> String? {
        variants.first { self.width($0) <= width }
    }

    /// `line` if it fits, else its longest run of whole words that fits with "…" after it; empty when not
    /// even the first word does.
    static func ellipsized(_ line: String, width: Int) -> String {
        guard self.width(line) > width else { return line }
        var out = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            let next = out.isEmpty ? String(word) : out + " " + word
            if self.width(next) + 1 > width { break }
            out = next
        }
        while out.last == " " { out.removeLast() }
        return out.isEmpty ? "" : out + "…"
    }

    /// As many of `parts` as fit `width`, from the first, joined by `separator` (a line of separate facts
    /// loses whole facts from its end).
    static func leadingParts(_ parts: [String], separator: String, width: Int) -> String {
        var out = ""
        for part in parts {
            let next = out.isEmpty ? part : out + separator + part
            if self.width(next) > width { break }
            out = next
        }
        return out
    }

    /// `text` in at most `rows` lines of `width` cells, broken at spaces; when it does not all fit, the last
    /// line ends with "…" after a whole word (a word wider than a line ends the text there, marked the same).
    static func wrapped(_ text: String, width: Int, rows: Int) -> [String] {
        guard width > 0, rows > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        let words = text.split(separator: " ").map(String.init)
        /// What is left (from word `i` on) does not fit: the current line, or the one before it, takes "…".
        func overflow(_ i: Int) -> [String] {
            var rest = ([line] + words[i...]).filter { !$0.isEmpty }.joined(separator: " ")
            while true {
                let last = ellipsized(rest, width: width)
                if !last.isEmpty { return lines + [last] }
                guard let previous = lines.popLast() else { return [] }
                rest = previous + " " + rest
            }
        }
        for (i, word) in words.enumerated() {
            let candidate = line.isEmpty ? word : line + " " + word
            if self.width(candidate) <= width {
                line = candidate
                continue
            }
            if self.width(word) > width || lines.count == rows - 1 { return overflow(i) }
            lines.append(line)
            line = word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension Buffer {
    /// Writes the first of `variants` (longest first) that fits between `x` and the clip's right edge; writes
    /// nothing when none fits. Returns the cells written.
    @discardableResult
    mutating func writeFitting(_ variants: [String], x: Int, y: Int, style: Style, clip: Rect) -> Int {
        guard let text = TextFit.first(variants, width: clip.maxX - x) else { return 0 }
        return write(text, x: x, y: y, style: style, clip: clip)
    }

    /// Writes `text` wrapped at spaces into the rows of `rect` from `y` (the last row ends with "…" when it
    /// does not all fit). Returns the rows used.
    @discardableResult
    mutating func writeWrapped(_ text: String, in rect: Rect, y: Int, style: Style, rows: Int = .max) -> Int {
        let lines = TextFit.wrapped(text, width: rect.width, rows: Swift.min(rows, rect.maxY - y))
        for (i, line) in lines.enumerated() { write(line, x: rect.x, y: y + i, style: style, clip: rect) }
        return lines.count
    }
}
