import Testing
@testable import NNSession
import NNCore

@Suite struct PresetEditingTests {
    /// Every edit must give a preset that the strict parser accepts unchanged (written and read back).
    func expectValid(_ p: Preset, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = p.json.serialized()
        let back = try Preset.parse(text, file: p.source, name: p.name)
        #expect(back == p, sourceLocation: sourceLocation)
    }

    @Test func everyShippedPresetRoundTripsThroughJSON() throws {
        for entry in try PresetLibrary.list() {
            try expectValid(try entry.result.get())
        }
    }

    @Test func widthEditsClampAndDropHandSetWeights() throws {
        let saw = try PresetLibrary.load("sawtooth")
        #expect(saw.model.explicitParameters != nil)
        let wider = saw.settingHiddenWidth(0, to: 5)
        #expect(wider.model.layers == [1, 5, 2, 2, 2, 1])
        #expect(wider.model.explicitParameters == nil)
        try expectValid(wider)
        #expect(saw.settingHiddenWidth(1, to: 0).model.layers == [1, 2, 1, 2, 2, 1])
        #expect(saw.settingHiddenWidth(9, to: 3) == saw)
        // Setting the same width keeps the hand-set weights.
        #expect(saw.settingHiddenWidth(0, to: 2).model.explicitParameters == saw.model.explicitParameters)
    }

    @Test func addAndRemoveHiddenLayers() throws {
        let p = try PresetLibrary.load("xor")  // [2, 8, 1] tanh
        let deeper = p.addingHiddenLayer()
        #expect(deeper.model.layers == [2, 8, 8, 1])
        #expect(deeper.model.activations == [.tanh, .tanh, .linear])
        try expectValid(deeper)
        let linear = p.removingHiddenLayer()
        #expect(linear.model.layers == [2, 1] && linear.model.activations == [.linear])
        try expectValid(linear)
        #expect(linear.removingHiddenLayer() == linear)
        #expect(linear.addingHiddenLayer().model.layers == [2, 8, 1])
        var many = p
        for _ in 0..<(Preset.maxHiddenLayers + 5) { many = many.addingHiddenLayer() }
        #expect(many.hiddenWidths.count == Preset.maxHiddenLayers)
    }

    @Test func cyclingVisitsEveryChoiceAndComesBack() throws {
        var p = try PresetLibrary.load("default")
        var seen: [Activation.Kind] = []
        for _ in Activation.Kind.allCases {
            seen.append(try #require(p.model.hiddenActivation).kind)
            p = p.cyclingActivation()
            try expectValid(p)
        }
        #expect(Set(seen) == Set(Activation.Kind.allCases))
        #expect(p.model.activations.last == .linear)
        var names: [OptimizerSpec.Name] = []
        for _ in OptimizerSpec.Name.allCases {
            names.append(p.training.optimizer.name)
            p = p.cyclingOptimizer()
            try expectValid(p)
        }
        #expect(Set(names) == Set(OptimizerSpec.Name.allCases))
    }

    @Test func datasetCyclingAdaptsShapesAndLoss() throws {
        var p = try PresetLibrary.load("spiral-3")  // multiclass softmax, [2,32,32,3]
        var kinds: Set<DataKind> = []
        for _ in 0..<20 {
            p = p.cyclingDataset()
            kinds.insert(p.data.kind)
            try expectValid(p)
            #expect(p.model.layers.first == 2)
        }
        #expect(kinds.contains(.bowl) && kinds.contains(.xor))
        let bowl = p.settingDataset(.bowl)
        #expect(bowl.training.loss == .mse && bowl.model.layers.last == 1)
        var q = try PresetLibrary.load("sawtooth")
        for _ in 0..<7 { q = q.cyclingDataset(); #expect(q.data.kind.isOneDimensional) }
    }

    @Test func learningRateStaysFiniteAndPositive() throws {
        var p = try PresetLibrary.load("default")
        for _ in 0..<100 { p = p.scalingLearningRate(by: 0.1) }
        #expect(p.training.optimizer.lr == Preset.editableLearningRates.lowerBound)
        for _ in 0..<100 { p = p.scalingLearningRate(by: 10) }
        #expect(p.training.optimizer.lr == Preset.editableLearningRates.upperBound)
        #expect(p.scalingLearningRate(by: .nan) == p)
        try expectValid(p)
    }
}
