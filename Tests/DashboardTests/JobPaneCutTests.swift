import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The panes whose data comes from background jobs (the lecture's Jacobian, autodiff cost and NTK panes,
/// the landscape, sharpness and flat-directions panes), given fixture results, show whole words and whole
/// numbers at every pane size from a full 160-column screen down to a narrow compare cell: the buffer's
/// ``Buffer/clipLog`` must stay empty (the headless screen test cannot run these jobs in a debug build).
@Suite struct JobPaneCutTests {
    static let screens = [(160, 48), (120, 36), (100, 30), (80, 24)]

    static func cuts(_ w: Int, _ h: Int, _ draw: (inout Buffer, Rect, inout RenderContext) -> Void) -> [String] {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: w, height: h)
        b.clipLog = []
        draw(&b, b.bounds, &ctx)
        return (b.clipLog ?? []).map { "\(w)×\(h): \($0)" }
    }

    @Test func lecturePanesOnEveryScreen() {
        var found: [String] = []
        for pane in [PaneID.jacobian, .autodiffCost, .ntk] {
            for (w, h) in Self.screens {
                found += Self.cuts(w, h) { b, _, ctx in
                    DashboardRenderer.render(LectureFixtures.state(featuring: pane, width: w, height: h), into: &b, context: &ctx)
                }.map { "\(pane) \($0)" }
            }
        }
        #expect(found.isEmpty, Comment(rawValue: found.joined(separator: "\n")))
    }

    /// Compare mode with λmax histories (the job's results) for two to four sessions.
    @Test func compareWithLambdaOnEveryScreen() {
        var found: [String] = []
        for n in 2...4 {
            for (w, h) in Self.screens {
                var s = CompareReducerTests.state(sessions: n)
                _ = CompareReducer.reduce(&s, .resize(Size(width: w, height: h)))
                found += Self.cuts(w, h) { b, _, ctx in CompareRenderer.render(s, into: &b, context: &ctx) }.map { "\(n) sessions \($0)" }
            }
        }
        #expect(found.isEmpty, Comment(rawValue: found.joined(separator: "\n")))
    }

    @Test func jobPanesAtEveryPaneSize() {
        var found: [String] = []
        let sizes = stride(from: 16, through: 100, by: 6).flatMap { w in [6, 9, 14, 22].map { (w, $0) } }
        for (w, h) in sizes {
            found += Self.cuts(w, h) { LandscapePane.render(LandscapePaneTests.synthetic, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) { LandscapePane.render(nil, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) { SharpnessPane.render(LandscapePaneTests.sharpness, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) { FlatDirectionsPane.render(LandscapePaneTests.flat, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) {
                SpectrumPane.render(Fixtures.spectrum, currentStep: 900, computing: true, autoHessian: true, ageSeconds: 12,
                                    into: &$0, area: $1, focused: false, context: &$2)
            }
            found += Self.cuts(w, h) { DoubleDescentPane.render(AnalysisPaneTests.sweep(complete: false), into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) { SingularValuesPane.render(AnalysisPaneTests.singularValues, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) { NTKPane.render(LectureFixtures.ntk, failure: nil, into: &$0, area: $1, focused: false, context: &$2) }
            found += Self.cuts(w, h) {
                JacobianPane.render(LectureFixtures.jacobian, layer: 1, stacking: .row, into: &$0, area: $1, focused: false, context: &$2)
            }
            found += Self.cuts(w, h) {
                AutodiffCostPane.render(counts: LectureFixtures.costCounts, measured: LectureFixtures.costMeasured, failure: nil,
                                        into: &$0, area: $1, focused: false, context: &$2)
            }
        }
        #expect(found.isEmpty, Comment(rawValue: "\(found.count) cut writes:\n" + found.prefix(80).joined(separator: "\n")))
    }
}
