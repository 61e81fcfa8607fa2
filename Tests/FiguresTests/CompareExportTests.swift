import Dashboard
import Foundation
import NNSession
import Testing
@testable import Figures
import PaneModels

/// `nnviz export` on a compare preset: the comparison figures parse, carry every session's label, the λmax
/// bars hold the value a second algorithm (Lanczos) finds, a diverging session is shown rather than fatal,
/// and the same preset and seed give the same bytes.
@Suite struct CompareExportTests {
    static let optimizerLabels = ["SGD", "momentum 0.9", "Adam", "AdamW (decay 0.01)"]

    static func export(_ name: String, steps: Int, seed: UInt64 = 3) throws -> (trained: [CompareExport.Trained], files: [ExportFile]) {
        let preset = try PresetLibrary.load(name)
        let trained = try CompareExport.train(preset, seed: seed, steps: steps)
        return (trained, CompareExport.files(trained, preset: preset) {
            TextFrame.compare($0, models: $1, lambdas: $2)
        })
    }

    static func file(_ files: [ExportFile], _ name: String) throws -> ParsedSVG {
        try ParsedSVG(try #require(files.first { $0.name == name }, "no \(name)").contents)
    }

    @Test func optimizersExportIsCompleteLabelledAndDeterministic() throws {
        let (trained, a) = try Self.export("optimizers", steps: 30)
        #expect(trained.map(\.label) == Self.optimizerLabels)
        #expect(a.map(\.name) == ["loss.svg", "lambda-max.svg", "fit-sgd.svg", "fit-momentum-0-9.svg", "fit-adam.svg",
                                  "fit-adamw-decay-0-01.svg", "frame.txt"])
        for f in a where f.name.hasSuffix(".svg") {
            let svg = try ParsedSVG(f.contents)
            #expect(svg.elements.last?.name == "svg", "\(f.name): root element")
            #expect(!svg.classed("tick").isEmpty && !svg.classed("legend").isEmpty && !svg.classed("title").isEmpty,
                    "\(f.name): ticks, legend, title")
        }
        let loss = try Self.file(a, "loss.svg")
        let legend = loss.within("legend").filter { $0.name == "text" }.map(\.text)
        for label in Self.optimizerLabels {
            #expect(legend.contains { $0.hasPrefix(label + " · ") }, "loss legend names \(label)")
        }
        #expect(legend.contains("dashed: test loss"))
        #expect(loss.classed("session").map { $0.attributes["data-label"] ?? "" } == Self.optimizerLabels)
        #expect(loss.classed("train").count == 4 && loss.classed("test").count == 4)
        let fit = try Self.file(a, "fit-adam.svg")
        #expect(fit.classed("title").first?.text.hasPrefix("Adam · step 30") == true)
        let b = try Self.export("optimizers", steps: 30).files
        #expect(a == b, "same preset and seed, same bytes")
        let c = try Self.export("optimizers", steps: 30, seed: 4).files
        #expect(a.first { $0.name == "loss.svg" } != c.first { $0.name == "loss.svg" }, "another seed, other curves")
    }

    @Test func lambdaBarsHoldTheValueLanczosFinds() throws {
        let (trained, files) = try Self.export("optimizers", steps: 30)
        let svg = try Self.file(files, "lambda-max.svg")
        let bars = svg.classed("bar")
        #expect(bars.map { $0.attributes["data-label"] ?? "" } == Self.optimizerLabels)
        let legend = svg.within("legend").filter { $0.name == "text" }.map(\.text)
        for label in Self.optimizerLabels { #expect(legend.contains { $0.hasPrefix(label + " · λmax ") }) }
        for (bar, t) in zip(bars, trained) {
            let shown = try #require(Double(bar.attributes["data-value"] ?? ""))
            // Independent: Lanczos on Hessian-vector products (no formed Hessian, no dense eigensolver).
            guard case .success(let lanczos) = LambdaMaxJob.compute(t.snapshot) else {
                Issue.record("Lanczos refused \(t.label)")
                continue
            }
            #expect(shown > 0)
            #expect(abs(shown - lanczos.lambdaMax) <= 1e-6 * abs(lanczos.lambdaMax), "\(t.label): \(shown) vs \(lanczos.lambdaMax)")
        }
        // Plain SGD at η = 0.01 has the limit 2/η = 200 written over its bar; Adam has none.
        let limits = svg.classed("limit").map(\.text)
        #expect(limits.contains("limit 200") && limits.contains("limit 380"), "\(limits)")
        #expect(limits.count == 2)
    }

    @Test func aDivergingSessionIsShownNotFatal() throws {
        let (trained, files) = try Self.export("learning-rates", steps: 120)
        let diverged = trained.filter { $0.snapshot.divergence != nil }
        #expect(diverged.count == 1, "η = 2 diverges, the others do not")
        let label = try #require(diverged.first).label
        let loss = try Self.file(files, "loss.svg")
        let legend = loss.within("legend").filter { $0.name == "text" }.map(\.text)
        #expect(legend.contains { $0.hasPrefix(label + " (diverged at step ") })
        let lambda = try Self.file(files, "lambda-max.svg")
        #expect(lambda.classed("bar").count == trained.count - 1)
        #expect(lambda.classed("value").contains { $0.text == "diverged: no λmax" })
    }

    @Test func frameIsCompareModeAt160x48() throws {
        let files = try Self.export("optimizers", steps: 5).files
        let frame = try #require(files.first { $0.name == "frame.txt" }).contents
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 48 && lines.allSatisfy { $0.unicodeScalars.count <= 160 })
        for (i, label) in Self.optimizerLabels.enumerated() { #expect(frame.contains("\(i + 1) · \(label)")) }
        #expect(frame.contains("λmax (log, shared y) · ") || frame.contains("λmax (shared) "),
                "each session's λmax at the export step")
        #expect(frame.contains("0 running"))
    }

    @Test func slugsAreFileNameSafeAndUnique() {
        #expect(CompareExport.slug("AdamW (decay 0.01)") == "adamw-decay-0-01")
        #expect(CompareExport.slug("η = 0.1") == "0-1")
        #expect(CompareExport.slug("λ") == "session")
        #expect(CompareExport.slugs(["SGD", "sgd", "S.G.D"]) == ["sgd", "sgd-2", "s-g-d"])
    }
}
