import Foundation
import NNAnalysis
import NNCore
import NNSession
import PaneModels

/// One file of an export: its name inside the output directory and its contents.
public struct ExportFile: Sendable, Equatable {
    public var name: String
    public var contents: String
    public init(name: String, contents: String) { self.name = name; self.contents = contents }
}

/// `nnviz export`: every pane of a session's snapshot as an SVG figure, and the dashboard frame as text.
/// Pure (no I/O): the command writes the files. Same snapshot, same bytes.
public enum FigureExport {
    /// Draws the dashboard's text frame for a snapshot, its view models and its spectrum (the executable
    /// passes the dashboard's own renderer; this module has no terminal code).
    public typealias FrameText = (SessionSnapshot, DashboardModel, SpectrumViewModel?) -> String

    /// The spectrum of a snapshot, twice: the dashboard's view (80 symmetric-log bins, as the pane shows it)
    /// and, for the figure, the exact eigenvalues themselves when P is small enough to form the Hessian
    /// (otherwise the same Lanczos/SLQ estimate). nil when the analysis refuses (e.g. non-finite weights).
    public static func spectrum(_ s: SessionSnapshot) -> (view: SpectrumViewModel, figure: SpectrumViewModel)? {
        guard s.model.isFinite else { return nil }
        guard let op = try? HessianOperator(model: s.model, loss: s.loss, l2: s.preset.training.l2, l1: s.preset.training.l1, data: s.train) else {
            return nil
        }
        let P = op.parameterCount
        if P <= SpectrumJob.exactLimit {
            let ev = SymmetricEigensolver.eigenvalues(op.fullHessian(), n: P)
            let view = SpectrumJob.view(SpectrumSummary(eigenvalues: ev, bins: 80), step: s.step)
            var figure = view
            figure.eigenvalues = ev
            figure.weights = []
            return (view, figure)
        }
        guard case .success(let view) = SpectrumJob.compute(s) else { return nil }
        return (view, view)
    }

    /// All files for a snapshot: `fit.svg` (1D input) or `regions.svg` (2D input), `loss.svg`,
    /// `spectrum.svg` (when the Hessian could be analysed), `network.svg`, and `frame.txt` when `frame`
    /// draws one.
    public static func files(for s: SessionSnapshot, frame: FrameText? = nil) -> [ExportFile] {
        let model = SnapshotAdapter.model(from: s)
        let spec = spectrum(s)
        let name = s.presetName
        var out: [ExportFile] = []
        if let fit = model.fit {
            out.append(ExportFile(name: "fit.svg", contents: FitFigure.svg(fit, title: "\(name) · step \(s.step) · network fit")))
        }
        if let map = model.regions {
            out.append(ExportFile(name: "regions.svg",
                                  contents: RegionsFigure.svg(map, title: "\(name) · step \(s.step) · " + RegionsFigure.kind(map))))
        }
        out.append(ExportFile(name: "loss.svg", contents: LossFigure.svg(model.lossCurves, title: "\(name) · loss")))
        if let spec {
            out.append(ExportFile(name: "spectrum.svg",
                                  contents: SpectrumFigure.svg(spec.figure, title: "\(name) · step \(s.step) · Hessian spectrum")))
        }
        out.append(ExportFile(name: "network.svg",
                              contents: NetworkFigure.svg(model.network, model: s.model, title: "\(name) · network")))
        if let frame { out.append(ExportFile(name: "frame.txt", contents: frame(s, model, spec?.view))) }
        return out
    }
}
