import NNCore

/// Strict readers for the parts of a session file (see SessionFile.swift): each throws one
/// ``PresetError`` naming the file, the field path and what was expected.
enum SessionFileReader {
    /// A 64-bit unsigned integer written as a decimal string.
    static func uint64(_ f: JSONField) throws(PresetError) -> UInt64 {
        let what = "a decimal string holding an integer between 0 and 2^64-1"
        guard case .string(let s)? = f.value, let v = UInt64(s) else { throw f.expected(what) }
        return v
    }

    /// An array of finite numbers (or, with `allowNonFinite`, also "nan", "inf", "-inf").
    static func doubles(_ f: JSONField, allowNonFinite: Bool = false) throws(PresetError) -> [Double] {
        guard case .array(let items)? = f.value else {
            throw f.expected(allowNonFinite ? "an array of numbers (or \"nan\", \"inf\", \"-inf\")" : "an array of numbers")
        }
        var out = [Double]()
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            switch item {
            case .number(let x, let text):
                guard x.isFinite else {
                    throw PresetError(file: f.file, path: "\(f.path)[\(i)]", message: "expected a finite number, got \(JSONValue.shortened(text))")
                }
                out.append(x)
            case .string("nan") where allowNonFinite: out.append(.nan)
            case .string("inf") where allowNonFinite: out.append(.infinity)
            case .string("-inf") where allowNonFinite: out.append(-.infinity)
            default:
                throw PresetError(file: f.file, path: "\(f.path)[\(i)]",
                                  message: "expected a \(allowNonFinite ? "number or \"nan\", \"inf\", \"-inf\"" : "finite number"), got \(item.shortDescription)")
            }
        }
        return out
    }

    static func integers(_ f: JSONField) throws(PresetError) -> [Int] {
        guard case .array? = f.value else { throw f.expected("an array of integers") }
        var out: [Int] = []
        for item in try f.array(what: "an array of integers") { out.append(try item.integer(0...Int.max / 2)) }
        return out
    }

    static func data(_ f: JSONField) throws(PresetError) -> GeneratedData {
        let o = try f.object(allowed: ["task", "classes", "input_size", "target_size", "train", "test"])
        let taskName = try o["task"].name(of: ["regression", "binary", "multiclass"], what: "a task")
        let classes = try o["classes"].integer(0...1_000_000)
        let task: Task
        switch taskName {
        case "binary": task = .binary
        case "multiclass":
            guard classes >= 2 else { throw o["classes"].expected("an integer >= 2 for a multiclass task") }
            task = .multiclass(classes: classes)
        default: task = .regression
        }
        let d = try o["input_size"].integer(1...1_000_000)
        let k = try o["target_size"].integer(1...1_000_000)
        if case .multiclass(let c) = task, c != k {
            throw o["target_size"].expected("\(c) (one column per class)")
        }
        let train = try dataset(o["train"], d: d, k: k)
        guard !train.isEmpty else { throw o["train"].child("x", in: JSONObject()).expected("at least one row") }
        return GeneratedData.restored(train: train, test: try dataset(o["test"], d: d, k: k), task: task)
    }

    static func dataset(_ f: JSONField, d: Int, k: Int) throws(PresetError) -> Dataset {
        let o = try f.object(allowed: ["x", "y"])
        let x = try doubles(o["x"]), y = try doubles(o["y"])
        guard x.count % d == 0 else {
            throw o["x"].error("expected a multiple of \(d) numbers (rows of input_size \(d)), got \(x.count)")
        }
        let n = x.count / d
        guard y.count == n * k else {
            throw o["y"].error("expected \(n * k) numbers (\(n) rows of target_size \(k)), got \(y.count)")
        }
        return Dataset(inputSize: d, targetSize: k, x: x, y: y)
    }

    static func optionalDouble(_ f: JSONField) throws(PresetError) -> Double? {
        f.isNull ? nil : try f.number("a finite number or null")
    }

    static func trainerState(_ f: JSONField) throws(PresetError) -> TrainerState {
        let o = try f.object(allowed: [
            "step", "epoch", "parameters", "update_count", "first_moment", "second_moment", "beta1_power",
            "beta2_power", "rng", "spare_gaussian", "order", "cursor", "last_batch", "divergence", "stopped",
            "best_test_loss", "best_step", "best_parameters", "epochs_without_improvement", "running_statistics",
        ])
        let rngItems = try o["rng"].array(what: "an array of 4 decimal strings (the generator's words)", count: 4...4)
        var words: [UInt64] = []
        for item in rngItems { words.append(try uint64(item)) }
        guard words.contains(where: { $0 != 0 }) else { throw o["rng"].error("expected generator words that are not all zero") }
        let spare = try optionalDouble(o["spare_gaussian"])
        let last = try o["last_batch"].array(what: "an array [start, count]", count: 2...2)
        var divergence: Divergence?
        if !o["divergence"].isNull {
            let dv = try o["divergence"].object(allowed: ["step", "reason"], what: "an object {step, reason} or null")
            let reasons = [Divergence.Reason.nonFiniteLoss, .nonFiniteGradient, .nonFiniteParameters]
            let r = try dv["reason"].name(of: reasons.map(\.rawValue), what: "a reason")
            divergence = Divergence.restored(step: try dv["step"].integer(0...Int.max / 2),
                                    reason: reasons.first { $0.rawValue == r } ?? .nonFiniteLoss)
        }
        return TrainerState(
            parameters: try doubles(o["parameters"], allowNonFinite: true),
            stepCount: try o["step"].integer(0...Int.max / 2),
            epochCount: try o["epoch"].integer(0...Int.max / 2),
            optimizerUpdateCount: try o["update_count"].integer(0...Int.max / 2),
            firstMoment: try doubles(o["first_moment"], allowNonFinite: true),
            secondMoment: try doubles(o["second_moment"], allowNonFinite: true),
            beta1Power: try o["beta1_power"].number("a number between 0 and 1") { $0 >= 0 && $0 <= 1 },
            beta2Power: try o["beta2_power"].number("a number between 0 and 1") { $0 >= 0 && $0 <= 1 },
            rng: SeededRNG.State.restored(words: (words[0], words[1], words[2], words[3]), spareGaussian: spare),
            order: try integers(o["order"]),
            cursor: try o["cursor"].integer(0...Int.max / 2),
            lastBatchStart: try last[0].integer(0...Int.max / 2),
            lastBatchCount: try last[1].integer(0...Int.max / 2),
            divergence: divergence,
            isStopped: try o["stopped"].bool(),
            bestTestLoss: try optionalDouble(o["best_test_loss"]),
            bestStep: o["best_step"].isNull ? nil : try o["best_step"].integer(0...Int.max / 2),
            bestParameters: try doubles(o["best_parameters"], allowNonFinite: true),
            epochsWithoutImprovement: try o["epochs_without_improvement"].integer(0...Int.max / 2),
            runningStatistics: o.has("running_statistics") ? try doubles(o["running_statistics"], allowNonFinite: true) : [])
    }
}
