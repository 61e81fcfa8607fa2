import NNAnalysis
import NNCore
import NNSession

/// One number a claim check read off what the dashboard shows.
public struct ClaimNumber: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The verdict of one preset's claim: whether it holds, the numbers it checked (in order) and, when it
/// fails, which parts failed.
public struct ClaimResult: Sendable, Equatable {
    public var ok: Bool { failures.isEmpty }
    public var numbers: [ClaimNumber] = []
    public var failures: [String] = []

    public init() {}

    /// Records a number the check reads.
    public mutating func record(_ name: String, _ value: Double) { numbers.append(ClaimNumber(name, value)) }
    public mutating func record(_ name: String, _ value: Int) { record(name, Double(value)) }

    /// Records a condition of the claim; a false one is a failure, described by `what`.
    public mutating func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { failures.append(what()) }
    }

    /// The value of a recorded number (nil if it was not recorded).
    public subscript(name: String) -> Double? { numbers.first { $0.name == name }?.value }
}

/// One session of a preset as the screen shows it at the claim step: its label (the compare entry's, or the
/// preset's name), the session itself and the dashboard's view models built from its snapshot.
public struct ClaimSession {
    public var label: String
    public var session: Session
    public var snapshot: SessionSnapshot
    public var model: DashboardModel

    /// The training loss the loss pane shows last (its last finite value).
    public var loss: Double { model.lossCurves.train.last(where: \.isFinite) ?? .nan }
    /// The test loss the loss pane shows last.
    public var testLoss: Double { model.lossCurves.test.last(where: \.isFinite) ?? .nan }
}

/// The ONE registry of the shipped presets' claims: preset name → a check over the view models (and the
/// analysis jobs the dashboard runs) of the preset's sessions trained to its `view.claim_step`. The claim
/// tests and `nnviz lecture --check` both use it, so the screen, the tests and the lecture agree.
public enum PresetClaims {
    public typealias Check = @Sendable ([ClaimSession]) -> ClaimResult

    /// The preset's sessions (one, or one per compare entry) trained to `step`, as the screen shows them.
    public static func sessions(_ preset: Preset, step: Int) throws(PresetError) -> [ClaimSession] {
        let presets: [(String, Preset)] = preset.isComparison
            ? try preset.comparedPresets().map { ($0.label, $0.preset) } : [(preset.name, preset)]
        var out: [ClaimSession] = []
        for (label, p) in presets {
            var session = try Session(preset: p)
            _ = session.step(step)
            let snapshot = session.snapshot()
            out.append(ClaimSession(label: label, session: session, snapshot: snapshot, model: SnapshotAdapter.model(from: snapshot)))
        }
        return out
    }

    /// Trains the preset to its `view.claim_step` and checks its claim. Nil when the preset has no claim step
    /// or no registered check.
    public static func check(_ preset: Preset) throws(PresetError) -> ClaimResult? {
        guard let step = preset.view.claimStep, let check = checks[preset.name] else { return nil }
        return check(try sessions(preset, step: step))
    }

    /// Names of the presets with a registered check.
    public static var names: [String] { checks.keys.sorted() }

    public static let checks: [String: Check] = [
        "sawtooth": sawtooth, "shallow-width": shallowWidth, "sawtooth-train": sawtoothTrain,
        "depth-vs-width": depthVersusWidth, "optimizers": optimizers, "learning-rates": learningRates,
        "regularisation": regularisation, "early-stopping": earlyStopping, "normalisation": normalisation,
        "hessian-optimum": hessianOptimum, "deep-linear": deepLinear, "batch-size": batchSize, "ntk-lazy": ntkLazy,
        "edge-of-stability": edgeOfStability, "features": features,
        "regression-1d": regression1D,
        "relu-regions": reluRegions,
        "relu-regions-4x4": reluRegions4x4,
        "lecture-regression-2d": lectureRegression2D,
        "circle": circle,
        "loss-landscape": lossLandscape,
        "kronecker": kronecker,
        "autodiff-cost": autodiffCost,
        "double-descent": doubleDescent,
        "initialisation": initialisation,
    ]

