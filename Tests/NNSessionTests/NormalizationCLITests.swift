import Foundation
import Testing

extension CLIProcessTests {
    /// `nnviz inspect` on a small BatchNorm preset: every layer object keeps its keys, normalised layers add
    /// `normalization` {kind, epsilon, gamma, beta, momentum, running_mean, running_var}; θ-sized gradient
    /// and spectrum; no kinks/regions (analyses of plain layers).
    @Test func inspectDescribesNormalisedLayers() throws {
        let dir = NSTemporaryDirectory() + "nnviz-norm-cli-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let preset = dir + "/bn.json", out = dir + "/bn-inspect.json"
        try #"""
        {"title": "bn", "description": "BatchNorm", "data": {"kind": "xor", "n": 24, "seed": 2},
         "model": {"layers": [2, 4, 3, 1], "activation": "tanh", "init": "xavier",
                   "normalizations": [{"kind": "batch", "momentum": 0.2}, "layer"]},
         "training": {"optimizer": {"name": "adam", "lr": 0.05}, "batch": 8, "l2": 0.001, "seed": 3}}
        """#.write(toFile: preset, atomically: true, encoding: .utf8)
        let r = try nnviz(["inspect", "--preset", preset, "--steps", "6", "--out", out])
        #expect(r.status == 0, "\(r.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let P = 2 * 4 + 4 + 8 + 4 * 3 + 3 + 6 + 3 + 1
        #expect(obj["parameter_count"] as? Int == P)
        #expect((obj["gradient"] as? [Double])?.count == P && (obj["hessian_eigenvalues"] as? [Double])?.count == P)
        #expect(obj["kinks"] == nil && obj["regions"] == nil)
        let layers = try #require(obj["layers"] as? [[String: Any]])
        let bn = try #require(layers[0]["normalization"] as? [String: Any])
        #expect(bn["kind"] as? String == "batch" && bn["momentum"] as? Double == 0.2 && bn["epsilon"] as? Double == 1e-5)
        for key in ["gamma", "beta", "running_mean", "running_var"] { #expect((bn[key] as? [Double])?.count == 4, "\(key)") }
        // Six steps moved the running statistics away from (0, 1).
        #expect((bn["running_var"] as? [Double])?.contains { $0 != 1 } == true)
        let ln = try #require(layers[1]["normalization"] as? [String: Any])
        #expect(ln["kind"] as? String == "layer" && ln["running_mean"] == nil && (ln["gamma"] as? [Double])?.count == 3)
        #expect(layers[2]["normalization"] == nil && layers[2]["activation"] as? String == "linear")
    }
}
