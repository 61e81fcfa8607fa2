import Foundation
import Testing
import NNCore
@testable import NNAnalysis

/// The loss landscape: the grid against the Hessian operator's own objective, the Hessian directions against
/// second differences and the dense spectrum, the random directions' filter normalisation, and the
/// trajectory directions against a path built inside a known plane.
@Suite struct LossLandscapeTests {
    /// A 2-6-5-1 tanh net (P = 54) on 25 points, MSE with an L2 term.
    static let net = randomModel([2, 6, 5, 1], hidden: .tanh, seed: 71)
    static let data = randomData(n: 25, inputs: 2, targets: 1, seed: 72)
    static let objective = Objective(loss: .mse, l2: 1e-2)

    static func makeOperator(_ m: MLP = net) throws -> HessianOperator {
        try HessianOperator(model: m, loss: .mse, l2: 1e-2, data: data)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }

    static func moved(_ m: MLP, _ d: [Double], by a: Double) -> MLP {
        var c = m
        for i in c.parameters.indices { c.parameters[i] += a * d[i] }
        return c
    }

    @Test func linspaceIsSymmetricWithZeroInTheMiddle() {
        let a = LossLandscape.linspace(span: 1.5, count: 41)
        #expect(a.count == 41 && a[0] == -1.5 && a[40] == 1.5 && a[20] == 0)
        for i in 0..<41 {
            #expect(a[i] == -a[40 - i])
            #expect(Swift.abs(a[i] - (-1.5 + 3 * Double(i) / 40)) <= 1e-15)
        }
        #expect(LossLandscape.linspace(span: 2, count: 3) == [-2, 0, 2])
    }

    /// Every grid point against J from the Hessian operator (a separate forward/backward engine) at the
    /// moved weights, and the centre against the report's `objective`.
    @Test func gridMatchesTheObjectiveAtEveryPoint() throws {
        let dirs = LossLandscape.randomDirections(model: Self.net, seed: 3)
        let alphas = LossLandscape.linspace(span: 0.8, count: 5), betas = LossLandscape.linspace(span: 0.5, count: 3)
        let g = LossLandscape.grid(model: Self.net, objective: Self.objective, data: Self.data, u: dirs.u, v: dirs.v,
                                   alphas: alphas, betas: betas)
        #expect(g.count == 5 && g.allSatisfy { $0.count == 3 })
        for i in 0..<5 {
            for j in 0..<3 {
                var m = Self.moved(Self.net, dirs.u, by: alphas[i])
                m = Self.moved(m, dirs.v, by: betas[j])
                let ref = try Self.makeOperator(m).value
                #expect(Swift.abs(g[i][j] - ref) <= 1e-12 * Swift.abs(ref), "(\(i), \(j)): \(g[i][j]) vs \(ref)")
            }
        }
        let report = try LandscapeReport(model: Self.net, loss: .mse, l2: 1e-2, data: Self.data, directions: dirs, grid: 5, span: 1)
        let centre = try #require(report.lossGrid[2][2])
        #expect(centre == report.objective)
        let ref = try Self.makeOperator().value
        #expect(Swift.abs(report.objective - ref) <= 1e-12 * ref)
        #expect(report.alphas == [-1, -0.5, 0, 0.5, 1] && report.betas == report.alphas)
    }