    static func kinks(_ s: ClaimSession) -> [Double] { s.model.fit?.kinks ?? [] }

    /// Hand-set sawtooth (step 0): 2^L − 1 kinks at −2 + j·4/2^L, 2^L pieces.
    static func sawtooth(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let L = s[0].session.model.layerCount - 1
        let expected = (1..<(1 << L)).map { -2 + Double($0) * 4 / Double(1 << L) }
        let k = kinks(s[0])
        r.record("depth", L)
        r.record("kinks", k.count)
        r.record("pieces", k.count + 1)
        let error = k.count == expected.count ? zip(k, expected).map { Swift.abs($0 - $1) }.max() ?? 0 : .infinity
        r.record("max_kink_error", error)
        r.require(k.count == expected.count && error < 1e-9, "kinks \(k.count) vs 2^L − 1 = \(expected.count) at −2 + j·4/2^L")
        return r
    }

    /// One hidden layer: kinks ≤ width, pieces ≤ width + 1.
    static func shallowWidth(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let width = s[0].session.model.sizes[1]
        let k = kinks(s[0]).count
        r.record("width", width)
        r.record("kinks", k)
        r.record("pieces", k + 1)
        r.require(k <= width && s[0].model.fit?.pieceBound == width + 1, "pieces \(k + 1) ≤ width + 1 = \(width + 1)")
        return r
    }

    /// Trained from random init, the depth-4 architecture finds far fewer than 2^4 = 16 pieces (≤ 8).
    static func sawtoothTrain(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let pieces = kinks(s[0]).count + 1
        r.record("pieces", pieces)
        r.record("representable_pieces", 16)
        r.require(pieces <= 8, "pieces \(pieces) not far below 16")
        return r
    }

    /// Same P: shallow kinks ≤ 8, the hand-set deep net 15, the trained deep net fewer (README: 6 and 2).
    static func depthVersusWidth(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let k = s.map { kinks($0).count }
        r.record("shallow_kinks", k[0])
        r.record("deep_hand_set_kinks", k[1])
        r.record("deep_trained_kinks", k[2])
        r.require(k[0] <= 8 && k[1] == 15 && k[2] < k[1], "kinks \(k): shallow ≤ 8, hand-set 15, trained fewer")
        r.require(k[0] == 6 && k[2] == 2, "kinks \(k): the guide says shallow 6, trained deep 2")
        return r
    }

    /// SGD's training loss is the highest, more than twice each other optimiser's.
    static func optimizers(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        for x in s { r.record("loss[\(x.label)]", x.loss) }
        for i in 1..<s.count { r.require(s[0].loss > 2 * s[i].loss, "SGD \(s[0].loss) vs \(s[i].label) \(s[i].loss)") }
        return r
    }

    /// η = 2 diverges early (drawn to its last finite value, ≥ 10 points, the loss pane marking the step), the others do not; η = 0.25's curve jumps above
    /// 3× its start (the catapult); η = 0.005 still has the highest loss of the three.
    static func learningRates(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let boom = s[3].model.divergedAtStep
        r.record("diverged_at_step", boom ?? -1)
        r.require(boom.map { $0 < 200 } == true, "η = 2 did not diverge before step 200")
        let drawn = s[3].model.lossCurves.train.filter(\.isFinite).count
        r.record("diverged_curve_points", drawn)
        r.require(s[3].model.lossCurves.divergedAtStep == boom, "the loss pane does not mark η = 2's divergence")
        r.require(drawn >= 10, "η = 2's curve up to the blow-up has \(drawn) points drawn")
        for i in 0..<3 { r.require(s[i].model.divergedAtStep == nil, "\(s[i].label) diverged") }
        let curve = s[2].model.lossCurves.train
        let start = curve.first ?? .nan, peak = curve.max() ?? .nan
        r.record("catapult_peak_over_start", peak / start)
        r.require(peak > 3 * start, "no catapult: peak \(peak) vs start \(start)")
        for x in s.prefix(3) { r.record("loss[\(x.label)]", x.loss) }
        r.require(s[0].loss > s[1].loss && s[0].loss > s[2].loss, "the smallest rate is not the slowest")
        return r
    }

