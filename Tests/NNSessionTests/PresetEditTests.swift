import Testing
@testable import NNSession
import NNCore

/// `PresetEdit.apply`, the one way an edit reaches a preset: per-layer edits touch exactly their layer,
/// the limits are the parser's, and any sequence of edits leaves a preset the parser accepts and the
/// writer writes back unchanged.
@Suite struct PresetEditTests {
    /// The normalisation comparison's LayerNorm session: LayerNorm on every hidden layer but the first.
    func layerNormExceptFirst() throws -> Preset {
        let compare = try PresetLibrary.load("normalisation")
        let session = try #require(try compare.comparedPresets().first { $0.label.hasPrefix("LayerNorm") })
        let p = session.preset
        let kinds = p.model.normalizations.map(\.kind)
        try #require(kinds.first == Normalization.Kind.none && kinds.dropFirst().dropLast().allSatisfy { $0 == .layer })
        return p
    }

    @Test func removingTheFirstHiddenLayerKeepsTheOthersNormalisation() throws {
        let p = try layerNormExceptFirst()
        let hidden = p.model.hiddenWidths.count
        let q = try PresetEdit.apply(.removeHiddenLayer(hidden: 0), to: p)
        #expect(q.model.hiddenWidths.count == hidden - 1)
        // h1 ("none") went; every remaining hidden layer keeps its LayerNorm, the output none.
        #expect(q.model.normalizations.dropLast().allSatisfy { $0.kind == .layer })
        #expect(q.model.normalizations.last?.kind == Normalization.Kind.none)
        #expect(Array(q.model.normalizations.dropLast()) == Array(p.model.normalizations.dropFirst().dropLast()))
        // Removing the last hidden layer instead keeps h1's "none".
        let r = try PresetEdit.apply(.removeHiddenLayer(hidden: hidden - 1), to: p)
        #expect(r.model.normalizations.first?.kind == Normalization.Kind.none)
        #expect(r.model.normalizations.dropFirst().dropLast().allSatisfy { $0.kind == .layer })
        _ = try Session(preset: q)
    }

