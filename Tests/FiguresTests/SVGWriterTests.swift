import Foundation
import Testing
@testable import Figures

@Suite struct SVGWriterTests {
    @Test func escapesMarkupQuotesAndControls() {
        #expect(XMLEscape.text("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d")
        #expect(XMLEscape.attribute("say \"hi\" & 'bye'") == "say &quot;hi&quot; &amp; &apos;bye&apos;")
        // Characters XML 1.0 cannot carry become U+FFFD; tab and newline survive in text.
        #expect(XMLEscape.text("a\u{0}b\u{1b}c\td\ne") == "a\u{FFFD}b\u{FFFD}c\td\ne")
        #expect(XMLEscape.attribute("x\ny") == "x&#10;y")
        #expect(XMLEscape.text("λmax ≈ 0 · ‖W‖") == "λmax ≈ 0 · ‖W‖")
    }

    @Test func escapedDocumentParsesBackToTheSameText() throws {
        let nasty = "<script>&amp; \"q\" 'a' \u{7} ]]> λ"
        var doc = SVGDocument(width: 10, height: 10)
        doc.add(SVGElement("text", [("class", nasty)], text: nasty))
        let parsed = try ParsedSVG(doc.render())
        let text = try #require(parsed.elements.first { $0.name == "text" })
        #expect(text.attributes["class"] == nasty.replacingOccurrences(of: "\u{7}", with: "\u{FFFD}"))
        #expect(text.text == nasty.replacingOccurrences(of: "\u{7}", with: "\u{FFFD}"))
    }

    @Test func numbersAreLocaleFreeAndNeverNegativeZero() {
        #expect(SVGNumber.format(1.0) == "1")
        #expect(SVGNumber.format(12.345) == "12.35")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(-2.5) == "-2.5")
        #expect(SVGNumber.format(.nan) == "0")
    }

    @Test func niceTicksUseOneTwoFiveSteps() {
        #expect(NiceTicks.step(0, 1) == 0.2)
        #expect(NiceTicks.step(-2, 2) == 1)
        #expect(NiceTicks.step(0, 480) == 100)
        #expect(NiceTicks.step(0, 7e-4) == 2e-4 || NiceTicks.step(0, 7e-4) == 1e-4)
        for (lo, hi) in [(-2.2, 2.2), (0.0, 1000.0), (-0.013, 0.07), (3.0, 3.5), (-1e6, 2e6)] {
            let t = NiceTicks.linear(lo, hi)
            #expect(t.count >= 2 && t.count <= 7, "\(lo)...\(hi): \(t)")
            #expect(t.allSatisfy { $0 >= lo - 1e-9 && $0 <= hi + 1e-9 })
            let s = NiceTicks.step(lo, hi)
            let mantissa = s / pow(10, floor(log10(s)))
            #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(s)")
            for (a, b) in zip(t, t.dropFirst()) { #expect(abs(b - a - s) < 1e-9 * max(1, abs(s))) }
        }
        #expect(NiceTicks.labels(NiceTicks.linear(-2.2, 2.2)) == ["-2", "-1", "0", "1", "2"])
        #expect(NiceTicks.labels([0, 0.2, 0.4]) == ["0.0", "0.2", "0.4"])
        #expect(NiceTicks.decades(-3.2, 1.5) == [-3, -2, -1, 0, 1])
        #expect(NiceTicks.decades(-15, 2, maxCount: 6) == [-15, -12, -9, -6, -3, 0])
        #expect(Tick.log(-1, 1).map(\.label) == ["0.1", "0.2", "0.5", "1", "2", "5", "10"])
        #expect(Tick.log(-4, 1).map(\.label) == Tick.decades(-4, 1).map(\.label), "long axes: decades only")
        #expect(NiceTicks.decadeLabel(-2) == "0.01")
        #expect(NiceTicks.decadeLabel(2) == "100")
        #expect(NiceTicks.decadeLabel(-5) == "1e-5")
    }
}
