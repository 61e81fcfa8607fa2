import Foundation
import Testing
@testable import NNSession
import NNCore

@Suite struct PresetLibraryTests {
    @Test func everyShippedPresetLoadsAndValidates() throws {
        let entries = try PresetLibrary.list()
        let names = entries.map(\.name)
        for required in ["default", "sawtooth", "xor", "spiral", "circle", "regression-1d", "lecture-regression-2d",
                         "shallow-width", "sawtooth-train", "moons", "gaussians", "checkerboard", "spiral-3"] {
            #expect(names.contains(required), "missing preset \(required)")
        }
        #expect(names.first == "default")
        for entry in entries {
            let preset = try entry.result.get()
            #expect(preset.name == entry.name)
            #expect(!preset.caption.isEmpty, "\(entry.name) has no caption")
        }
    }

    @Test func loadsByNameAndByPath() throws {
        let byName = try PresetLibrary.load("sawtooth")
        let dir = try #require(PresetLibrary.directory())
        let byPath = try PresetLibrary.load(dir + "/sawtooth.json")
        #expect(byName == byPath)
        #expect(byName.model.layers == [1, 2, 2, 2, 2, 1])
    }

    @Test func environmentVariableWinsTheSearch() throws {
        let tmp = NSTemporaryDirectory() + "nnviz-presets-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try presetText().write(toFile: tmp + "/only.json", atomically: true, encoding: .utf8)
        let env = ["NNVIZ_PRESETS": tmp]
        #expect(PresetLibrary.directory(environment: env) == tmp)
        #expect(try PresetLibrary.load("only", environment: env).title == "XOR")
        #expect(try PresetLibrary.list(environment: env).map(\.name) == ["only"])
    }

    @Test func aWrongEnvironmentVariableIsAnError() {
        let env = ["NNVIZ_PRESETS": "/nonexistent/presets"]
        #expect(throws: PresetError(file: "/nonexistent/presets", path: "", message: "NNVIZ_PRESETS does not name a directory",
                                    isUsageError: true)) {
            try PresetLibrary.load("default", environment: env)
        }
        #expect(throws: PresetError.self) { try PresetLibrary.list(environment: env) }
    }

    @Test func unknownNameListsTheKnownOnes() {
        #expect(throws: PresetError.self) { try PresetLibrary.load("no-such-preset") }
        do {
            _ = try PresetLibrary.load("no-such-preset")
        } catch {
            // (The list is sorted; other presets may come before or between these.)
            #expect(error.description.hasPrefix("no-such-preset: unknown preset (known: "))
            #expect(error.description.contains("checkerboard, circle, default, "))
            #expect(error.description.hasSuffix("; or give a path to a .json file)"))
        }
    }

    @Test func fileProblemsAreOneLine() throws {
        #expect(loadError("/nonexistent/p.json") == "/nonexistent/p.json: no such file")
        let tmp = NSTemporaryDirectory() + "nnviz-dir-\(UInt32.random(in: 0...UInt32.max)).json"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        #expect(loadError(tmp) == "\(tmp): is a directory (expected a file)")
    }

    func loadError(_ path: String) -> String? {
        do { _ = try PresetLibrary.load(path); return nil } catch { return error.description }
    }
}
