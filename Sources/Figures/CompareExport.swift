import Foundation
import NNAnalysis
import NNSession
import PaneModels

/// `nnviz export` on a compare preset: the comparison a lecturer puts on a slide. Every session trains
/// the same number of steps on the same data (as in compare mode); then `loss.svg` holds every session's
/// curves on one log axis, `lambda-max.svg` λmax per session, `fit-<label>.svg` (1D input) or
/// `regions-<label>.svg` (2D) each session's own figure, and `frame.txt` the compare dashboard at 160×48.
/// A session that diverges is part of the comparison (learning-rates): it stops there and the figures say
/// so; it is not an error. Pure apart from training: same preset and seed, same bytes.
public enum CompareExport {
    /// One trained session: its label and its final snapshot.
    public struct Trained: Sendable {
        public var label: String
        public var snapshot: SessionSnapshot
    }

    /// Trains every session of `preset` (a compare preset) `steps` steps from the same seed.
    public static func train(_ preset: Preset, seed: UInt64?, steps: Int) throws(PresetError) -> [Trained] {
        var out: [Trained] = []
        // The sessions of a compare preset share the base's data by construction.
        for entry in try preset.comparedPresets() {
            var session = try Session(preset: entry.preset, seed: seed, recordsHistory: true)
            session.step(steps)
            out.append(Trained(label: entry.label, snapshot: session.snapshot()))
        }
        return out
    }

    /// "AdamW (decay 0.01)" → "adamw-decay-0-01": lower-case ASCII letters and digits, runs of anything
    /// else one hyphen ("session" when nothing is left).
    public static func slug(_ label: String) -> String {
        var out = "", gap = false
        for u in label.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") {
                if gap && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(u)
                gap = false
            } else {
                gap = true
            }
        }
        return out.isEmpty ? "session" : out
    }

    /// Slugs of all labels, made unique by a numeric suffix ("sgd", "sgd-2").
    public static func slugs(_ labels: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return labels.map { label in
            let s = slug(label)
            let k = (seen[s] ?? 0) + 1
            seen[s] = k
            return k == 1 ? s : "\(s)-\(k)"
        }
    }

    /// λmax of a session's training objective at its step: exact (all eigenvalues of the formed Hessian)
    /// up to ``SpectrumJob/exactLimit`` parameters, else the dashboard's Lanczos estimate. nil after a
    /// divergence or when the analysis refuses.
    public static func lambdaMax(_ s: SessionSnapshot) -> (value: Double, method: String)? {
        guard s.divergence == nil, s.model.isFinite,
              let op = try? HessianOperator(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train) else {
            return nil
        }
        let P = op.parameterCount
        if P <= SpectrumJob.exactLimit {
            guard let top = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P).max(), top.isFinite else { return nil }
            return (top, "exact eigenvalues, P = \(P)")
        }
        guard case .success(let view) = LambdaMaxJob.compute(s) else { return nil }
        return (view.lambdaMax, view.method + ", P = \(P)")
    }

    /// 2/η for gradient descent, 2(1+β)/η for heavy-ball momentum, nil for adaptive optimisers.
    static func stabilityLimit(_ p: Preset) -> Double? {
        let o = p.training.optimizer
        switch o.name {
        case .sgd: return 2 / o.lr
        case .momentum where !o.nesterov: return 2 * (1 + o.momentum) / o.lr
        default: return nil
        }
    }

    /// Draws compare mode's text frame for trained sessions (label and snapshot), their view models and
    /// each one's λmax (the executable passes the dashboard's own renderer).
    public typealias FrameText = ([(label: String, snapshot: SessionSnapshot)], [DashboardModel], [Double?]) -> String

    /// All files for the trained sessions of `preset` (`frame.txt` when `frame` draws one).
    public static func files(_ sessions: [Trained], preset: Preset, frame: FrameText? = nil) -> [ExportFile] {
        let models = sessions.map { SnapshotAdapter.model(from: $0.snapshot) }
        let lambdas = sessions.map { lambdaMax($0.snapshot) }
        let names = slugs(sessions.map(\.label))
        let step = sessions.map(\.snapshot.step).max() ?? 0
        var out: [ExportFile] = []
        let curves = zip(sessions, models).map {
            ComparedCurves(label: $0.label, loss: $1.lossCurves, divergedAtStep: $1.divergedAtStep)
        }
        let lossName = models.first?.lossCurves.lossName ?? ""
        out.append(ExportFile(name: "loss.svg", contents: CompareFigures.loss(
            curves, title: "\(preset.name) · loss, \(sessions.count) sessions",
            subtitle: "loss: \(lossName) · solid: train objective · same data, seed \(sessions.first?.snapshot.seed ?? 0)")))
        let bars = sessions.enumerated().map { i, s in
            ComparedLambda(label: s.label, lambdaMax: lambdas[i]?.value, method: lambdas[i]?.method ?? "",
                           stabilityLimit: stabilityLimit(s.snapshot.preset))
        }
        let method = Set(lambdas.compactMap { $0?.method.hasPrefix("exact") == true ? "exact" : "Lanczos" }).sorted().joined(separator: ", ")
        out.append(ExportFile(name: "lambda-max.svg", contents: CompareFigures.lambdaMax(
            bars, title: "\(preset.name) · sharpness λmax at step \(step)",
            subtitle: "largest eigenvalue of the training objective's Hessian (\(method)); limit: 2/η (momentum 2(1+β)/η)")))
        for (i, s) in sessions.enumerated() {
            let m = models[i]
            let title = "\(s.label) · step \(s.snapshot.step)"
            if let fit = m.fit {
                out.append(ExportFile(name: "fit-\(names[i]).svg", contents: FitFigure.svg(fit, title: title + " · network fit")))
            }
            if let map = m.regions {
                out.append(ExportFile(name: "regions-\(names[i]).svg",
                                      contents: RegionsFigure.svg(map, title: title + " · " + RegionsFigure.kind(map))))
            }
        }
        if let frame {
            out.append(ExportFile(name: "frame.txt", contents: frame(sessions.map { ($0.label, $0.snapshot) }, models,
                                                                     lambdas.map { $0?.value })))
        }
        return out
    }
}
