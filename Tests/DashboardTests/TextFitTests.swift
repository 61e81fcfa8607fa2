import Testing
import TerminalUI
@testable import Dashboard

/// ``TextFit``: text shortened only at whole tokens, checked against the cells a clip-logging buffer shows.
@Suite struct TextFitTests {
    @Test func firstVariantThatFitsOrNone() {
        let variants = ["15 kinks = 16 linear pieces of at most 81", "15 kinks = 16 pieces ≤ 81", "16 pieces ≤ 81"]
        #expect(TextFit.first(variants, width: 41) == variants[0])
        #expect(TextFit.first(variants, width: 40) == variants[1])
        #expect(TextFit.first(variants, width: 14) == variants[2])
        #expect(TextFit.first(variants, width: 13) == nil)
    }

    @Test func ellipsizedKeepsWholeWords() {
        #expect(TextFit.ellipsized("loss 0.0623 at step 400", width: 30) == "loss 0.0623 at step 400")
        #expect(TextFit.ellipsized("loss 0.0623 at step 400", width: 13) == "loss 0.0623…")
        #expect(TextFit.ellipsized("loss 0.0623 at step 400", width: 11) == "loss…")
        #expect(TextFit.ellipsized("0.0623", width: 4) == "")
    }

    /// Every wrapped line fits, the words come back in order, and only the last line may end with "…".
    @Test func wrappedLinesFitAndKeepTheWords() {
        let text = "loss exactly 0 at every step (a perfect fit): nothing to draw on a log axis"
        for width in 6...40 {
            let all = TextFit.wrapped(text, width: width, rows: 100)
            #expect(all.allSatisfy { TextFit.width($0) <= width })
            let words = all.joined(separator: " ").split(separator: " ").map(String.init)
            if !all.joined().contains("…") { #expect(words == text.split(separator: " ").map(String.init), "width \(width)") }
            let two = TextFit.wrapped(text, width: width, rows: 2)
            #expect(two.count <= 2 && two.dropLast().allSatisfy { !$0.hasSuffix("…") })
            #expect(two.last?.hasSuffix("…") ?? true || two.joined(separator: " ") == text, "width \(width): \(two)")
        }
        #expect(TextFit.wrapped(text, width: 40, rows: 2) == ["loss exactly 0 at every step (a perfect",
                                                              "fit): nothing to draw on a log axis"])
    }

    @Test func leadingPartsKeepsWholeFacts() {
        #expect(TextFit.leadingParts(["λmax 12.5", "λmin -0.4"], separator: "   ", width: 21) == "λmax 12.5   λmin -0.4")
        #expect(TextFit.leadingParts(["λmax 12.5", "λmin -0.4"], separator: "   ", width: 20) == "λmax 12.5")
        #expect(TextFit.leadingParts(["λmax 12.5"], separator: "   ", width: 5) == "")
    }

    /// The buffer helpers write nothing cut: the clip log stays empty at every width.
    @Test func bufferHelpersNeverCut() {
        for width in 1...50 {
            var b = Buffer(width: width, height: 3)
            b.clipLog = []
            b.writeFitting(["h1·1 > 0 on 40% of the box", "> 0 on 40%"], x: 0, y: 0, style: .plain, clip: b.bounds)
            b.writeWrapped("estimating λmax (Lanczos)…", in: Rect(x: 0, y: 1, width: width, height: 2), y: 1, style: .plain)
            #expect(b.clipLog?.isEmpty == true, "width \(width): \(b.clipLog ?? [])")
        }
    }
}
