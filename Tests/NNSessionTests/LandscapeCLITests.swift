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

    @Test func landscapeErrorsAreOneLine() throws {
        let out = temporaryFile("bad.json")
        let cases: [([String], String)] = [
            (["--grid", "40"], "--grid must be an odd integer"),
            (["--span", "0"], "--span must be a finite number > 0"),
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
