import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Every pane at 0×0, 1×1, 2×2, its minimum and odd sizes, in every theme: nothing may crash, and
/// nothing is drawn outside the pane's area.
@Suite struct SmallSizeTests {
    static let sizes: [(Int, Int)] = [(0, 0), (1, 1), (2, 2), (3, 1), (1, 3), (5, 3), (12, 4), (20, 5), (30, 8), (7, 30)]

    @Test(arguments: PaneID.allCases)
    func paneAtTinySizes(_ id: PaneID) {
        for theme in [Theme(mode: .color256), Theme(mode: .color16), Theme(mode: .monochrome, ascii: true)] {
            for dim in [1, 2] {
                var s = Fixtures.state(inputDimension: dim)
                s.showBoundaries = true
                for (w, h) in Self.sizes {
                    var ctx = RenderContext(theme: theme)
                    // Draw into the middle of a bigger buffer and check the border around stays blank.
                    var b = Buffer(width: w + 4, height: h + 4)
                    DashboardRenderer.renderPane(id, s, into: &b, area: Rect(x: 2, y: 2, width: w, height: h), context: &ctx)
                    for y in 0..<b.height {
                        for x in 0..<b.width where !(x >= 2 && x < w + 2 && y >= 2 && y < h + 2) {
                            #expect(b[x, y] == .blank, "\(id) \(w)×\(h) drew at \(x),\(y)")
                        }
                    }
                }
            }
        }
    }

    /// Renders `id` into a 44×16 buffer with a 2-cell margin around a 40×12 pane: returns the pane's text,
    /// after checking that it drew its frame and nothing outside its area.
    static func renderFramed(_ id: PaneID, _ s: AppState, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: 44, height: 16)
        let area = Rect(x: 2, y: 2, width: 40, height: 12)
        DashboardRenderer.renderPane(id, s, into: &b, area: area, context: &ctx)
        var outside = 0
        for y in 0..<b.height {
            for x in 0..<b.width where !(x >= 2 && x < 42 && y >= 2 && y < 14) && b[x, y] != .blank { outside += 1 }
        }
        #expect(outside == 0, "\(id) drew \(outside) cells outside its area", sourceLocation: sourceLocation)
        #expect(b[2, 2].character == "┌" && b[41, 2].character == "┐" && b[2, 13].character == "└" && b[41, 13].character == "┘",
                "\(id) has no frame", sourceLocation: sourceLocation)
        let lines = b.lines()
        return lines[2..<14].map { String($0.dropFirst(2).prefix(40)) }.joined(separator: "\n")
    }

    /// The title row of a framed pane: the letters between the corners.
    static func title(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "").filter { $0.isLetter || $0.isNumber || $0 == " " }
            .trimmingCharacters(in: .whitespaces)
    }

    @Test func panesWithoutModelsAndWithEmptyData() {
        // No model yet: every pane still draws its frame and title, inside its area, and says it is waiting
        // rather than drawing numbers it does not have.
        var s = AppState(size: Size(width: 80, height: 24), preset: Fixtures.preset)
        for id in PaneID.allCases {
            let text = Self.renderFramed(id, s)
            #expect(!Self.title(text).isEmpty, "\(id) without a model has no title")
            #expect(!text.contains("nan") && !text.contains("inf"), "\(id) without a model shows \(text)")
        }
        // Degenerate models: empty arrays, NaN everywhere, zero-size grids, empty ranges.
        var m = Fixtures.model()
        m.fit = FitViewModel(xRange: 1...1, yRange: -1e308 ... 1e308, trainX: [.nan], trainY: [.infinity],
                             curveX: [0, 1], curveY: [.nan, -.infinity], kinks: [.nan, 1e300])
        m.regions = RegionsViewModel(xRange: 0...0, yRange: 0...0, gridWidth: 0, gridHeight: 3, labels: [],
                                     classCount: 0, points: [MapPoint(x: .nan, y: 0, label: -5)])
        m.lossCurves = LossViewModel(steps: [0], train: [.nan], test: [-1], learningRate: .nan)
        m.network = NetworkViewModel(inputSize: 0, layers: [], parameterCount: 0)
        s.model = m
        s.spectrum = SpectrumViewModel(eigenvalues: [.nan, 0], lambdaMax: .nan, lambdaMin: .infinity,
                                       negativeCount: 0, nearZeroCount: 0, parameterCount: 0, method: "", step: 9)
        for id in PaneID.allCases {
            let text = Self.renderFramed(id, s)
            #expect(!Self.title(text).isEmpty, "\(id) with degenerate data has no title")
            for (w, h) in [(0, 0), (1, 1)] {
                var ctx = RenderContext(theme: Theme(mode: .color256))
                var b = Buffer(width: w, height: h)
                DashboardRenderer.renderPane(id, s, into: &b, area: b.bounds, context: &ctx)
                #expect(b.size == Size(width: w, height: h))
            }
        }
        // The fit's NaN and infinite points are not drawn as numbers, and the 1e300 kink is not marked.
        let fit = Self.renderFramed(.fit, s)
        #expect(!fit.contains("nan"), "fit shows NaN: \(fit)")
        var m2 = Fixtures.model(inputDimension: 2)
        m2.regions?.labels = [200, 7]   // labels beyond the class count and a short array
        s.model = m2
        let regions = Self.renderFramed(.regions, s)
        #expect(!Self.title(regions).isEmpty)
    }

    @Test func wholeDashboardAtManySizes() {
        for (w, h) in [(0, 0), (1, 1), (59, 17), (60, 18), (61, 19), (80, 24), (300, 100), (200, 2), (2, 200)] {
            for zoom in [false, true] {
                var s = Fixtures.state(width: w, height: h)
                s.zoomed = zoom
                s.showHelp = zoom
                var ctx = RenderContext(theme: Theme(mode: .color256))
                var b = Buffer(width: 0, height: 0)
                DashboardRenderer.render(s, into: &b, context: &ctx)
                #expect(b.size == Size(width: w, height: h))
                let tooSmall = w < 60 || h < 18
                #expect(b.text.contains("terminal too small") == (tooSmall && w >= 18 && h >= 1))
            }
        }
    }
}
