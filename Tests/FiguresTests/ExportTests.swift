import Dashboard
import Foundation
import NNCore
import NNSession
import Testing
@testable import Figures

/// The whole export of a real session: every file there, every SVG well-formed, the same bytes for the
/// same preset and seed, and the frame is the dashboard at 160×48.
@Suite struct ExportTests {
    static func files(_ preset: String, steps: Int, seed: UInt64 = 3) throws -> [ExportFile] {
        var session = try Session(preset: try PresetLibrary.load(preset), seed: seed, recordsHistory: true)
        session.step(steps)
        return FigureExport.files(for: session.snapshot()) { TextFrame.single($0, model: $1, spectrum: $2) }
    }

    @Test func oneDimensionalExportIsCompleteWellFormedAndDeterministic() throws {
        let a = try Self.files("shallow-width", steps: 40)
        #expect(a.map(\.name) == ["fit.svg", "loss.svg", "spectrum.svg", "network.svg", "frame.txt"])
        for f in a where f.name.hasSuffix(".svg") {
            let svg = try ParsedSVG(f.contents)
            #expect(svg.elements.last?.name == "svg", "\(f.name): root element")
            #expect(!svg.classed("tick").isEmpty, "\(f.name): ticks")
            #expect(!svg.classed("legend").isEmpty, "\(f.name): legend")
        }
        let fit = try ParsedSVG(try #require(a.first { $0.name == "fit.svg" }).contents)
        #expect(fit.classed("curve").count == 1)
        #expect(!fit.classed("kink").isEmpty, "a trained ReLU net on 1D data has kinks")
        let b = try Self.files("shallow-width", steps: 40)
        #expect(a == b, "same preset and seed, same bytes")
        let c = try Self.files("shallow-width", steps: 40, seed: 4)
        #expect(a.first { $0.name == "fit.svg" } != c.first { $0.name == "fit.svg" }, "another seed, another fit")
    }

    @Test func frameIsTheDashboardAt160x48() throws {
        let files = try Self.files("sawtooth", steps: 0)
        let frame = try #require(files.first { $0.name == "frame.txt" }).contents
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 48)
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 160 })
        #expect(frame.contains("Fit · kinks 15"), "the hand-set sawtooth of depth 4 has 2^4 − 1 kinks")
        // The preset names fit, kinks and network: all three are on screen (with the loss in the fourth slot).
        #expect(frame.contains("Kinks 15 · 16 pieces"))
        #expect(frame.contains("Network") && frame.contains("Loss"))
        #expect(frame.contains("paused"))
        // The fit figure agrees with the frame: 15 kink markers.
        let fit = try ParsedSVG(try #require(files.first { $0.name == "fit.svg" }).contents)
        #expect(fit.classed("kink").count == 15)
    }

    @Test func twoDimensionalExportHasTheDecisionMap() throws {
        let files = try Self.files("relu-regions", steps: 20)
        #expect(files.map(\.name).contains("regions.svg"))
        #expect(!files.map(\.name).contains("fit.svg"))
        let svg = try ParsedSVG(try #require(files.first { $0.name == "regions.svg" }).contents)
        #expect(!svg.named("rect", within: "regions").isEmpty)
        #expect(svg.classed("boundary").count == 1)
        #expect(!svg.named("circle", within: "data").isEmpty)
    }

    /// With non-linear input features the net is not piecewise linear in x: the fit figure says so (the
    /// dashboard's note) instead of "0 kinks · 1 linear pieces" and has no kink legend; the map calls its
    /// curves activation-pattern boundaries, not linear-region ones. Without features both count as before.
    @Test func nonLinearFeaturesAreNotCountedAsLinearPieces() throws {
        func export(_ name: String, _ feature: InputFeature?) throws -> [ExportFile] {
            var p = try PresetLibrary.load(name)
            if let feature { p = p.togglingFeature(feature) }
            var session = try Session(preset: p, seed: 3, recordsHistory: true)
            session.step(5)
            return FigureExport.files(for: session.snapshot())
        }
        func svg(_ files: [ExportFile], _ name: String) throws -> ParsedSVG {
            try ParsedSVG(try #require(files.first { $0.name == name }).contents)
        }
        func subtitle(_ svg: ParsedSVG) throws -> String { try #require(svg.classed("subtitle").first).text }
        func legend(_ svg: ParsedSVG) -> [String] { svg.named("text", within: "legend").map(\.text) }

        let fit = try svg(try export("default", .xSquared), "fit.svg")
        #expect(try subtitle(fit) == "features x, x^2: not piecewise linear in x")
        #expect(!legend(fit).contains { $0.hasPrefix("kink") }, "\(legend(fit))")
        let plainFit = try svg(try export("default", nil), "fit.svg")
        #expect(try subtitle(plainFit).contains("linear pieces"))
        #expect(legend(plainFit).contains { $0.hasPrefix("kink (") })

        let map = try svg(try export("relu-regions", .x1Squared), "regions.svg")
        #expect(try subtitle(map).hasSuffix(": not piecewise linear in x"))
        #expect(legend(map).contains("activation-pattern boundary") && !legend(map).contains { $0.hasPrefix("linear-region") },
                "\(legend(map))")
        #expect(map.classed("boundary").count == 1)
        let plainMap = try svg(try export("relu-regions", nil), "regions.svg")
        #expect(legend(plainMap).contains { $0.hasPrefix("linear-region boundary") })
    }
}
