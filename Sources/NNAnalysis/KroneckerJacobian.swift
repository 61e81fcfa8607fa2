import NNCore

/// The lecture's matrix calculus for one layer: f_ℓ = W_ℓ φ_{ℓ−1} + b_ℓ, so the Jacobian of the
/// pre-activation f_ℓ (d_ℓ values) with respect to the stacked weights vec(W_ℓ) (d_ℓ·d_{ℓ−1} values) is
///
///   column stacking (vec stacks W's columns, the maths convention):  ∂f_ℓ/∂vec_c(W_ℓ) = φ_{ℓ−1}ᵀ ⊗ I_{d_ℓ}
///   row stacking (vec stacks W's rows, our row-major θ):            ∂f_ℓ/∂vec_r(W_ℓ) = I_{d_ℓ} ⊗ φ_{ℓ−1}ᵀ
///
/// Both are computed here twice: by the formula (an explicit Kronecker product) and by automatic
/// differentiation of the network truncated at f_ℓ (NetworkDerivatives, forward or reverse mode), so a
/// test (and the `kronecker` demo) can show they agree. Matrices are row-major, d_ℓ × d_ℓ·d_{ℓ−1}.
public enum KroneckerJacobian {
    public enum Stacking: String, Sendable, CaseIterable { case column, row }
    public enum Mode: String, Sendable, CaseIterable { case forward, reverse }

    /// A ⊗ B for row-major A (ar × ac) and B (br × bc): (ar·br) × (ac·bc), row-major.
    public static func kron(_ a: [Double], rows ar: Int, columns ac: Int,
                            _ b: [Double], rows br: Int, columns bc: Int) -> [Double] {
        precondition(a.count == ar * ac && b.count == br * bc)
        let cols = ac * bc
        var out = [Double](repeating: 0, count: ar * br * cols)
        for i in 0..<ar { for j in 0..<ac {
            let s = a[i * ac + j]
            if s == 0 { continue }
            for p in 0..<br { for q in 0..<bc {
                out[(i * br + p) * cols + j * bc + q] = s * b[p * bc + q]
            } }
        } }
        return out
    }

    /// The identity, n × n row-major.
    public static func identity(_ n: Int) -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = 1 }
        return m
    }

    /// φ_{ℓ−1} for one input (the input itself for ℓ = 0).
    public static func previousActivation(model: MLP, layer l: Int, input x: [Double]) -> [Double] {
        precondition(l >= 0 && l < model.layerCount && x.count == model.inputSize)
        if l == 0 { return x }
        return NetworkDerivatives(model: model, inputs: x, count: 1).post[l - 1]
    }

    /// ∂f_ℓ/∂vec(W_ℓ) by the Kronecker formula.
    public static func formula(model: MLP, layer l: Int, input x: [Double], stacking: Stacking) -> [Double] {
        let phi = previousActivation(model: model, layer: l, input: x)
        let dOut = model.sizes[l + 1], dIn = model.sizes[l]
        switch stacking {
        case .column: return kron(phi, rows: 1, columns: dIn, identity(dOut), rows: dOut, columns: dOut)
        case .row: return kron(identity(dOut), rows: dOut, columns: dOut, phi, rows: 1, columns: dIn)
        }
    }

    /// ∂f_ℓ/∂vec(W_ℓ) by autodiff of the network cut after layer ℓ's affine map (its activation replaced
    /// by the identity, so the cut network's output is f_ℓ): forward mode takes one JVP per weight (a
    /// column), reverse mode one VJP per output unit (a row). The stacking only permutes the columns.
    public static func autodiff(model: MLP, layer l: Int, input x: [Double], stacking: Stacking,
                                mode: Mode = .forward) -> [Double] {
        precondition(l >= 0 && l < model.layerCount && x.count == model.inputSize)
        let sizes = Array(model.sizes[0...(l + 1)])
        var acts = Array(model.activations[0...l])
        acts[l] = .linear
        var cut = MLP(sizes: sizes, activations: acts)
        cut.parameters = Array(model.parameters[0..<cut.parameterCount])
        let dOut = sizes[l + 1], dIn = sizes[l], cols = dOut * dIn, wo = cut.weightOffset(layer: l)
        let net = NetworkDerivatives(model: cut, inputs: x, count: 1)
        // Column index of weight W[a][b] in each stacking.
        func column(_ a: Int, _ b: Int) -> Int { stacking == .row ? a * dIn + b : b * dOut + a }
        var jac = [Double](repeating: 0, count: dOut * cols)
        switch mode {
        case .forward:
            var v = [Double](repeating: 0, count: cut.parameterCount)
            for a in 0..<dOut { for b in 0..<dIn {
                v[wo + a * dIn + b] = 1
                let df = net.jvp(parameters: v)
                v[wo + a * dIn + b] = 0
                for r in 0..<dOut { jac[r * cols + column(a, b)] = df[r] }
            } }
        case .reverse:
            var u = [Double](repeating: 0, count: dOut)
            for r in 0..<dOut {
                u[r] = 1
                let g = net.vjp(u).parameters
                u[r] = 0
                for a in 0..<dOut { for b in 0..<dIn { jac[r * cols + column(a, b)] = g[wo + a * dIn + b] } }
            }
        }
        return jac
    }
}
