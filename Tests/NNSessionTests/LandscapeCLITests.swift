import Foundation
import Testing

/// `nnviz landscape` and `nnviz train --lambda-max` as processes: the file's contract fields, recomputed
/// from the file itself, and one-line errors.
@Suite struct LandscapeCLITests {
    let cli = CLIProcessTests()

    func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nnviz-landscape-\(UUID().uuidString)-\(name)").path
    }

    func readJSON(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func doubles(_ a: Any?) throws -> [Double] { try #require(a as? [Double]) }

    /// J recomputed from the file's `layers` and `data` alone (a plain scalar forward pass, MSE mean over
    /// points and outputs), at θ + α u + β v.
    static func objective(_ f: [String: Any], alpha: Double, beta: Double) throws -> Double {
        let layers = try #require(f["layers"] as? [[String: Any]])
        let u = try doubles(f["u"]), v = try doubles(f["v"])
        let data = try #require(f["data"] as? [String: Any])
        let xs = try #require(data["x"] as? [[Double]]), ys = try #require(data["y"] as? [[Double]])
        var k = 0
        var net: [(w: [[Double]], b: [Double], act: String)] = []
        for layer in layers {
            let w = try #require(layer["weights"] as? [[Double]]), b = try #require(layer["bias"] as? [Double])
            var w2 = w, b2 = b
            for r in w.indices { for c in w[r].indices { w2[r][c] += alpha * u[k] + beta * v[k]; k += 1 } }
            for r in b.indices { b2[r] += alpha * u[k] + beta * v[k]; k += 1 }
            net.append((w2, b2, try #require(layer["activation"] as? String)))
        }
        var sum = 0.0
        for (x, y) in zip(xs, ys) {
            var h = x
            for l in net {
                h = l.w.indices.map { r in
                    let z = zip(l.w[r], h).reduce(l.b[r]) { $0 + $1.0 * $1.1 }
                    return l.act == "tanh" ? tanh(z) : z
                }
            }
            for (a, t) in zip(h, y) { sum += (a - t) * (a - t) }
        }
        return sum / Double(xs.count * ys[0].count)
    }

    @Test(arguments: ["hessian", "random", "trajectory"]) func landscapeFileIsRecomputable(directions: String) throws {
        let out = temporaryFile("\(directions).json")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try cli.nnviz(["landscape", "--preset", "edge-of-stability", "--steps", "20", "--directions", directions,
                               "--grid", "5", "--span", "0.5", "--out", out])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        let f = try readJSON(out)
        #expect(f["directions"] as? String == directions)
        #expect(f["loss"] as? String == "mse" && f["l2"] as? Double == 0 && f["l1"] as? Double == 0)
        #expect(try Self.doubles(f["alphas"]) == [-0.5, -0.25, 0, 0.25, 0.5])
        #expect(try Self.doubles(f["betas"]) == [-0.5, -0.25, 0, 0.25, 0.5])
        let p = try #require(f["parameter_count"] as? Int)
        #expect(try Self.doubles(f["u"]).count == p && Self.doubles(f["v"]).count == p)
        let grid = try #require(f["loss_grid"] as? [[Double]])
        #expect(grid.count == 5 && grid.allSatisfy { $0.count == 5 })
        let objective = try #require(f["objective"] as? Double)
        #expect(grid[2][2] == objective)
        for (i, j) in [(2, 2), (0, 4), (3, 1)] {
            let alphas = try Self.doubles(f["alphas"])
            let ref = try Self.objective(f, alpha: alphas[i], beta: alphas[j])
            #expect(Swift.abs(grid[i][j] - ref) <= 1e-10 * ref, "(\(i), \(j)): \(grid[i][j]) vs \(ref)")
        }
        #expect((f["eigenvalues"] != nil) == (directions == "hessian"))
        #expect((f["path_alpha"] != nil) == (directions == "trajectory"))
        if directions == "trajectory" {
            #expect(try Self.doubles(f["path_alpha"]).count == 21 && Self.doubles(f["path_beta"]).count == 21)
        }
    }

    struct UnknownFeature: Error { var name: String }

    /// The network's inputs from a raw point, feature by feature, written out here (not NNCore's map).
    static func features(_ names: [String], _ x: [Double]) throws -> [Double] {
        try names.map { name in
            switch name {
            case "x1": x[0]
            case "x2": x[1]
            case "x1^2": x[0] * x[0]
            case "x2^2": x[1] * x[1]
            case "x1*x2": x[0] * x[1]
            case "sin(x1)": sin(x[0])
            case "sin(x2)": sin(x[1])
            case "cos(x1)": cos(x[0])
            case "cos(x2)": cos(x[1])
            default: throw UnknownFeature(name: name)
            }
        }
    }

    /// J = MSE + ½ l2 ‖θ‖² + l1 ‖θ‖₁ at θ + α u + β v, from the file alone: the features applied to the raw
    /// `data.x` here, then a plain scalar forward pass.
    static func regularisedObjective(_ f: [String: Any], alpha: Double, beta: Double) throws -> Double {
        let layers = try #require(f["layers"] as? [[String: Any]])
        let u = try doubles(f["u"]), v = try doubles(f["v"])
        let data = try #require(f["data"] as? [String: Any])
        let names = try #require(f["features"] as? [String])
        let xs = try (try #require(data["x"] as? [[Double]])).map { try features(names, $0) }
        let ys = try #require(data["y"] as? [[Double]])
        var theta: [Double] = []
        var net: [(w: [[Double]], b: [Double], act: String)] = []
        var k = 0
        for layer in layers {
            var w = try #require(layer["weights"] as? [[Double]]), b = try #require(layer["bias"] as? [Double])
            for r in w.indices { for c in w[r].indices { w[r][c] += alpha * u[k] + beta * v[k]; theta.append(w[r][c]); k += 1 } }
            for r in b.indices { b[r] += alpha * u[k] + beta * v[k]; theta.append(b[r]); k += 1 }
            net.append((w, b, try #require(layer["activation"] as? String)))
        }
        var sum = 0.0
        for (x, y) in zip(xs, ys) {
            var h = x
            for l in net {
                h = l.w.indices.map { r in
                    let z = zip(l.w[r], h).reduce(l.b[r]) { $0 + $1.0 * $1.1 }
                    return l.act == "tanh" ? tanh(z) : z
                }
            }
            for (a, t) in zip(h, y) { sum += (a - t) * (a - t) }
        }
        let l2 = try #require(f["l2"] as? Double), l1 = try #require(f["l1"] as? Double)
        return sum / Double(xs.count * ys[0].count) + 0.5 * l2 * theta.reduce(0) { $0 + $1 * $1 }
            + l1 * theta.reduce(0) { $0 + Swift.abs($1) }
    }

    /// With input features and L1: `data.x` is raw, `features` names the map, `l1` is the preset's, and the
    /// grid is J (L1 term included) on the feature-mapped inputs, recomputed from the file alone.
    @Test(arguments: ["hessian", "random"]) func landscapeFileWithFeaturesAndL1IsRecomputable(directions: String) throws {
        let dir = NSTemporaryDirectory() + "nnviz-landscape-features-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = presetText(data: #"{"kind": "moons", "n": 30, "noise": 0.1, "seed": 3}"#,
                              model: #"{"layers": [4, 5, 1], "activation": "tanh", "features": ["x1", "x1*x2", "sin(x2)", "x2^2"]}"#,
                              training: #"{"loss": "mse", "optimizer": {"name": "sgd", "lr": 0.05}, "l2": 0.003, "l1": 0.01, "seed": 2}"#)
        try text.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        let out = dir + "/l.json"
        let r = try cli.nnviz(["landscape", "--preset", dir + "/p.json", "--steps", "5", "--directions", directions,
                               "--grid", "5", "--span", "0.5", "--out", out])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        let f = try readJSON(out)
        #expect(f["l1"] as? Double == 0.01 && f["l2"] as? Double == 0.003)
        #expect(f["features"] as? [String] == ["x1", "x1*x2", "sin(x2)", "x2^2"])
        let x = try #require((f["data"] as? [String: Any])?["x"] as? [[Double]])
        #expect(!x.isEmpty && x.allSatisfy { $0.count == 2 }, "data.x holds the raw 2D training inputs")
        #expect(f["parameter_count"] as? Int == 4 * 5 + 5 + 5 + 1)
        let grid = try #require(f["loss_grid"] as? [[Double]])
        let alphas = try Self.doubles(f["alphas"])
        let objective = try #require(f["objective"] as? Double)
        let centre = try Self.regularisedObjective(f, alpha: 0, beta: 0)
        #expect(Swift.abs(objective - centre) <= 1e-12 * centre, "\(objective) vs \(centre)")
        for i in 0..<5 {
            for j in 0..<5 {
                let ref = try Self.regularisedObjective(f, alpha: alphas[i], beta: alphas[j])
                #expect(Swift.abs(grid[i][j] - ref) <= 1e-10 * ref, "(\(i), \(j)): \(grid[i][j]) vs \(ref)")
            }
        }
        // The L1 term is really in the grid: without it the recomputation misses by λ₁‖θ‖₁ > 0.
        var noL1 = f
        noL1["l1"] = 0.0
        let without = try Self.regularisedObjective(noL1, alpha: 0, beta: 0)
        #expect(objective - without > 1e-3)
        if directions == "hessian" {
            // The second difference of J along u (a unit eigenvector) is λ₁: the L1 term is piecewise linear,
            // so it adds no curvature unless a weight crosses 0 within ±h.
            let ev = try Self.doubles(f["eigenvalues"])
            let h = 1e-4
            let jp = try Self.regularisedObjective(f, alpha: h, beta: 0), jm = try Self.regularisedObjective(f, alpha: -h, beta: 0)
            let second = (jp - 2 * centre + jm) / (h * h)
            #expect(Swift.abs(second - ev[0]) <= 1e-3 * Swift.abs(ev[0]), "\(second) vs \(ev[0])")
        }
    }

    /// `train --lambda-max` on a preset with input features and L1: Lanczos's λmax equals the largest exact
    /// Hessian eigenvalue that `inspect` writes for the same step (the Hessian on the feature-mapped inputs).
    @Test func lambdaMaxWithFeaturesAndL1MatchesInspect() throws {
        let dir = NSTemporaryDirectory() + "nnviz-lambda-features-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = presetText(data: #"{"kind": "moons", "n": 30, "noise": 0.1, "seed": 3}"#,
                              model: #"{"layers": [3, 4, 1], "activation": "tanh", "features": ["x1^2", "x2^2", "cos(x1)"]}"#,
                              training: #"{"loss": "mse", "optimizer": {"name": "sgd", "lr": 0.05}, "l1": 0.02, "seed": 4}"#)
        try text.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
        let t = try cli.nnviz(["train", "--preset", dir + "/p.json", "--steps", "4", "--every", "4", "--lambda-max"])
        #expect(t.status == 0, "\(t.err)")
        let last = try #require(t.out.split(separator: "\n").last)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let lambda = try #require(line["lambda_max"] as? Double)
        let i = try cli.nnviz(["inspect", "--preset", dir + "/p.json", "--steps", "4", "--out", dir + "/i.json"])
        #expect(i.status == 0, "\(i.err)")
        let report = try readJSON(dir + "/i.json")
        let exact = try #require(try Self.doubles(report["hessian_eigenvalues"]).max())
        #expect(Swift.abs(lambda - exact) <= 1e-8 * Swift.abs(exact), "\(lambda) vs \(exact)")
        #expect(line["loss"] as? Double == report["objective"] as? Double)
    }

    @Test func landscapeErrorsAreOneLine() throws {
        let out = temporaryFile("bad.json")
        let cases: [([String], String)] = [
            (["--grid", "40"], "--grid must be an odd integer"),
            (["--span", "0"], "--span must be a finite number > 0"),
            // Negative numbers are values, not flags: the range message, not "Missing value for '--span <span>'".
            (["--span", "-1"], "--span must be a finite number > 0, got -1"),
            (["--span=-1"], "--span must be a finite number > 0, got -1"),
            (["--steps", "-1"], "--steps must be >= 0, got -1"),
            (["--grid", "-3"], "--grid must be an odd integer"),
            (["--directions", "trajectory", "--steps", "1"], "needs --steps >= 2"),
            (["--directions", "sideways"], "sideways"),
        ]
        for (extra, message) in cases {
            var args = ["landscape", "--preset", "edge-of-stability", "--out", out]
            if !extra.contains("--directions") { args += ["--directions", "random"] }
            let r = try cli.nnviz(args + extra)
            #expect(r.status == 2, "\(extra)")
            #expect(r.err.contains(message) && r.err.split(separator: "\n").count == 1, "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let r = try cli.nnviz(["landscape", "--preset", "double-descent", "--directions", "random", "--out", out])
        #expect(r.status == 2 && r.err.contains("experiment preset") && r.err.split(separator: "\n").count == 1)
    }

    /// The edge-of-stability preset prints `lambda_max` by default; other presets with --lambda-max;
    /// --no-lambda-max turns the default off.
    @Test func trainPrintsLambdaMaxByDefaultForTheSharpnessPreset() throws {
        func keys(_ args: [String]) throws -> [Bool] {
            let r = try cli.nnviz(["train", "--steps", "2"] + args)
            #expect(r.status == 0, "\(r.err)")
            return r.out.split(separator: "\n").map { $0.contains("\"lambda_max\":") }
        }
        #expect(try keys(["--preset", "edge-of-stability"]) == [true, true, true])
        #expect(try keys(["--preset", "edge-of-stability", "--no-lambda-max"]) == [false, false, false])
        #expect(try keys(["--preset", "moons"]) == [false, false, false])
        #expect(try keys(["--preset", "moons", "--lambda-max"]) == [true, true, true])
        // A compare preset: every session's every line.
        #expect(try keys(["--preset", "learning-rates", "--lambda-max", "--every", "2"]) == Array(repeating: true, count: 8))
    }
}