    /// No regulariser: lowest training loss; each regulariser: a test loss lower by more than 0.03.
    static func regularisation(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        for x in s { r.record("loss[\(x.label)]", x.loss); r.record("test_loss[\(x.label)]", x.testLoss) }
        r.require(s.allSatisfy { $0.loss >= s[0].loss }, "none has not the lowest training loss")
        for i in 1..<s.count { r.require(s[i].testLoss < s[0].testLoss - 0.03, "\(s[i].label) test \(s[i].testLoss) vs none \(s[0].testLoss)") }
        return r
    }

    /// The early-stopped run stopped and shows a test loss lower by more than 0.02.
    static func earlyStopping(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        for x in s { r.record("test_loss[\(x.label)]", x.testLoss) }
        r.require(s[1].session.trainer.isStopped, "\(s[1].label) did not stop")
        r.require(s[1].testLoss < s[0].testLoss - 0.02, "stopped \(s[1].testLoss) vs \(s[0].testLoss)")
        return r
    }

    /// Plain at η = 0.04 diverges; LayerNorm, BatchNorm and plain at η = 0.01 train to < 0.1× their first loss; the
    /// activations pane (the preset names it) shows the LayerNorm net's layers.
    static func normalisation(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        r.record("diverged_at_step", s[0].model.divergedAtStep ?? -1)
        r.require(s[0].model.divergedAtStep != nil, "\(s[0].label) did not diverge")
        r.require(s.count > 1 && s[1].model.activations != nil, "the activations pane shows nothing for \(s.count > 1 ? s[1].label : "LayerNorm")")
        for x in s.dropFirst() {
            let first = x.model.lossCurves.train.first ?? .nan
            r.record("loss[\(x.label)]", x.loss)
            r.require(x.model.divergedAtStep == nil && x.loss < 0.1 * first, "\(x.label): \(first) -> \(x.loss)")
        }
        return r
    }

    /// At interpolation the spectrum pane's ≈0 count is at least P − n and the loss is < 1e-6; P = 321 and n = 6
    /// as the deck says; the state is frozen (learning rate 0 after its step schedule), as the caption says.
    static func hessianOptimum(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let n = s[0].session.data.train.count, P = s[0].session.model.parameterCount
        r.record("parameters", P)
        r.record("points", n)
        r.record("loss", s[0].loss)
        r.require(s[0].loss < 1e-6, "loss \(s[0].loss) does not interpolate")
        r.require(P == 321 && n == 6, "the deck says P = 321, n = 6; the preset has P = \(P), n = \(n)")
        let lr = s[0].model.learningRate
        r.record("learning_rate", lr)
        r.require(lr >= 0 && lr < 1e-12 && s[0].session.preset.caption.contains("frozen"),
                  "the end state is not the frozen one the caption says (learning rate \(lr))")
        switch SpectrumJob.compute(s[0].snapshot) {
        case .success(let spectrum):
            let zero = spectrum.nearZeroCount ?? -1
            r.record("near_zero_eigenvalues", zero)
            r.require(zero >= P - n, "≈0 eigenvalues \(zero) < P − n = \(P - n)")
        case .failure(let f):
            r.require(false, "spectrum: \(f)")
        }
        return r
    }

