import Foundation
import NNSession
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// Hand-built, deterministic view models for pane tests (no training involved).
enum Fixtures {
    /// The lecture's sawtooth with L = 2: f₀ = x, f_ℓ = 2|f_{ℓ−1}| − 2 on [−2, 2]; kinks at −1, 0, 1.
    static func sawtooth(_ x: Double) -> Double {
        var f = x
        for _ in 0..<2 { f = 2 * abs(f) - 2 }
        return f
    }

    static var fit: FitViewModel {
        let xs = stride(from: -2.0, through: 2.0, by: 4.0 / 23).map { $0 }
        let tx = stride(from: -1.9, through: 1.9, by: 0.4).map { $0 }
        let cx = stride(from: -2.0, through: 2.0, by: 0.02).map { $0 }
        return FitViewModel(xRange: -2...2, yRange: -2.2...2.2,
                            trainX: xs, trainY: xs.map(sawtooth), testX: tx, testY: tx.map { sawtooth($0) + 0.1 },
                            targetX: cx, targetY: cx.map(sawtooth), curveX: cx, curveY: cx.map { 0.9 * sawtooth($0) },
                            kinks: [-1, 0, 1], pieceBound: 4, kinkBoundNote: "2^L")
    }

    static var regions: RegionsViewModel {
        let gw = 24, gh = 16
        var labels: [UInt8] = [], ids: [UInt32] = []
        for gy in 0..<gh {
            for gx in 0..<gw {
                let x = -1 + 2 * (Double(gx) + 0.5) / Double(gw), y = 1 - 2 * (Double(gy) + 0.5) / Double(gh)
                labels.append(x * y > 0 ? 1 : 0)
                ids.append((x > 0 ? 1 : 0) | (y > 0 ? 2 : 0) | (x + y > 0.5 ? 4 : 0))
            }
        }
        var points: [MapPoint] = []
        for i in 0..<16 {
            let a = Double(i) * 0.39
            let x = 0.8 * cos(a * 3), y = 0.8 * sin(a * 2)
            points.append(MapPoint(x: x, y: y, label: x * y > 0 ? 1 : 0, isTest: i % 4 == 0))
        }
        return RegionsViewModel(xRange: -1...1, yRange: -1...1, gridWidth: gw, gridHeight: gh, labels: labels,
                                regionIDs: ids, classCount: 2, points: points, regionCount: 6, regionCountNote: "exact")
    }

    static var loss: LossViewModel {
        let steps = Array(stride(from: 0, through: 490, by: 10))
        let train = steps.map { exp(-Double($0) / 100) + 0.01 }
        return LossViewModel(steps: steps, train: train, test: train.map { 1.3 * $0 }, lossName: "mse",
                             accuracy: nil, learningRate: 1e-3)
    }

    static var spectrum: SpectrumViewModel {
        var ev: [Double] = [12.5, 3.1, 0.8, 0.05, -0.02, -0.4]
        ev += [Double](repeating: 1e-9, count: 30)
        return SpectrumViewModel(eigenvalues: ev, lambdaMax: 12.5, lambdaMin: -0.4, negativeCount: 2,
                                 nearZeroCount: 30, parameterCount: 36, method: "exact", step: 400)
    }

    static var network: NetworkViewModel {
        NetworkViewModel(inputSize: 1, layers: [LayerInfo(width: 16, activation: "relu", weightNorm: 3.21),
                                                LayerInfo(width: 16, activation: "relu", weightNorm: 4.5),
                                                LayerInfo(width: 1, activation: "linear", weightNorm: 0.87)],
                         parameterCount: 321)
    }

    static func model(inputDimension: Int = 1) -> DashboardModel {
        DashboardModel(presetName: "sawtooth", title: "Sawtooth", caption: "depth doubles the pieces",
                       formula: "f_l = 2|f_{l-1}| - 2", step: 500, epoch: 50, optimizer: "adam", learningRate: 1e-3,
                       loss: 0.0167, inputDimension: inputDimension,
                       fit: inputDimension == 1 ? fit : nil, regions: inputDimension == 2 ? regions : nil,
                       lossCurves: loss, network: network)
    }

    /// A [1, 16, 16, 1] ReLU net on the sawtooth, Adam at lr 1e-3, seed 1 (running at the start).
    static var preset: Preset {
        let text = """
            {"title": "Sawtooth", "description": "fixture", "caption": "depth doubles the pieces",
             "data": {"kind": "sawtooth", "n": 64, "depth": 2, "seed": 0},
             "model": {"layers": [1, 16, 16, 1], "activation": "relu"},
             "training": {"optimizer": {"name": "adam", "lr": 0.001}, "seed": 1}}
            """
        do {
            return try Preset.parse(text, file: "fixture.json")
        } catch {
            fatalError("fixture preset: \(error)")
        }
    }

    static func state(width: Int = 100, height: Int = 30, inputDimension: Int = 1) -> AppState {
        var s = AppState(size: Size(width: width, height: height), preset: preset)
        s.model = model(inputDimension: inputDimension)
        s.spectrum = spectrum
        s.fps = 30
        s.stepsPerSecond = 1500
        return s
    }
}