    /// The second difference of J along each unit eigenvector (Richardson-extrapolated central differences)
    /// equals its eigenvalue; the eigenvalues are the two largest of the dense spectrum; u ⊥ v, both unit.
    @Test func hessianDirectionsAreEigenvectorsOfTheTopTwoEigenvalues() throws {
        let op = try Self.makeOperator()
        let dirs = try LossLandscape.hessianDirections(operator: op, seed: 5)
        let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount)
        let lam = try #require(dirs.eigenvalues)
        #expect(lam.count == 2 && lam[0] >= lam[1])
        #expect(Swift.abs(lam[0] - ev[ev.count - 1]) <= 1e-12 * Swift.abs(lam[0]))
        #expect(Swift.abs(lam[1] - ev[ev.count - 2]) <= 1e-12 * Swift.abs(lam[0]))
        #expect(Swift.abs(Self.dot(dirs.u, dirs.u) - 1) <= 1e-12 && Swift.abs(Self.dot(dirs.v, dirs.v) - 1) <= 1e-12)
        #expect(Swift.abs(Self.dot(dirs.u, dirs.v)) <= 1e-10)
        #expect(dirs.method.hasPrefix("full Hessian"))
        for (w, l) in [(dirs.u, lam[0]), (dirs.v, lam[1])] {
            func d2(_ h: Double) -> Double {
                let g = LossLandscape.grid(model: Self.net, objective: Self.objective, data: Self.data, u: w, v: w,
                                           alphas: [-h, 0, h], betas: [0])
                return (g[0][0] - 2 * g[1][0] + g[2][0]) / (h * h)
            }
            let h = 2e-3
            let richardson = (4 * d2(h / 2) - d2(h)) / 3
            #expect(Swift.abs(richardson - l) <= 1e-6 * Swift.abs(l), "second difference \(richardson) vs λ \(l)")
        }
    }

    /// The same oracle for the classification losses (logits: BCE with one output, softmax CE with three)
    /// and with LayerNorm on the hidden layers (the training-mode objective).
    @Test(arguments: ["bce", "softmax", "layernorm"]) func secondDifferenceEqualsEigenvalueForOtherObjectives(_ kind: String) throws {
        let outputs = kind == "softmax" ? 3 : 1
        var m = MLP(sizes: [2, 6, 5, outputs], activations: [.tanh, .tanh, .linear],
                    normalizations: kind == "layernorm" ? [.layer, .layer, .none] : nil)
        var rng = AnalysisRNG(seed: 31)
        for i in m.parameters.indices where m.parameters[i] == 0 { m.parameters[i] = rng.uniform(-0.8, 0.8) }
        var data = randomData(n: 20, inputs: 2, targets: outputs, seed: 32, binary: kind == "bce")
        if kind == "softmax" { data.y = (0..<60).map { ($0 % 3) == ($0 / 3) % 3 ? 1 : 0 } }
        let loss: Loss = kind == "bce" ? .bceWithLogits : kind == "softmax" ? .softmaxCrossEntropy : .mse
        let op = try HessianOperator(model: m, loss: loss, l2: 1e-3, data: data)
        let dirs = try LossLandscape.hessianDirections(operator: op, seed: 2)
        let lam = try #require(dirs.eigenvalues)
        let objective = Objective(loss: loss, l2: 1e-3)
        for (w, l) in [(dirs.u, lam[0]), (dirs.v, lam[1])] {
            func d2(_ h: Double) -> Double {
                let g = LossLandscape.grid(model: m, objective: objective, data: data, u: w, v: w, alphas: [-h, 0, h], betas: [0])
                return (g[0][0] - 2 * g[1][0] + g[2][0]) / (h * h)
            }
            // LayerNorm makes J strongly curved beyond second order: small steps (round-off stays ~1e-9).
            let richardson = (4 * d2(1e-4) - d2(2e-4)) / 3
            #expect(Swift.abs(richardson - l) <= 1e-6 * Swift.abs(lam[0]), "\(kind): second difference \(richardson) vs λ \(l)")
        }
        if kind == "layernorm" {
            // γ and β (after each normalised layer's bias) are 0 in the random directions, like biases.
            let r = LossLandscape.randomDirections(model: m, seed: 1)
            for l in 0..<2 {
                let b = m.biasOffset(layer: l), d = m.sizes[l + 1]
                #expect((b..<(b + 3 * d)).allSatisfy { r.u[$0] == 0 && r.v[$0] == 0 })
            }
        }
    }

    /// Above the exact limit the same directions come from Lanczos on HVPs: same eigenvalues (1e-8) and
    /// parallel vectors.
    @Test func lanczosHessianDirectionsMatchTheExactOnes() throws {
        let exact = try LossLandscape.hessianDirections(operator: try Self.makeOperator(), seed: 5)
        let lanczos = try LossLandscape.hessianDirections(operator: try Self.makeOperator(), exactLimit: 10, seed: 9)
        #expect(lanczos.method.hasPrefix("Lanczos"))
        let a = try #require(exact.eigenvalues), b = try #require(lanczos.eigenvalues)
        for k in 0..<2 { #expect(Swift.abs(a[k] - b[k]) <= 1e-8 * Swift.abs(a[0]), "λ\(k + 1): \(a[k]) vs \(b[k])") }
        #expect(Swift.abs(Swift.abs(Self.dot(exact.u, lanczos.u)) - 1) <= 1e-8)
        #expect(Swift.abs(Swift.abs(Self.dot(exact.v, lanczos.v)) - 1) <= 1e-8)
    }

    /// Each unit's incoming weights in u and v have the norm of that unit's weights in θ; biases are 0; the
    /// seed decides the directions.
    @Test func randomDirectionsAreFilterNormalised() {
        let m = Self.net
        let d = LossLandscape.randomDirections(model: m, seed: 11)
        for w in [d.u, d.v] {
            #expect(w.count == m.parameterCount)
            for l in 0..<m.layerCount {
                let o = m.weightOffset(layer: l), cols = m.sizes[l]
                for r in 0..<m.sizes[l + 1] {
                    let row = (o + r * cols)..<(o + (r + 1) * cols)
                    let nd = row.reduce(0.0) { $0 + w[$1] * w[$1] }.squareRoot()
                    let nt = row.reduce(0.0) { $0 + m.parameters[$1] * m.parameters[$1] }.squareRoot()
                    #expect(Swift.abs(nd - nt) <= 1e-12 * nt, "layer \(l) unit \(r): \(nd) vs \(nt)")
                }
                let b = m.biasOffset(layer: l)
                #expect((b..<(b + m.sizes[l + 1])).allSatisfy { w[$0] == 0 })
            }
        }
        #expect(d.u != d.v)
        #expect(LossLandscape.randomDirections(model: m, seed: 11) == d)
        #expect(LossLandscape.randomDirections(model: m, seed: 12).u != d.u)
    }

    /// A path built inside a known plane through θ_N: the directions are orthonormal, span that plane, and
    /// θ_N + path_alpha[k]·u + path_beta[k]·v reproduces every θ_k.
    @Test func trajectoryDirectionsReproduceAPathInAPlane() throws {
        var rng = AnalysisRNG(seed: 21)
        let P = 40
        let theta = (0..<P).map { _ in rng.gaussian() }
        let p = (0..<P).map { _ in rng.gaussian() }, q = (0..<P).map { _ in rng.gaussian() }
        let coords = (0..<30).map { k -> (Double, Double) in
            let t = Double(k) / 29
            return ((1 - t) * 3 + 0.4 * sin(7 * t), (1 - t) * (1 - t) * -2 + 0.1 * cos(5 * t))
        }
        let path = coords.map { a, b in (0..<P).map { theta[$0] + a * p[$0] + b * q[$0] } }
        let d = try LossLandscape.trajectoryDirections(checkpoints: path, final: theta)
        #expect(Swift.abs(Self.dot(d.u, d.u) - 1) <= 1e-12 && Swift.abs(Self.dot(d.v, d.v) - 1) <= 1e-12)
        #expect(Swift.abs(Self.dot(d.u, d.v)) <= 1e-12)
        let pa = try #require(d.pathAlpha), pb = try #require(d.pathBeta)
        #expect(pa.count == 30 && pb.count == 30)
        #expect(pa[0] <= 0 && pb[0] <= 0)
        for k in 0..<30 {
            let diff = (0..<P).map { path[k][$0] - theta[$0] }
            #expect(Swift.abs(pa[k] - Self.dot(diff, d.u)) <= 1e-12 * (1 + Swift.abs(pa[k])))
            #expect(Swift.abs(pb[k] - Self.dot(diff, d.v)) <= 1e-12 * (1 + Swift.abs(pb[k])))
            let rebuilt = (0..<P).map { theta[$0] + pa[k] * d.u[$0] + pb[k] * d.v[$0] }
            #expect(maxAbsDiff(rebuilt, path[k]) <= 1e-10, "checkpoint \(k)")
        }
    }

    /// On a real training run the directions stay orthonormal and the coordinates are the projections.
    @Test func trajectoryDirectionsOfATrainingRun() throws {
        var trainer = Trainer(model: Self.net, train: Self.data,
                              config: TrainingConfig(loss: .mse, l2: 1e-2, optimizer: .sgd, learningRate: 0.05, seed: 1))
        var checkpoints: [[Double]] = []
        for s in LossLandscape.checkpointSteps(steps: 60, limit: 13) {
            while trainer.stepCount < s { trainer.step() }
            checkpoints.append(trainer.model.parameters)
        }
        #expect(checkpoints.count == 13)
        let theta = trainer.model.parameters
        let d = try LossLandscape.trajectoryDirections(checkpoints: checkpoints, final: theta)
        #expect(Swift.abs(Self.dot(d.u, d.u) - 1) <= 1e-12 && Swift.abs(Self.dot(d.u, d.v)) <= 1e-12)
        let pa = try #require(d.pathAlpha), pb = try #require(d.pathBeta)
        for k in checkpoints.indices {
            let diff = (0..<theta.count).map { checkpoints[k][$0] - theta[$0] }
            #expect(Swift.abs(pa[k] - Self.dot(diff, d.u)) <= 1e-12 * (1 + norm(diff)))
            #expect(Swift.abs(pb[k] - Self.dot(diff, d.v)) <= 1e-12 * (1 + norm(diff)))
        }
        #expect(pa.last == 0 && pb.last == 0, "θ_N sits at the origin")
    }

    @Test func aStraightPathHasNoSecondDirection() {
        let theta = [1.0, 2, 3], dir = [0.5, -1, 2]
        let path = (0..<5).map { k in theta.indices.map { theta[$0] + Double(k) * dir[$0] } }
        #expect(throws: AnalysisError.self) { try LossLandscape.trajectoryDirections(checkpoints: path, final: theta) }
    }

    @Test func checkpointStepsAreEvenAndIncludeBothEnds() {
        #expect(LossLandscape.checkpointSteps(steps: 0) == [0])
        #expect(LossLandscape.checkpointSteps(steps: 5) == [0, 1, 2, 3, 4, 5])
        let s = LossLandscape.checkpointSteps(steps: 3000)
        #expect(s.count == 200 && s.first == 0 && s.last == 3000)
        #expect(zip(s, s.dropFirst()).allSatisfy { $1 - $0 == 15 || $1 - $0 == 16 })
        let t = LossLandscape.checkpointSteps(steps: 199)
        #expect(t == Array(0...199))
    }

    /// The warm-started tracker: λmax equals the dense one, and a second call on nearby weights starts
    /// from the previous eigenvector and needs fewer Lanczos steps than the cold start.
    @Test func sharpnessTrackerMatchesTheDenseLambdaMaxAndWarmStarts() throws {
        let tracker = SharpnessTracker(tolerance: 1e-10)
        let op = try Self.makeOperator()
        let exact = try #require(SymmetricEigensolver.eigenvalues(op.fullHessian(), n: op.parameterCount).last)
        let first = try #require(tracker.lambdaMax(operator: op))
        let cold = tracker.lastSteps
        #expect(Swift.abs(first - exact) <= 1e-8 * Swift.abs(exact))
        var m = Self.net
        m.parameters[0] += 1e-4
        let op2 = try Self.makeOperator(m)
        let exact2 = try #require(SymmetricEigensolver.eigenvalues(op2.fullHessian(), n: op2.parameterCount).last)
        let second = try #require(tracker.lambdaMax(operator: op2))
        #expect(Swift.abs(second - exact2) <= 1e-8 * Swift.abs(exact2))
        #expect(tracker.lastSteps < cold, "warm start \(tracker.lastSteps) steps vs cold \(cold)")
    }
}
