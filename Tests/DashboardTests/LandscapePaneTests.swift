import Foundation
import Testing
import TerminalUI
import NNAnalysis
import NNCore
import NNSession
@testable import PaneModels
@testable import Dashboard

/// The landscape, sharpness and flat-directions panes: their view-model builders against independent
/// computations, and their rendering at 0×0, 1×1, the minimum size and a normal size.
@Suite struct LandscapePaneTests {
    // MARK: - Fixtures

    /// A 2-5-4-1 tanh net (P = 40) with seeded weights, on 12 seeded points, MSE.
    static let model: MLP = {
        var m = MLP(sizes: [2, 5, 4, 1], hidden: .tanh)
        var rng = AnalysisRNG(seed: 7)
        for i in m.parameters.indices { m.parameters[i] = rng.uniform(-0.9, 0.9) }
        return m
    }()
    static let data: Dataset = {
        var rng = AnalysisRNG(seed: 8)
        let x = (0..<24).map { _ in rng.uniform(-1, 1) }
        let y = (0..<12).map { _ in rng.gaussian() }
        return Dataset(inputSize: 2, targetSize: 1, x: x, y: y)
    }()

    /// An analytic landscape J = α² + 3β² + ½ on a 9×9 grid, a spiral path into the centre, slices with
    /// known quadratics: deterministic input for the rendering tests.
    static let synthetic: LandscapeViewModel = {
        let axis = LossLandscape.linspace(span: 1, count: 9)
        let grid = axis.map { a in axis.map { b in a * a + 3 * b * b + 0.5 } }
        let path = (0..<12).map { k -> LandscapePoint in
            let t = Double(11 - k) / 11
            return LandscapePoint(alpha: 0.9 * t * cos(4 * t), beta: 0.9 * t * sin(4 * t))
        }
        let sliceAxis = LossLandscape.linspace(span: 1, count: 21)
        let u = LandscapeSlice(label: "along u", alphas: sliceAxis, values: sliceAxis.map { 0.5 + $0 * $0 + 0.3 * $0 * $0 * $0 * $0 },
                               base: 0.5, slope: 0, curvature: 2)
        let w = LandscapeSlice(label: "along λmin vec", alphas: sliceAxis, values: sliceAxis.map { 0.5 + 0.1 * $0 * $0 },
                               base: 0.5, slope: 0, curvature: 0.2)
        return LandscapeViewModel(directions: .hessian, method: "synthetic", alphas: axis, betas: axis, grid: grid,
                                  centre: [0, 0], u: [1, 0], v: [0, 1], current: LandscapePoint(alpha: 0, beta: 0), path: path,
                                  eigenvalues: [6, 2], sliceU: u, sliceMin: w, step: 300)
    }()

    static let sharpness: SharpnessViewModel = {
        var m = SharpnessViewModel(optimizer: .sgd, learningRate: 0.1)
        for k in 0...40 {
            let s = k * 75
            let t = Double(k) / 40
            m.append(step: s, lambdaMax: min(20 + 0.6 * sin(Double(k)), 9 + 40 * t), lambdaMin: -0.5 * t)
        }
        return m
    }()

    static let flat: FlatDirectionsViewModel = {
        // [1, 3, 2] (P = 14): eigenvectors e_p; ≈0 on every parameter of unit 2 in layer 1 and on layer 2's bias.
        let m = MLP(sizes: [1, 3, 2], hidden: .tanh)
        let P = m.parameterCount
        var values = (0..<P).map { Double($0 + 1) }
        for p in [1, m.biasOffset(layer: 0) + 1, m.biasOffset(layer: 1), m.biasOffset(layer: 1) + 1] { values[p] = 0 }
        var vectors = [Double](repeating: 0, count: P * P)
        for p in 0..<P { vectors[p * P + p] = 1 }
        return FlatDirectionsViewModel(model: m, values: values, vectors: vectors, step: 5)
    }()

