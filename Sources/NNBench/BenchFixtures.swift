import Foundation
import NNCore

/// The reference benchmark's own networks and data (numpy weights, written by
/// `Tests/Fixtures/analysis/make_fixtures.py`) with the reference tools' results: with them `nnviz bench`
/// times exactly the Hessians and region counts that PyTorch/JAX/regioncam were timed on, and checks its
/// numbers against theirs. Without them it falls back to its own seeded networks (timings only comparable).
struct BenchFixtures {
    let directory: String?

    /// `explicit`, else `Tests/Fixtures/analysis` under the working directory or the checkout holding the binary.
    init(explicit: String?) {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        candidates.append(FileManager.default.currentDirectoryPath + "/Tests/Fixtures/analysis")
        // .build/<config>/nnviz → the checkout is three levels up.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/analysis").path)
        directory = candidates.first { FileManager.default.fileExists(atPath: $0 + "/C1.json") }
    }

    /// A fixture: model, data (when stored) and the scalar reference fields.
    struct Fixture {
        var model: MLP
        var data: Dataset?
        var loss: Loss?
        var scalars: [String: Double]
        var ints: [String: [Int]]
    }

    func load(_ name: String) -> Fixture? {
        guard let directory,
              let bytes = FileManager.default.contents(atPath: directory + "/" + name + ".json"),
              let obj = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return nil }
        func doubles(_ key: String) -> [Double]? { (obj[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } }
        guard let sizes = doubles("sizes")?.map({ Int($0) }), let theta = doubles("theta") else { return nil }
        let kind = Activation.Kind(rawValue: (obj["activation"] as? String) ?? "relu") ?? .relu
        var model = MLP(sizes: sizes, hidden: Activation(kind))
        guard theta.count == model.parameterCount else { return nil }
        model.parameters = theta
        var data: Dataset?
        if let x = doubles("x"), let y = doubles("y"), let d0 = sizes.first, let k = sizes.last {
            data = Dataset(inputSize: d0, targetSize: k, x: x, y: y)
        }
        var scalars: [String: Double] = [:], ints: [String: [Int]] = [:]
        for (key, value) in obj {
            if let n = value as? NSNumber { scalars[key] = n.doubleValue }
            if key != "theta" && key != "x" && key != "y", let a = doubles(key), a.count < 64 { ints[key] = a.map { Int($0) } }
        }
        return Fixture(model: model, data: data, loss: Loss(rawValue: (obj["loss"] as? String) ?? ""), scalars: scalars,
                       ints: ints)
    }
}
