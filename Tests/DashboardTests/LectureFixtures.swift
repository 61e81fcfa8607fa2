import Foundation
import NNAnalysis
import NNCore
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Deterministic view models for the lecture panes and the gradcheck overlay.
enum LectureFixtures {
    /// The kronecker preset's shape [2,3,4,1] with fixed, readable weights.
    static var kroneckerNet: MLP {
        var m = MLP(sizes: [2, 3, 4, 1], hidden: .tanh)
        for i in m.parameters.indices { m.parameters[i] = Double((i * 7) % 11 - 5) / 5 }
        return m
    }

    static var jacobian: JacobianViewModel {
        let data = Dataset(inputSize: 2, targetSize: 1, x: [0.5, -1], y: [0])
        guard let j = LectureAdapter.jacobian(kroneckerNet, data: data) else { fatalError("fixture Jacobian") }
        return j
    }

    static var costCounts: GradientCostModel { GradientCostModel(sizes: [2, 16, 16, 1]) }

    static var costMeasured: GradientCostModel {
        var c = costCounts
        c.reverseSeconds = 2.5e-5
        c.forwardSeconds = 4.1e-3
        c.jvpsTimed = 256
        c.measuredPoints = 32
        return c
    }

    static var ntk: NTKDriftResult {
        let steps = Array(stride(from: 0, through: 400, by: 40))
        let narrow = NTKDriftCurve(sizes: [1, 16, 1], learningRate: 0.031, steps: steps,
                                   relativeChange: steps.map { 0.4 * (1 - exp(-Double($0) / 120)) },
                                   loss: steps.map { 0.5 * exp(-Double($0) / 80) })
        let wide = NTKDriftCurve(sizes: [1, 512, 1], learningRate: 0.0012, steps: steps,
                                 relativeChange: steps.map { 0.03 * (1 - exp(-Double($0) / 120)) },
                                 loss: steps.map { 0.5 * exp(-Double($0) / 70) })
        return NTKDriftResult(narrow: narrow, wide: wide, totalSteps: 400)
    }

    static var gradcheck: GradcheckViewModel {
        func row(_ name: String, _ d: Double, _ l: Int, _ r: Int, _ c: Int) -> GradcheckRow {
            GradcheckRow(name: name, maxRelativeDifference: d, layer: l, row: r, column: c, analytic: 0.0123 * Double(l),
                         numeric: 0.0123 * Double(l) * (1 + d), checked: 4)
        }
        return GradcheckViewModel(rows: [row("W1", 3.1e-10, 1, 2, 1), row("b1", 8e-11, 1, 0, 0),
                                         row("W2", 1.2e-9, 2, 3, 2), row("b2", 4e-11, 2, 1, 0),
                                         row("W3", 2e-10, 3, 0, 3), row("b3", 1e-11, 3, 0, 0)],
                                  overall: row("all", 1.2e-9, 2, 3, 2), skippedNearKinks: 0, step: 120, points: 64,
                                  parameters: 30, h: 1e-5)
    }

    /// The fixture state with a lecture pane featured and its data in place.
    static func state(featuring pane: PaneID, width: Int = 100, height: Int = 30) -> AppState {
        var s = Fixtures.state(width: width, height: height, inputDimension: pane == .autodiffCost ? 2 : 1)
        s.presetPane = pane   // as `apply(presetView:)` does at start
        s.model?.featuredPane = pane
        s.model?.jacobian = jacobian
        s.model?.autodiffCounts = costCounts
        s.lecture.cost = costMeasured
        s.lecture.ntk = ntk
        return s
    }
}