    func render(_ w: Int, _ h: Int, theme: Theme = Theme(mode: .color256),
                _ draw: (inout Buffer, Rect, inout RenderContext) -> Void) -> Buffer {
        var ctx = RenderContext(theme: theme)
        var b = Buffer(width: w, height: h)
        draw(&b, b.bounds, &ctx)
        return b
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }

    // MARK: - Builders

    /// Hessian directions: the grid's centre is J(θ), the slice along u has curvature λ₁ and zero offset,
    /// the λmin slice's curvature is the dense λmin, and the path ends at the centre.
    @Test func landscapeJobAgainstTheDenseHessian() throws {
        let path = [Self.model.parameters.map { $0 * 1.1 }, Self.model.parameters.map { $0 * 1.05 }]
        let result = LandscapeJob.compute(model: Self.model, loss: .mse, l2: 0, data: Self.data, directions: .hessian, path: path,
                                          seed: 1, step: 9, grid: 7)
        let m = try result.get()
        let op = try HessianOperator(model: Self.model, loss: .mse, l2: 0, data: Self.data)
        let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount)
        #expect(m.grid.count == 7 && m.grid[3][3] == Objective(loss: .mse).value(model: Self.model, data: Self.data))
        #expect(Swift.abs(m.grid[3][3] - op.value) <= 1e-12 * op.value)
        let lam = try #require(m.eigenvalues)
        #expect(Swift.abs(lam[0] - ev[ev.count - 1]) <= 1e-10 * lam[0])
        #expect(Swift.abs(m.sliceU.curvature - lam[0]) <= 1e-8 * lam[0])
        #expect(Swift.abs(m.sliceU.base - op.value) <= 1e-12 * op.value)
        #expect(Swift.abs(m.sliceU.slope - Self.dot(op.gradient, m.u)) <= 1e-12)
        let smin = try #require(m.sliceMin)
        #expect(Swift.abs(smin.curvature - ev[0]) <= 1e-8 * Swift.abs(ev[ev.count - 1]), "\(smin.curvature) vs \(ev[0])")
        // The slice's middle value is J(θ) and its quadratic model agrees with J to second order near 0.
        #expect(smin.values[LandscapeJob.slicePoints / 2] == m.grid[3][3])
        #expect(m.path.count == 3)
        let last = try #require(m.path.last)
        #expect(Swift.abs(last.alpha) <= 1e-12 && Swift.abs(last.beta) <= 1e-12)
        #expect(m.current == LandscapePoint(alpha: 0, beta: 0) && m.step == 9)
    }

    /// Projection onto a non-orthogonal plane (random directions) recovers the coordinates it was built with.
    @Test func projectionRecoversPlaneCoordinates() throws {
        let m = try LandscapeJob.compute(model: Self.model, loss: .mse, l2: 0, data: Self.data, directions: .random, path: [],
                                         seed: 3, step: 0, grid: 3).get()
        #expect(Swift.abs(Self.dot(m.u, m.v)) > 1e-3, "random directions are not orthogonal")
        for (a, b) in [(0.3, -0.7), (-1.2, 0.05), (0, 0)] {
            let theta = m.centre.indices.map { m.centre[$0] + a * m.u[$0] + b * m.v[$0] }
            let p = try #require(m.project(theta))
            #expect(Swift.abs(p.alpha - a) <= 1e-10 && Swift.abs(p.beta - b) <= 1e-10)
            #expect(m.withCurrent(theta).current == p)
        }
        #expect(m.project([1, 2]) == nil)
    }

    @Test func trajectoryNeedsAPathAndCyclingVisitsAllKinds() throws {
        let r = LandscapeJob.compute(model: Self.model, loss: .mse, l2: 0, data: Self.data, directions: .trajectory, path: [],
                                     seed: 1, step: 0, grid: 3)
        guard case .failure(.refused) = r else { Issue.record("expected a refusal, got \(r)"); return }
        var k = LandscapeDirectionKind.hessian
        var seen: [LandscapeDirectionKind] = []
        for _ in 0..<3 { seen.append(k); k = LandscapeJob.next(k) }
        #expect(seen == [.hessian, .random, .trajectory] && k == .hessian)
        let cancelled = LandscapeJob.compute(model: Self.model, loss: .mse, l2: 0, data: Self.data, directions: .random, path: [],
                                             seed: 1, step: 0, grid: 3, isCancelled: { true })
        #expect(cancelled == .failure(.cancelled))
    }

    /// The stability limits against gradient descent itself on q(θ) = ½λθ²: just below the limit the
    /// iterates shrink, just above they grow (SGD, heavy ball, Nesterov with PyTorch's update rules).
    @Test func stabilityLimitsMatchGradientDescentOnAQuadratic() throws {
        func grows(_ optimizer: Optimizer, lr: Double, lambda: Double) -> Bool {
            var theta = 1.0, b = 0.0
            for _ in 0..<4000 {
                let g = lambda * theta
                switch optimizer {
                case .sgd: theta -= lr * g
                case .momentum(let mu, let nesterov):
                    b = mu * b + g
                    theta -= lr * (nesterov ? g + mu * b : b)
                default: break
                }
            }
            return Swift.abs(theta) > 1
        }
        for (opt, lr) in [(Optimizer.sgd, 0.1), (.momentum(beta: 0.9, nesterov: false), 0.05), (.momentum(beta: 0.5, nesterov: true), 0.2)] {
            let limit = try #require(SharpnessViewModel.stabilityLimit(optimizer: opt, learningRate: lr)).value
            #expect(!grows(opt, lr: lr, lambda: 0.99 * limit), "\(opt) below \(limit)")
            #expect(grows(opt, lr: lr, lambda: 1.01 * limit), "\(opt) above \(limit)")
        }
        #expect(SharpnessViewModel.stabilityLimit(optimizer: .sgd, learningRate: 0.1)?.label == "2/η = 20.0")
        #expect(Swift.abs((SharpnessViewModel.stabilityLimit(optimizer: .momentum(beta: 0.9, nesterov: false), learningRate: 0.1)?.value ?? 0) - 38) <= 1e-12)
        #expect(SharpnessViewModel.stabilityLimit(optimizer: .adamDefault, learningRate: 0.1) == nil)
    }

    @Test func sharpnessHistoryIsBoundedAndKeepsItsEnds() {
        var m = SharpnessViewModel(optimizer: .sgd, learningRate: 0.1)
        for s in 0..<2000 { m.append(step: s, lambdaMax: Double(s)) }
        m.append(step: 5, lambdaMax: -1)
        #expect(m.steps.count <= SharpnessViewModel.capacity && m.steps.count > SharpnessViewModel.capacity / 2)
        #expect(m.steps.first == 0 && m.steps.last == 1999 && m.lambdaMax.last == 1999)
        #expect(zip(m.steps, m.steps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(m.steps.count == m.lambdaMax.count && m.steps.count == m.lambdaMin.count)
    }

    /// Unit eigenvectors on single parameters: the mass is 1 exactly on the flat parameters, laid out as
    /// [weights | bias] per unit row, and the per-layer counts add up to the ≈0 count.
    @Test func flatDirectionsLayOutTheNullSpaceByLayer() {
        let f = Self.flat
        #expect(f.nearZeroCount == 4 && f.parameterCount == 14)
        #expect(f.layers.map(\.count) == [2, 2])
        #expect(f.layers[0].rows == 3 && f.layers[0].columns == 2 && f.layers[1].rows == 2 && f.layers[1].columns == 4)
        // Layer 1, unit 2 (row 1): its weight (column 0) and bias (column 1) are free.
        #expect(f.layers[0].mass == [0, 0, 1, 1, 0, 0])
        // Layer 2: both biases (column 3).
        #expect(f.layers[1].mass == [0, 0, 0, 1, 0, 0, 0, 1])
        let total = f.layers.reduce(0.0) { $0 + $1.mass.reduce(0, +) }
        #expect(total == Double(f.nearZeroCount))
    }

    /// A rotated null space (a 45° mix of two parameters of different layers) splits its mass ½, ½.
    @Test func flatDirectionsOfAMixedVector() {
        let m = MLP(sizes: [1, 1, 1], hidden: .tanh)   // P = 4: w1, b1, w2, b2
        let s = 0.5.squareRoot()
        let vectors: [Double] = [s, 0, s, 0, -s, 0, s, 0, 0, 1, 0, 0, 0, 0, 0, 1]
        let f = FlatDirectionsViewModel(model: m, values: [0, 3, 4, 5], vectors: vectors, step: 0)
        #expect(f.nearZeroCount == 1)
        #expect(Swift.abs(f.layers[0].mass[0] - 0.5) <= 1e-15 && Swift.abs(f.layers[1].mass[0] - 0.5) <= 1e-15)
        #expect(f.layers[0].count + f.layers[1].count == 1)
    }

    // MARK: - Rendering

    @Test func panesSurviveTinyAreas() {
        for theme in [Theme(mode: .color256), Theme(mode: .color16), Theme(mode: .monochrome, ascii: true)] {
            for (w, h) in [(0, 0), (1, 1), (2, 2), (5, 3), (12, 5), (12, 6), (13, 7), (47, 6), (48, 6)] {
                _ = render(w, h, theme: theme) { LandscapePane.render(Self.synthetic, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
                _ = render(w, h, theme: theme) { LandscapePane.render(nil, computing: false, into: &$0, area: $1, focused: true, context: &$2) }
                _ = render(w, h, theme: theme) { SharpnessPane.render(Self.sharpness, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
                _ = render(w, h, theme: theme) { SharpnessPane.render(nil, computing: true, into: &$0, area: $1, focused: false, context: &$2) }
                _ = render(w, h, theme: theme) { FlatDirectionsPane.render(Self.flat, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
                _ = render(w, h, theme: theme) { FlatDirectionsPane.render(nil, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
            }
        }
        let one = render(1, 1) { LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        #expect(one.width == 1 && one.height == 1)
    }

    @Test func landscapeSnapshots() throws {
        let normal = render(80, 20) { LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: true, context: &$2) }
        try assertSnapshot(normal, named: "landscape-80x20")
        let small = render(LandscapePane.minimumSize.width, LandscapePane.minimumSize.height) {
            LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }
        try assertSnapshot(small, named: "landscape-min")
        var ascii = render(80, 20, theme: Theme(mode: .monochrome, ascii: true)) {
            LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }
        ascii.asciify()
        try assertSnapshot(ascii, named: "landscape-80x20-ascii")
        #expect(LandscapePane.title(Self.synthetic, computing: true) == "Landscape · hessian λ₁ 6.00 λ₂ 2.00 · step 300 · computing…")
    }

    /// At the landscape pane's width in a 100×30 dashboard (58) the λmin slice keeps its label (shortened whole,
    /// not dropped) and both slices keep the quadratic model's legend (on their last row).
    @Test func narrowSlicesKeepTheirLabelsWhole() {
        let b = render(58, 15) { LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        let text = b.text
        #expect(text.contains("λmin vec · λ " + Fmt.num(0.2)), "\(b.lines().joined(separator: "\n"))")
        #expect(text.contains("u · λ " + Fmt.num(2)))
        #expect(text.components(separatedBy: "·· J₀+gα+½λα²").count == 3, "the model's legend under both slices")
        // Every caption is one of the whole variants (nothing cut mid-token).
        for slice in [Self.synthetic.sliceU, Self.synthetic.sliceMin!] {
            let c = LandscapePane.captions(slice)
            #expect((c.short + [c.full]).contains { text.contains($0) })
        }
    }

    /// Random and trajectory directions are not unit eigenvectors: the u slice shows uᵀHu, never "λ", and its model
    /// names c = uᵀHu; the λmin slice (a unit eigenvector) keeps λ.
    @Test func nonEigenDirectionsCaptionTheCurvature() {
        var m = Self.synthetic
        m.directions = .random
        m.sliceU.isEigenvector = false
        let c = LandscapePane.captions(m.sliceU)
        #expect(c.full == "along u · uᵀHu " + Fmt.num(2) + " · ·· J₀+gα+½cα², c = uᵀHu")
        #expect(!(c.short + c.model + [c.full]).contains { $0.contains("λ") })
        let b = render(130, 20) { LandscapePane.render(m, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        #expect(b.text.contains("along u · uᵀHu " + Fmt.num(2)) && !b.text.contains("along u · λ"))
        #expect(b.text.contains("along λmin vec · λ " + Fmt.num(0.2)))
    }

    /// The map's legend keeps the plane's extent "α→ β↑ ∈ ±span" (dropping "path" first) when the whole line does not fit.
    @Test func mapLegendKeepsTheSpan() throws {
        let m = Self.synthetic
        let range = try #require(m.valueRange)
        let numbers = TextFit.width(Fmt.num(range.lowerBound) + " ") + LandscapePane.bands + TextFit.width(" " + Fmt.num(range.upperBound))
        let withSpan = " · ● now · α→ β↑ ∈ ±" + Fmt.num(1)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        var b = Buffer(width: numbers + TextFit.width(withSpan) + 2, height: 8)
        LandscapePane.renderMap(m, range: range, into: &b, area: Rect(x: 0, y: 0, width: b.width, height: 8), context: &ctx)
        #expect(b.lines()[7].contains(withSpan), "\(b.lines()[7])")
    }

    /// In glyph mode the current point is the map's centre cell and the path's pixels are drawn.
    @Test func landscapeMarksTheCurrentPointAtTheCentre() {
        var b = render(31, 13, theme: Theme(mode: .monochrome, ascii: true)) {
            LandscapePane.render(Self.synthetic, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }
        b.asciify()
        // Map: inner 29×10 (one legend row); centre pixel (14, 10) → cell (1 + 14, 1 + 5).
        #expect(b[15, 6].character == "O", "\(b.lines().joined(separator: "\n"))")
        #expect(b.lines().joined().contains("*"), "the path is drawn")
    }

    @Test func sharpnessSnapshots() throws {
        try assertSnapshot(render(70, 14) { SharpnessPane.render(Self.sharpness, computing: false, into: &$0, area: $1, focused: false, context: &$2) },
                           named: "sharpness-70x14")
        try assertSnapshot(render(SharpnessPane.minimumSize.width, SharpnessPane.minimumSize.height) {
            SharpnessPane.render(Self.sharpness, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }, named: "sharpness-min")
        #expect(SharpnessPane.title(Self.sharpness, computing: false).hasPrefix("Sharpness λmax "))
    }

    /// The log step axis is labelled with its decades (as the loss pane's), each under its own column.
    @Test func sharpnessLogAxisHasDecadeLabels() {
        let b = render(70, 14) { SharpnessPane.render(Self.sharpness, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        let footer = b.lines()[11]
        #expect(footer.contains("step 0 log") && footer.contains("3k"), "\(footer)")
        #expect(b.lines()[12].contains("— λmax  — λmin  ┄ 2/η = 20"), "\(b.lines()[12])")
        // Steps 0…3000 on log10: 100 at 2/log10(3000) of the plot, 1k at 3/log10(3000).
        let plotX = 1 + Axis.labelWidth(68), plotW = 68 - Axis.labelWidth(68)
        for (label, step) in [("100", 100.0), ("1k", 1000.0)] {
            let col = plotX + Int((log10(step) / log10(3000) * Double(plotW - 1)).rounded()) - label.count / 2
            let found = String(footer.unicodeScalars.dropFirst(col).prefix(label.count))
            #expect(found == label, "\(label) at column \(col): \(footer)")
        }
    }

    /// Momentum with a limit far above λmax: the limit does not set the y range (the curves fill the plot) and
    /// the legend says it is off scale; a limit near λmax stays on the plot as before.
    @Test func sharpnessLimitFarAboveIsOffScale() throws {
        var m = SharpnessViewModel(optimizer: .momentum(beta: 0.9, nesterov: false), learningRate: 0.01)
        #expect(m.limit == 380)
        for k in 0...30 { m.append(step: k * 100, lambdaMax: 2.5 * Double(k) / 30 + 0.1, lambdaMin: -0.1) }
        let (yr, on) = try #require(SharpnessPane.yRange(m))
        #expect(!on && yr.upperBound < 3 && yr.upperBound >= 2.6)
        let b = render(90, 14) { SharpnessPane.render(m, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        #expect(b.lines()[12].contains("┄ (2+2β)/η = 380 ↑ off scale"), "\(b.lines()[12])")
        #expect(b.lines()[1].contains(Fmt.num(yr.upperBound)))
        let (yr2, on2) = try #require(SharpnessPane.yRange(Self.sharpness))
        #expect(on2 && yr2.contains(20))
        let near = render(90, 14) { SharpnessPane.render(Self.sharpness, computing: false, into: &$0, area: $1, focused: false, context: &$2) }
        #expect(!near.text.contains("off scale"))
    }

    @Test func flatDirectionsSnapshots() throws {
        try assertSnapshot(render(60, 12) { FlatDirectionsPane.render(Self.flat, computing: false, into: &$0, area: $1, focused: false, context: &$2) },
                           named: "flat-directions-60x12")
        try assertSnapshot(render(FlatDirectionsPane.minimumSize.width, FlatDirectionsPane.minimumSize.height) {
            FlatDirectionsPane.render(Self.flat, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }, named: "flat-directions-min")
        var ascii = render(60, 12, theme: Theme(mode: .monochrome, ascii: true)) {
            FlatDirectionsPane.render(Self.flat, computing: false, into: &$0, area: $1, focused: false, context: &$2)
        }
        ascii.asciify()
        try assertSnapshot(ascii, named: "flat-directions-60x12-ascii")
        #expect(FlatDirectionsPane.title(Self.flat, computing: false) == "Flat directions · 4 of P=14 eigenvalues ≈0 · step 5")
    }
}

/// The workers behind the sharpness and flat-directions panes, and the trajectory recorder.
@Suite struct LandscapeJobTests {
    /// λmax and λmin (warm-started, twice) against the dense spectrum.
    @Test func sharpnessTrackersMatchTheDenseSpectrum() throws {
        let model = LandscapePaneTests.model, data = LandscapePaneTests.data
        let top = SharpnessTracker(tolerance: 1e-10), bottom = SharpnessTracker(tolerance: 1e-10, smallest: true)
        var m = model
        for k in 0..<2 {
            if k == 1 { m.parameters[3] += 0.01 }
            let op = try HessianOperator(model: m, loss: .mse, l2: 0, data: data)
            let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount)
            let scale = max(Swift.abs(ev[0]), Swift.abs(ev[ev.count - 1]))
            let hi = try #require(top.lambdaMax(operator: op)), lo = try #require(bottom.lambdaMax(operator: op))
            #expect(Swift.abs(hi - ev[ev.count - 1]) <= 1e-8 * scale, "λmax \(hi) vs \(ev[ev.count - 1])")
            #expect(Swift.abs(lo - ev[0]) <= 1e-8 * scale, "λmin \(lo) vs \(ev[0])")
        }
    }

    /// The ≈0 count from the eigenvectors equals the spectrum summary's count from the eigenvalues alone,
    /// and the masses add up to it (each eigenvector is a unit vector).
    @Test func flatDirectionsJobAgreesWithTheSpectrumSummary() throws {
        // A [1, 6, 1] tanh net on 3 points: P = 19 > n = 3, so many eigenvalues are ≈0 … at an interpolating
        // minimum; here (not trained) the Gauss–Newton part has rank ≤ 3 and the residual part is small but
        // not zero, so the count is whatever the tolerance gives: compare the two routes.
        var model = MLP(sizes: [1, 6, 1], hidden: .tanh)
        var rng = AnalysisRNG(seed: 4)
        for i in model.parameters.indices { model.parameters[i] = rng.uniform(-1, 1) }
        model.parameters[model.weightOffset(layer: 1) + 2] = 0   // unit 3 feeds nothing: its incoming weight and bias are flat
        let data = Dataset(inputSize: 1, targetSize: 1, x: [-1, 0, 1], y: [0.5, -0.2, 0.3])
        let f = try FlatDirectionsJob.compute(model: model, loss: .mse, l2: 0, data: data, step: 3).get()
        let op = try HessianOperator(model: model, loss: .mse, l2: 0, data: data)
        let summary = SpectrumSummary(eigenvalues: SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount))
        #expect(f.nearZeroCount == summary.nearZeroCount)
        #expect(f.layers.map(\.count).reduce(0, +) == f.nearZeroCount)
        let total = f.layers.reduce(0.0) { $0 + $1.mass.reduce(0, +) }
        #expect(Swift.abs(total - Double(f.nearZeroCount)) <= 1e-9)
        #expect(f.layers[0].rows == 6 && f.layers[0].columns == 2 && f.layers[1].rows == 1 && f.layers[1].columns == 7)
        let big = MLP(sizes: [2, 40, 40, 1], hidden: .tanh)
        let refused = FlatDirectionsJob.compute(model: big, loss: .mse, l2: 0,
                                                data: Dataset(inputSize: 2, targetSize: 1, x: [0, 0], y: [0]), step: 0)
        guard case .failure(.refused) = refused else { Issue.record("expected a refusal above the limit"); return }
    }

    /// Through a real session snapshot: the job's λmax, λmin equal the dense ones; the empty model carries
    /// the preset's 2/η; the landscape job on the same snapshot centres its grid on the session's objective.
    @Test func jobsOnASessionSnapshot() throws {
        let session = try Session(preset: try PresetLibrary.load("edge-of-stability"), seed: 2, recordsHistory: false)
        let snap = session.snapshot()
        let job = SharpnessJob()
        let r = try #require(job.measure(snap))
        let op = try HessianOperator(model: snap.model, loss: snap.loss, l2: 0, data: snap.train)
        let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount)
        #expect(r.step == 0 && Swift.abs(r.lambdaMax - ev[ev.count - 1]) <= 1e-6 * ev[ev.count - 1])
        #expect(Swift.abs(r.lambdaMin - ev[0]) <= 1e-6 * ev[ev.count - 1])
        let empty = SharpnessJob.emptyModel(snap)
        #expect(empty.limit == 20 && empty.steps.isEmpty)
        let land = try LandscapeJob.compute(snap, directions: .random, path: []).get()
        #expect(Swift.abs(land.grid[LandscapeJob.gridSize / 2][LandscapeJob.gridSize / 2] - session.metrics.trainObjective)
                <= 1e-12 * session.metrics.trainObjective)
        #expect(job.measure(snap, isCancelled: { true }) == nil)
    }

    @Test func trajectoryRecorderThinsEvenly() {
        var r = TrajectoryRecorder(capacity: 8)
        for s in 0...100 { r.offer(step: s, weights: [Double(s)]) }
        #expect(r.steps.count <= 8 && r.steps.first == 0)
        #expect(r.steps == r.weights.map { Int($0[0]) })
        let gaps = Set(zip(r.steps, r.steps.dropFirst()).map { $1 - $0 })
        #expect(gaps == [r.spacing], "evenly spaced: \(r.steps)")
        #expect(r.spacing == 16)
        r.offer(step: 96, weights: [0])
        #expect(r.steps.last == 96)
        r.clear()
        #expect(r.steps.isEmpty && r.spacing == 1)
    }
}
