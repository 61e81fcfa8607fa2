import Testing
@testable import TerminalUI

/// `--ascii` captions: "x₁² + x₂² > 1" was drawn "x12 + x22 > 1" (found in tmux on the circle preset).
@Suite struct ASCIIMathTests {
    @Test func superscriptsBecomeCaretRuns() {
        #expect("x₁² + x₂² > 1".asciiMath == "x₁^2 + x₂^2 > 1")
        #expect("2¹⁰ pieces".asciiMath == "2^10 pieces")
        #expect("E[h²]".asciiMath == "E[h^2]")
        #expect("plain text".asciiMath == "plain text")
    }

    @Test func afterTheCellFallbackTheFormulaReadsRight() {
        var b = Buffer(width: 20, height: 1)
        b.write("x₁² + x₂² > 1".asciiMath, x: 0, y: 0)
        b.asciify()
        #expect(b.lines()[0].hasPrefix("x1^2 + x2^2 > 1"))
    }
}
