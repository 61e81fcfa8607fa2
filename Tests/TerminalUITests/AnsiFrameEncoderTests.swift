import Testing
@testable import TerminalUI

/// What a recording stores for a frame, replayed by a small terminal model (cursor position, erase,
/// printable characters, SGR): the replayed screen is the frame, from scratch and as a diff.
@Suite struct AnsiFrameEncoderTests {
    /// A minimal VT100 model: CUP, ED 2, SGR (colours read into styles), printable characters.
    struct Screen {
        var cells: [[Cell]]
        var x = 0, y = 0
        var style = Style.plain
        init(width: Int, height: Int) { cells = Array(repeating: Array(repeating: .blank, count: width), count: height) }

        mutating func feed(_ s: String) {
            var it = Array(s.unicodeScalars).makeIterator()
            while let c = it.next() {
                guard c == "\u{1b}" else {
                    if y < cells.count, x < cells[y].count { cells[y][x] = Cell(c, style: style) }
                    x += 1
                    continue
                }
                guard it.next() == "[" else { continue }
                var params = ""
                var final: Unicode.Scalar = " "
                while let p = it.next() {
                    if p.properties.isAlphabetic { final = p; break }
                    params.unicodeScalars.append(p)
                }
                let n = params.split(separator: ";").map { Int($0) ?? 0 }
                switch final {
                case "H": y = max(1, n.first ?? 1) - 1; x = max(1, n.count > 1 ? n[1] : 1) - 1
                case "J": for r in cells.indices { for c in cells[r].indices { cells[r][c] = .blank } }
                case "m": style = sgr(n)
                default: break
                }
            }
        }

        func sgr(_ n: [Int]) -> Style {
            var s = Style.plain, i = 0
            while i < n.count {
                switch n[i] {
                case 1: s.attributes.insert(.bold)
                case 2: s.attributes.insert(.dim)
                case 4: s.attributes.insert(.underline)
                case 7: s.attributes.insert(.reverse)
                case 30...37: s.fg = Color(index: n[i] - 30)
                case 90...97: s.fg = Color(index: n[i] - 90 + 8)
                case 40...47: s.bg = Color(index: n[i] - 40)
                case 100...107: s.bg = Color(index: n[i] - 100 + 8)
                case 38: s.fg = Color(index: n[i + 2]); i += 2
                case 48: s.bg = Color(index: n[i + 2]); i += 2
                default: break
                }
                i += 1
            }
            return s
        }
    }

    static func frame(_ seed: Int) -> Buffer {
        var b = Buffer(width: 30, height: 8)
        b.drawBox(b.bounds, title: "Fit · kinks \(seed)", glyphs: .unicode, border: Style(fg: .grey(8)),
                  titleStyle: Style(fg: .rgb6(5, 4, 0), attributes: .bold))
        b.write("λmax \(seed * 3)  ⣿⡇▀", x: 2, y: 2 + seed % 3, style: Style(fg: .brightGreen, bg: .blue))
        b.write("plain text", x: 3, y: 6)
        return b
    }

    func check(_ screen: Screen, _ b: Buffer) {
        for y in 0..<b.height {
            for x in 0..<b.width { #expect(screen.cells[y][x] == b[x, y], "cell \(x),\(y)") }
        }
    }

    @Test func fullFrameReplaysToTheBuffer() {
        let b = Self.frame(1)
        var s = Screen(width: 30, height: 8)
        s.feed("garbage that the clear removes")
        s.feed(AnsiFrameEncoder().encode(b, previous: nil, size: b.size))
        check(s, b)
    }

    @Test func diffsReplayToEachNextFrame() {
        var s = Screen(width: 30, height: 8)
        var previous: Buffer?
        for i in 0..<5 {
            let b = Self.frame(i)
            let text = AnsiFrameEncoder().encode(b, previous: previous, size: b.size)
            s.feed(text)
            check(s, b)
            if previous != nil { #expect(!text.contains("\u{1b}[2J"), "a diff does not clear the screen") }
            previous = b
        }
        #expect(AnsiFrameEncoder().encode(Self.frame(2), previous: Self.frame(2), size: Size(width: 30, height: 8)).isEmpty)
    }

    @Test func asciiModeAndClipping() {
        let b = Self.frame(1)
        let text = AnsiFrameEncoder(ascii: true).encode(b, previous: nil, size: Size(width: 10, height: 3))
        let allASCII = text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII)
        var s = Screen(width: 30, height: 8)
        s.feed(text)
        #expect(s.cells[5].allSatisfy { $0 == .blank }, "rows outside the terminal are not drawn")
    }
}
