import Testing
@testable import TerminalUI

@Suite struct BufferTests {
    @Test func writeClipsToBufferAndClipRect() {
        var b = Buffer(width: 6, height: 2)
        #expect(b.write("hello world", x: 2, y: 0) == 4)
        b.write("abc", x: -1, y: 1)
        #expect(b.lines() == ["  hell", "bc    "])
        var c = Buffer(width: 6, height: 1)
        c.write("xyz", x: 0, y: 0, clip: Rect(x: 1, y: 0, width: 1, height: 1))
        #expect(c.text == " y")
        // Out of range rows and negative widths do nothing.
        #expect(c.write("q", x: 0, y: 5) == 0)
        #expect(c.write("q", x: 0, y: 0, maxWidth: 0) == 0)
    }

    @Test func controlCharactersBecomeSpaces() {
        var b = Buffer(width: 4, height: 1)
        b.write("a\tb\n", x: 0, y: 0)
        #expect(b.lines() == ["a b "])
    }

    @Test func zeroSizedBufferIsSafe() {
        var b = Buffer(width: 0, height: 0)
        b.write("x", x: 0, y: 0)
        b.fill(Rect(x: -3, y: -3, width: 10, height: 10), "#")
        b[0, 0] = Cell("z")
        #expect(b.cells.isEmpty)
        #expect(b[0, 0] == .blank)
        b.drawBox(Rect(x: 0, y: 0, width: 5, height: 5), title: "t", glyphs: .unicode, border: .plain, titleStyle: .plain)
        #expect(b.text == "")
    }

    @Test func boxSnapshot() {
        var b = Buffer(width: 10, height: 4)
        let inner = b.drawBox(b.bounds, title: "Fit", glyphs: .unicode, border: .plain, titleStyle: .plain)
        #expect(inner == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(b.lines() == ["┌ Fit ───┐", "│        │", "│        │", "└────────┘"])
        var a = Buffer(width: 4, height: 3)
        a.drawBox(a.bounds, glyphs: .ascii, border: .plain, titleStyle: .plain)
        #expect(a.lines() == ["+--+", "|  |", "+--+"])
    }

    @Test func diffReportsExactlyTheChangedCells() {
        var a = Buffer(width: 5, height: 3)
        a.write("abc", x: 0, y: 0)
        var b = a
        b.write("X", x: 1, y: 0)
        b.setStyle(4, 2, Style(fg: .red))   // style-only change counts too
        var changes: [(Int, Int, Unicode.Scalar)] = []
        let n = b.forEachChange(from: a) { x, y, c in changes.append((x, y, c.character)) }
        #expect(n == 2)
        #expect(changes.map { "\($0.0),\($0.1),\($0.2)" } == ["1,0,X", "4,2, "])
        #expect(b.changeCount(from: b) == 0)
        // No previous frame or a different size: everything is written.
        #expect(b.changeCount(from: nil) == 15)
        #expect(b.changeCount(from: Buffer(width: 3, height: 5)) == 15)
    }

    @Test func memoryBackendConvergesToTheFrameWithDiffs() {
        let backend = MemoryBackend(width: 8, height: 2)
        var frame = Buffer(width: 8, height: 2)
        frame.write("step 1", x: 0, y: 0)
        #expect(backend.draw(frame, previous: nil) == 16)
        var next = frame
        next.write("2", x: 5, y: 0)
        #expect(backend.draw(next, previous: frame) == 1)
        #expect(backend.screen == next)
    }

    @Test func resizeKeepsStorageWhenSizeIsUnchanged() {
        var b = Buffer(width: 3, height: 2)
        b.write("abc", x: 0, y: 0)
        b.resize(width: 3, height: 2)
        #expect(b.lines()[0] == "abc")
        b.resize(width: 2, height: 1)
        #expect(b.lines() == ["  "])
        b.resize(width: -4, height: 7)
        #expect(b.size == Size(width: 0, height: 7))
    }
}

@Suite struct ASCIIFallbackTests {
    @Test func everyDashboardSymbolHasAnASCIIStandIn() {
        var b = Buffer(width: 20, height: 1)
        b.write("┌─│λ≈×▲•⣿▀→‖", x: 0, y: 0)
        b.asciify()
        #expect(b.lines()[0].hasPrefix("+-|l~x^.:#>|"))
        #expect(b.cells.allSatisfy { $0.character.isASCII })
        var c = Buffer(width: 12, height: 1)
        c.write("f₀ ≤ Π(nℓ+1)", x: 0, y: 0)
        c.asciify()
        #expect(c.lines()[0] == "f0 < P(nl+1)")
    }
}
