import Foundation
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The screen at the four sizes a lecture meets (160×48 desktop, 120×36, 100×30 projector laptop, 80×24), in
/// single mode and compare mode with 2 and 4 sessions: snapshots, and nothing a claim needs is cut — the
/// caption wraps whole, every loss title keeps its test loss, compare panels keep λmax.
@Suite struct ScreenSizeTests {
    static let sizes: [(Int, Int)] = [(160, 48), (120, 36), (100, 30), (80, 24)]
    /// A caption as long as the shipped ones (the regularisation preset's).
    static let caption = "J(θ) = L(θ) + ½λ‖θ‖² (L2, λ = 10⁻³); AdamW θ ← θ − η(m̂/(√v̂+ε) + λθ) (λ = 0.1); dropout zeroes each hidden unit with p = 0.2 in training. Train loss falls for all; test loss (noise floor 0.09) is lowest with a regulariser."

    /// Titles of the framed panes ("┌ Title ─…").
    static func titles(_ lines: [String]) -> [String] {
        lines.flatMap { $0.components(separatedBy: "┌ ").dropFirst().map { $0.components(separatedBy: " ─").first ?? $0 } }
    }

    @Test(arguments: [0, 1, 2, 3])
    func single(_ k: Int) throws {
        let (w, h) = Self.sizes[k]
        var s = Fixtures.state(width: w, height: h)
        s.model?.caption = Self.caption
        let b = PresetScreens.render(s)
        try assertSnapshot(b, named: "size-single-\(w)x\(h)")
        let lines = b.lines()
        // The caption is whole: no "…", its last words on screen.
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("…"), "caption cut at \(w)×\(h)")
        #expect(text.contains("lowest with a regulariser."))
        let loss = try #require(Self.titles(lines).first { $0.contains("train") })
        #expect(loss.contains("test 0.0227"), "\(w)×\(h): \(loss)")
    }

    @Test(arguments: [0, 1, 2, 3], [2, 4])
    func compare(_ k: Int, _ n: Int) throws {
        let (w, h) = Self.sizes[k]
        var s = CompareReducerTests.state(sessions: n, width: w, height: h)
        for i in s.sessions.indices { s.sessions[i].app.model?.caption = Self.caption }
        let b = PresetScreens.render(s)
        try assertSnapshot(b, named: "size-compare-\(n)-\(w)x\(h)")
        let text = b.lines().joined(separator: "\n")
        // Every session's test loss and λmax are on screen (in its numbers line, and as titles where there is room).
        for i in 0..<n {
            let m = try #require(s.sessions[i].app.model)
            let test = Fmt.num(try #require(m.lossCurves.test.last))
            #expect(text.contains("test " + test), "\(w)×\(h) session \(i + 1): test \(test)")
            #expect(text.contains("λmax " + Fmt.num(try #require(s.sessions[i].lambdas.values.last))), "\(w)×\(h) session \(i + 1)")
        }
        if w >= 100 {
            // From 100×30 up each panel has its λmax pane, and the caption shows whole.
            #expect(Self.titles(b.lines()).filter { $0.hasPrefix("λmax") }.count == n, "\(w)×\(h)")
            #expect(text.contains("lowest with a regulariser.") && !text.contains("…"), "\(w)×\(h) caption")
        }
    }
}
