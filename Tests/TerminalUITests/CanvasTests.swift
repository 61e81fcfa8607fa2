import Testing
@testable import TerminalUI

@Suite struct CanvasTests {
    @Test func brailleDotsMapToTheUnicodeBitLayout() {
        // Each of the 8 dots of one cell, checked against the Unicode braille numbering:
        // dot1 (0,0)=0x01 dot2 (0,1)=0x02 dot3 (0,2)=0x04 dot7 (0,3)=0x40
        // dot4 (1,0)=0x08 dot5 (1,1)=0x10 dot6 (1,2)=0x20 dot8 (1,3)=0x80
        let expected: [(Int, Int, UInt32)] = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
                                              (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80)]
        for (x, y, bit) in expected {
            var c = BrailleCanvas(width: 1, height: 1)
            c.set(dotX: x, dotY: y, color: .red)
            #expect(c.isSet(dotX: x, dotY: y))
            var b = Buffer(width: 1, height: 1)
            c.render(into: &b, at: (0, 0))
            #expect(b[0, 0].character.value == 0x2800 + bit)
            #expect(b[0, 0].fg == .red)
        }
        var full = BrailleCanvas(width: 1, height: 1)
        for x in 0..<2 { for y in 0..<4 { full.set(dotX: x, dotY: y, color: .default) } }
        var b = Buffer(width: 1, height: 1)
        full.render(into: &b, at: (0, 0))
        #expect(b.text == "⣿")
    }

    @Test func brailleLineSnapshot() {
        var c = BrailleCanvas(width: 4, height: 2)
        c.line(0, 0, 7, 7, color: .green)
        var b = Buffer(width: 4, height: 2)
        c.render(into: &b, at: (0, 0))
        #expect(b.lines() == ["⠑⢄  ", "  ⠑⢄"])
        // ASCII fallback: upper dots ', lower dots ., both :
        var a = Buffer(width: 4, height: 2)
        c.render(into: &a, at: (0, 0), ascii: true)
        #expect(a.lines() == ["'.  ", "  '."])
    }

    @Test func brailleMapsDataCoordinatesAndRejectsNonFinite() {
        let c = BrailleCanvas(width: 5, height: 3)   // 10 × 12 dots
        #expect(c.dotX(-1, -1, 1) == 0)
        #expect(c.dotX(1, -1, 1) == 9)
        #expect(c.dotY(1, 0, 1) == 0)
        #expect(c.dotY(0, 0, 1) == 11)
        #expect(c.dotX(.nan, 0, 1) == nil)
        #expect(c.dotY(.infinity, 0, 1) == nil)
        #expect(c.dotX(0.5, 1, 1) == nil)
        #expect(c.dotX(1e300, 0, 1e-300) == nil)
    }

    @Test func brailleClipsAndLongLinesTerminate() {
        var c = BrailleCanvas(width: 2, height: 1)
        c.line(-1_000_000, -5, 1_000_000, 9, color: .red)
        c.set(dotX: 99, dotY: 0, color: .red)
        var b = Buffer(width: 2, height: 1)
        c.render(into: &b, at: (0, 0))
        #expect(b.lines()[0].unicodeScalars.allSatisfy { $0.value >= 0x2800 && $0.value <= 0x28ff })
        var z = BrailleCanvas(width: 0, height: 0)
        z.line(0, 0, 5, 5, color: .red)
        z.reset(width: 3, height: 1)
        #expect(z.dotWidth == 6)
    }

    @Test func halfBlocksCarryTwoPixelsPerCell() {
        var c = HalfBlockCanvas(width: 2, height: 1)
        c[0, 0] = 1; c[0, 1] = 2
        c[1, 0] = 0; c[1, 1] = 9   // beyond the palette → last entry
        var b = Buffer(width: 2, height: 1)
        let palette: [Color] = [.black, .red, .blue]
        c.render(into: &b, at: (0, 0), mode: .halfBlocks, palette: palette)
        #expect(b.text == "▀▀")
        #expect(b[0, 0].fg == .red && b[0, 0].bg == .blue)
        #expect(b[1, 0].fg == .black && b[1, 0].bg == .blue)
    }

    @Test func halfBlockGlyphModeShowsTheHigherPixel() {
        var c = HalfBlockCanvas(width: 3, height: 1)
        c[0, 0] = 0; c[0, 1] = 0
        c[1, 0] = 2; c[1, 1] = 1
        c[2, 0] = 1; c[2, 1] = 3
        var b = Buffer(width: 3, height: 1)
        c.render(into: &b, at: (0, 0), mode: .glyphs, palette: [], glyphs: [" ", ".", "o", "x"])
        #expect(b.lines() == [" ox"])
        c.reset(width: 1, height: 2, value: 3)
        #expect(c.pixelHeight == 4 && c[0, 3] == 3 && c[5, 5] == 0)
    }

    @Test func themesDegrade() {
        #expect(Theme.detect(colors: 256, noColor: false, ascii: false).mode == .color256)
        #expect(Theme.detect(colors: 16, noColor: false, ascii: false).mode == .color16)
        #expect(Theme.detect(colors: 256, noColor: true, ascii: false).mode == .monochrome)
        #expect(Theme.detect(colors: 0, noColor: false, ascii: true).glyphs.horizontal == "-")
        let mono = Theme(mode: .monochrome)
        #expect(mono.classColors.allSatisfy { $0.isDefault })
        #expect(mono.mapUsesGlyphs)
        let c16 = Theme(mode: .color16)
        #expect((c16.classColors + c16.regionColors).allSatisfy { $0.index >= 0 && $0.index < 16 })
        #expect(Theme(mode: .color256).classColor(-1) == Theme(mode: .color256).classColor(7))
        #expect(Glyphs.ascii.bars.allSatisfy { $0.isASCII } && Glyphs.ascii.bars.count == Glyphs.unicode.bars.count)
    }
}