    /// Deep linear: two singular values near the target's 1.5 and 0.8, three below 0.2, effective rank < 2.8.
    static func deepLinear(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        guard let point = s[0].model.singularValues, point.values.count >= 3 else {
            r.require(false, "no singular values shown")
            return r
        }
        for (i, v) in point.values.enumerated() { r.record("sigma\(i + 1)", v) }
        r.record("effective_rank", point.effectiveRank)
        r.require(Swift.abs(point.values[0] - 1.5) < 0.15 && Swift.abs(point.values[1] - 0.8) < 0.15, "σ₁, σ₂ \(point.values.prefix(2))")
        r.require(point.values[2...].allSatisfy { $0 < 0.2 }, "σ₃… not below 0.2")
        r.require(point.effectiveRank < 2.8, "effective rank \(point.effectiveRank)")
        return r
    }

    /// λmax (the λmax panes' Lanczos) orders batch 1 < 16 < full, and the full batch is at most ≈ 2/η.
    static func batchSize(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        var lambda: [Double] = []
        for x in s {
            let l = (try? LambdaMaxJob.compute(x.snapshot).get().lambdaMax) ?? .nan
            lambda.append(l)
            r.record("lambda_max[\(x.label)]", l)
        }
        let limit = 2 / s[s.count - 1].session.preset.training.optimizer.lr
        r.record("two_over_lr", limit)
        r.require(lambda.count == 3 && lambda[0] < lambda[1] && lambda[1] < lambda[2], "λmax \(lambda) not increasing with batch")
        r.require(lambda.last.map { $0 < 1.05 * limit } == true, "full batch λmax above 2/η")
        return r
    }

    /// The NTK pane's own run: the 32× wider net's kernel moves 20–27× less, and the caption's "about N× less"
    /// is that ratio rounded.
    static func ntkLazy(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        var last: NTKDriftResult?
        LectureJobs.run(featured: .ntk, snapshot: s[0].snapshot, isCancelled: { false }) { update in
            if case .ntk(let result) = update { last = result }
        }
        guard let result = last, let narrow = result.narrow.relativeChange.last, let wide = result.wide.relativeChange.last else {
            r.require(false, "the NTK run gave no result")
            return r
        }
        r.record("narrow_kernel_change", narrow)
        r.record("wide_kernel_change", wide)
        r.record("ratio", narrow / wide)
        r.require(narrow / wide > 20 && narrow / wide < 27, "the wide kernel moved \(narrow / wide)× less")
        let quoted = "about \(Int((narrow / wide).rounded()))× less"
        r.require(s[0].session.preset.caption.contains(quoted), "the caption does not say \"\(quoted)\"")
        return r
    }

    /// The accuracy the loss title shows: the raw linear model near chance, the same model on the squared
    /// features separating the disc, the hidden layer learning it too.
    static func features(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let acc = s.map { $0.model.lossCurves.accuracy ?? .nan }
        for (x, a) in zip(s, acc) { r.record("accuracy[\(x.label)]", a) }
        r.require(acc.count == 3, "expected three sessions")
        guard acc.count == 3 else { return r }
        r.require(acc[0] < 0.7, "raw linear accuracy \(acc[0]) not near chance")
        r.require(acc[1] > 0.95 && acc[2] > 0.9, "features \(acc[1]), hidden \(acc[2])")
        return r
    }

    /// Full-batch GD: λmax within [0.85, 1.2]·2/η at the claim step, the loss below its start.
    static func edgeOfStability(_ s: [ClaimSession]) -> ClaimResult {
        var r = ClaimResult()
        let limit = 2 / s[0].session.preset.training.optimizer.lr
        let lambda = (try? LambdaMaxJob.compute(s[0].snapshot).get().lambdaMax) ?? .nan
        let start = s[0].model.lossCurves.train.first ?? .nan
        r.record("lambda_max", lambda)
        r.record("two_over_lr", limit)
        r.record("loss", s[0].loss)
        r.require(lambda >= 0.85 * limit && lambda <= 1.2 * limit, "λmax \(lambda) not near 2/η = \(limit)")
        r.require(s[0].loss < start, "loss \(s[0].loss) not below its start \(start)")
        return r
    }
}
