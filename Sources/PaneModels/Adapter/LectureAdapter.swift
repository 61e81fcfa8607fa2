import NNAnalysis
import NNCore
import NNSession

/// The lecture panes' part of turning a snapshot into view models: the featured pane, the key of the
/// background work it needs, and the cheap per-snapshot data (the Kronecker Jacobians with their
/// autodiff check, the closed-form autodiff counts). Slow work (timings, the NTK run, gradcheck) is in
/// `LectureJobs`.
public enum LectureAdapter {

    /// Layers whose Jacobian has more entries than this (d_ℓ · d_ℓd_{ℓ−1}) are not computed: no screen shows
    /// them and autodiff would take one JVP per weight on every snapshot.
    public static let jacobianEntryLimit = 8192

    static func apply(_ s: SessionSnapshot, featured: PaneID?, to m: inout DashboardModel) {
        m.featuredPane = featured
        m.lectureJobKey = LectureJobs.key(featured: featured, snapshot: s)
        switch m.featuredPane {
        case .jacobian: m.jacobian = jacobian(s.model, data: s.train)
        case .autodiffCost: m.autodiffCounts = GradientCostModel(sizes: s.model.sizes)
        default: break
        }
    }

    /// ∂f_ℓ/∂vec(W_ℓ) at the first training point for every layer, by the Kronecker formula in both
    /// stackings, each checked against autodiff of the truncated network (forward and reverse mode: the
    /// larger difference is shown).
    static func jacobian(_ model: MLP, data: Dataset, sample: Int = 0) -> JacobianViewModel? {
        guard model.isFinite, data.count > sample, data.inputSize == model.inputSize else { return nil }
        let d0 = model.inputSize
        let x = Array(data.x[(sample * d0)..<((sample + 1) * d0)])
        var layers: [JacobianLayerView] = []
        var skipped: Int?
        for l in 0..<model.layerCount {
            let dOut = model.sizes[l + 1], dIn = model.sizes[l]
            if dOut * dOut * dIn > jacobianEntryLimit { skipped = l; break }
            func check(_ stacking: KroneckerJacobian.Stacking, _ formula: [Double]) -> Double {
                var worst = 0.0
                for mode in KroneckerJacobian.Mode.allCases {
                    let a = KroneckerJacobian.autodiff(model: model, layer: l, input: x, stacking: stacking, mode: mode)
                    for i in a.indices { worst = Swift.max(worst, Swift.abs(a[i] - formula[i])) }
                }
                return worst
            }
            let column = KroneckerJacobian.formula(model: model, layer: l, input: x, stacking: .column)
            let row = KroneckerJacobian.formula(model: model, layer: l, input: x, stacking: .row)
            layers.append(JacobianLayerView(layer: l, outputs: dOut, inputs: dIn,
                                            phi: KroneckerJacobian.previousActivation(model: model, layer: l, input: x),
                                            column: column, row: row,
                                            columnDiff: check(.column, column), rowDiff: check(.row, row)))
        }
        return JacobianViewModel(sample: sample, input: x, layers: layers, skippedFrom: skipped)
    }
}