    @Test func duplicatingALayerCopiesItsWidthActivationAndNormalisation() throws {
        var p = try layerNormExceptFirst()
        p = try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: 5), to: p)
        p = try PresetEdit.apply(.setActivation(layer: 0, name: "tanh"), to: p)
        let q = try PresetEdit.apply(.duplicateHiddenLayer(hidden: 0), to: p)
        #expect(Array(q.model.layers.prefix(4)) == [1, 5, 5, 16])
        #expect(q.model.activations[0].kind == .tanh && q.model.activations[1].kind == .tanh)
        #expect(q.model.activations[2].kind == .relu)
        #expect(q.model.normalizations[0].kind == Normalization.Kind.none && q.model.normalizations[1].kind == Normalization.Kind.none)
        #expect(q.model.normalizations[2].kind == .layer)
    }

    @Test func limitsAreTheParsers() throws {
        let p = try PresetLibrary.load("xor")   // [2, 8, 1]
        #expect(try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: Preset.layerWidths.upperBound), to: p)
            .model.layers == [2, Preset.layerWidths.upperBound, 1])
        #expect(throws: PresetEditError("width 4096 is the maximum")) {
            try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: 4097), to: p)
        }
        #expect(throws: PresetEditError("width 1 is the minimum")) { try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: 0), to: p) }
        #expect(throws: PresetEditError("at least one hidden layer")) { try PresetEdit.apply(.removeHiddenLayer(hidden: 0), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setHiddenWidth(hidden: 3, width: 4), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setLearningRate(.infinity), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setLearningRate(0), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setActivation(layer: 0, name: "gelu"), to: p) }
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setDataset(.sine), to: p) }   // 1D data for a 2D net
        #expect(throws: PresetEditError.self) { try PresetEdit.apply(.setPace(.perSecond(0)), to: p) }
        // Two 4096-wide layers are 16.8M parameters: the parser's parameter limit refuses them.
        var wide = try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: 4096), to: p)
        wide = try PresetEdit.apply(.duplicateHiddenLayer(hidden: 0), to: wide.settingHiddenWidth(0, to: 600))
        let error = #expect(throws: PresetEditError.self) {
            try PresetEdit.apply(.setHiddenWidth(hidden: 1, width: 4096), to: wide)
        }
        #expect(error?.message.contains("expected at most \(Preset.maxParameterCount) parameters") == true)
    }

    @Test func theHandSetSawtoothKeepsItsConstructionAcrossDepthEdits() throws {
        let saw = try PresetLibrary.load("sawtooth")
        let deeper = try PresetEdit.apply(.duplicateHiddenLayer(hidden: 0), to: saw)
        #expect(deeper.sawtoothDepth == 5 && deeper.data.depth == 5)
        let shallower = try PresetEdit.apply(.removeHiddenLayer(hidden: 2), to: saw)
        #expect(shallower.sawtoothDepth == 3)
        // Width, activation and seed edits leave the construction (random weights from then on).
        #expect(try PresetEdit.apply(.setHiddenWidth(hidden: 0, width: 3), to: saw).model.explicitParameters == nil)
        #expect(try PresetEdit.apply(.setHiddenActivations(name: "tanh"), to: saw).model.explicitParameters == nil)
        #expect(try PresetEdit.apply(.setTrainingSeed(saw.training.seed + 1), to: saw).model.explicitParameters == nil)
        // New noise, another optimiser or learning rate keep the hand-set weights.
        #expect(try PresetEdit.apply(.setDataSeed(saw.data.seed + 1), to: saw).sawtoothDepth == 4)
        #expect(try PresetEdit.apply(.setOptimizer(.sgd), to: saw).sawtoothDepth == 4)
        #expect(try PresetEdit.apply(.setLearningRate(0.5), to: saw).sawtoothDepth == 4)
    }

    @Test func paceAndStartAreReadStrictlyAndWrittenBack() throws {
        let base = """
            {"title": "t", "description": "d", "data": {"kind": "sine", "n": 20},
             "model": {"layers": [1, 4, 1]}, "training": {"optimizer": {"name": "sgd", "lr": 0.1}}, "view": VIEW}
            """
        func parse(_ view: String) throws(PresetError) -> Preset {
            try Preset.parse(base.replacingOccurrences(of: "VIEW", with: view), file: "p.json")
        }
        #expect(try parse("{}").view.pace == .default)
        #expect(try parse("{}").view.start == .running)
        #expect(try parse(#"{"pace": 50, "start": "paused"}"#).view.pace == .perSecond(50))
        #expect(try parse(#"{"pace": "max"}"#).view.pace == .max)
        #expect(try parse(#"{"start": "paused"}"#).view.start == .paused)
        for bad in [#"{"pace": 0}"#, #"{"pace": -3}"#, #"{"pace": "fast"}"#, #"{"pace": 1e8}"#, #"{"pace": true}"#,
                    #"{"start": "stopped"}"#, #"{"start": 1}"#] {
            let error = #expect(throws: PresetError.self) { try parse(bad) }
            #expect(error?.path.hasPrefix("view.") == true, "\(bad)")
            #expect(error?.description.contains("\n") == false)
        }
        for view in [#"{"pace": 12.5, "start": "paused"}"#, #"{"pace": "max"}"#] {
            let p = try parse(view)
            #expect(try Preset.parse(p.json.serialized(), file: "p.json") == p)
        }
    }

    @Test func paceLadder() {
        var p = Pace.perSecond(1)
        var labels: [String] = [p.label]
        while p != .max { p = p.faster; labels.append(p.label) }
        #expect(labels == ["1/s", "2/s", "5/s", "10/s", "20/s", "50/s", "100/s", "200/s", "500/s", "1k/s", "2k/s", "5k/s",
                           "10k/s", "20k/s", "50k/s", "max"])
        var down: [String] = []
        while p != .perSecond(1) { p = p.slower; down.append(p.label) }
        #expect(down == labels.reversed().dropFirst().map { $0 })
        #expect(Pace.perSecond(1).slower == .perSecond(1))
        #expect(Pace.max.faster == .max)
        // A preset's value between rungs goes to the next rung.
        #expect(Pace.perSecond(30).faster == .perSecond(50))
        #expect(Pace.perSecond(30).slower == .perSecond(20))
        #expect(Pace.perSecond(1500).label == "1.5k/s")
    }

    /// Property: from every shipped preset (and every compared session), a seeded random sequence of edits
    /// of every kind (model, knob, point, pace; including refused ones) always leaves a preset that the parser
    /// accepts and that reads back equal from the writer's JSON, which the writer then writes again byte for
    /// byte; the last hidden layer stays; refused edits change nothing.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func anyEditSequenceLeavesAValidPreset(seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        var starts: [Preset] = []
        for entry in try PresetLibrary.list() {
            let p = try entry.result.get()
            if p.isComparison { starts += try p.comparedPresets().map(\.preset) } else { starts.append(p) }
        }
        var accepted = 0, refused = 0
        var acceptedCases = Set<Int>()
        for start in starts {
            var p = start
            for _ in 0..<40 {
                let (index, edit) = randomEdit(for: p, &rng)
                do {
                    let q = try PresetEdit.apply(edit, to: p)
                    let text = q.json.serialized()
                    let back = try Preset.parse(text, file: q.source, name: q.name)
                    #expect(back == q, "\(start.name): \(edit)")
                    #expect(back.json.serialized() == text, "\(start.name): \(edit)")
                    // An edit never removes the last hidden layer (a preset may start without one).
                    #expect(q.model.hiddenWidths.count >= min(1, p.model.hiddenWidths.count))
                    p = q
                    accepted += 1
                    acceptedCases.insert(index)
                } catch {
                    refused += 1
                }
            }
        }
        #expect(accepted > 10 * starts.count && refused > 0)
        // Every kind of edit was accepted somewhere in the sequences (model, knob, point and pace edits mixed).
        #expect(acceptedCases == Set(0..<Self.editCases), "never accepted: \(Set(0..<Self.editCases).subtracting(acceptedCases).sorted())")
    }

    /// The number of cases ``randomEdit(for:_:)`` draws from: one per `PresetEdit` case.
    static let editCases = 16

    /// A random edit of `p` and its case number (0..<editCases), with values that are sometimes out of range.
    func randomEdit(for p: Preset, _ rng: inout SeededRNG) -> (Int, PresetEdit) {
        func int(_ n: Int) -> Int { Int(rng.nextUInt64() % UInt64(max(n, 1))) }
        let hidden = max(1, p.model.hiddenWidths.count)
        // Hidden indices slightly out of range on purpose (the edit must refuse them).
        let h = int(hidden + 1) - (int(8) == 0 ? 1 : 0)
        let names = PresetEdit.activationChoices + ["gelu"]
        // A knob of this preset, now and then one it may not have (the edit must refuse it).
        let others: [SetupKnobID] = [.momentum, .beta1, .loss, .activation, .feature(.x1x2), .feature(.sinX)]
        let knobs = p.knobIDs
        let knob = knobs.isEmpty || int(6) == 0 ? others[int(others.count)] : knobs[int(knobs.count)]
        let delta = [-3, -1, 1, 1, 2, 0][int(6)]
        let index = int(Self.editCases)
        switch index {
        case 0: return (index, .setHiddenWidth(hidden: h, width: [0, 1, 2, 3, 7, 16, 40, 4096, 4097][int(9)]))
        case 1: return (index, .duplicateHiddenLayer(hidden: h))
        case 2: return (index, .removeHiddenLayer(hidden: h))
        case 3: return (index, .setActivation(layer: int(p.model.activations.count + 1), name: names[int(names.count)]))
        case 4: return (index, .setHiddenActivations(name: names[int(names.count)]))
        case 5: return (index, .setOptimizer(PresetEdit.optimizerChoices[int(PresetEdit.optimizerChoices.count)]))
        case 6: return (index, .setLearningRate([1e-7, 0.001, 0.5, 3, 0, -1, .nan, 1e300][int(8)]))
        case 7: return (index, .setDataset(DataKind.allCases[int(DataKind.allCases.count)]))
        case 8: return (index, .setDataSeed(rng.nextUInt64() % (1 << 54)))
        case 9: return (index, .setTrainingSeed(rng.nextUInt64() % (1 << 54)))
        case 10: return (index, .setPace([Pace.max, .perSecond(0.5), .perSecond(50), .perSecond(0), .perSecond(2e7)][int(5)]))
        case 11: return (index, .stepKnob(knob, by: delta))
        case 12:
            // A neighbouring value as the knob shows it (valid), or a typed value that may not fit the knob.
            let typed = int(3) > 0 ? p.steppingKnob(knob, by: delta).formatted(knob)
                : ["0.01", "off", "-1", "nan", "1e300", "32", "tanh", "adam", "he", "moons", "on", "x"][int(12)]
            return (index, .setKnob(knob, to: typed))
        case 13:
            // Inputs in the data box, then a class or a target; sometimes a wrong length, class or value.
            let d = (p.data.inputSize ?? 2) + (int(10) == 0 ? 1 : 0)
            let inputs = (0..<d).map { _ in Double(int(401)) / 100 - 2 }
            let label = [0, 1, 2, 0.5, -1, .nan][int(p.data.task == .regression ? 6 : 3)]
            return (index, .addPoint(inputs + [label]))
        case 14: return (index, .erasePoints)
        default: return (index, .stepHiddenActivation(hidden: h, by: [-1, 1, 2, 5][int(4)]))
        }
    }
}
