/// One chunk of samples through the network (forward, loss, and optionally reverse-mode backprop), on the
/// workspace's buffers. Everything ``Objective`` computes goes through here.
extension BackpropWorkspace {
    /// Runs samples `start..<start+count` (of `rows` when given, else of the data in order) and returns the
    /// unnormalised loss sum. With `y` nil it only runs the forward pass (inference; outputs in H_L). With `gradient`, accumulates scale·∂(loss sum)/∂θ into it (+=). With
    /// `dropoutRate > 0` and a generator `rng`, hidden outputs are multiplied by inverted-dropout masks drawn from `rng`
    /// (unit by unit, sample by sample; each kept with probability 1 − rate and scaled by 1/(1 − rate)).
    /// Normalised layers (NormalizationKernels) run between the dense product and the activation; BatchNorm
    /// uses the chunk's statistics in `.training` mode (so a batch must be one chunk) and the model's running
    /// statistics in `.inference` mode. Plain layers take exactly the path they took before normalisation.
    @usableFromInline
    mutating func runChunk(
        model: MLP, theta: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafePointer<Double>?,
        rows: UnsafeBufferPointer<Int>?, start: Int, count nb: Int, loss: Loss, scale: Double,
        gradient: UnsafeMutablePointer<Double>?, dropoutRate: Double, rng: UnsafeMutablePointer<SeededRNG>?,
        correct: UnsafeMutablePointer<Int>?, mode: NormalizationMode = .training
    ) -> Double {
        precondition(model.sizes == sizes, "workspace built for another network shape")
        precondition(gradient == nil || mode == .training || !model.hasBatchNormalization,
                     "gradients are of the training-mode objective")
        precondition(nb >= 1 && nb <= batchCapacity)
        let ld = DenseKernels.leadingDimension(nb)
        let L = sizes.count - 1, d0 = sizes[0], k = sizes[L]
        let dropout = dropoutRate > 0 && rng != nil
        let keepScale = dropout ? 1 / (1 - dropoutRate) : 1
        return storage.withUnsafeMutableBufferPointer { buf -> Double in
            guard let s = buf.baseAddress else { return 0 }
            // Gather inputs and targets, feature-major, zero padding.
            let a0 = s + activationOffset[0], yt = s + targetOffset, pack = s + packOffset
            for b in 0..<nb {
                let r = rows.map { $0[start + b] } ?? (start + b)
                for i in 0..<d0 { a0[i * ld + b] = x[r * d0 + i] }
                if let y { for c in 0..<k { yt[c * ld + b] = y[r * k + c] } }
            }
            if nb < ld {
                for i in 0..<d0 { (a0 + i * ld + nb).initialize(repeating: 0, count: ld - nb) }
                for c in 0..<k { (yt + c * ld + nb).initialize(repeating: 0, count: ld - nb) }
            }
            func input(_ l: Int) -> UnsafeMutablePointer<Double> {
                let p = l - 1
                if p == 0 { return a0 }
                return s + (dropout ? droppedOffset[p] : activationOffset[p])
            }
            // Forward.
            for l in 1...L {
                let inp = sizes[l - 1], out = sizes[l]
                let w = theta + model.weightOffset(layer: l - 1), bias = w + out * inp
                let z = s + preactivationOffset[l], h = s + activationOffset[l]
                DenseKernels.forward(w: w, b: bias, a: input(l), z: z, out: out, inp: inp, ld: ld,
                                     pack: DenseKernels.prefersPacking(out: out, inp: inp) ? pack : nil)
                let norm = model.normalizations[l - 1]
                if norm.isActive {
                    precondition(normalizedOffset[l] >= 0, "workspace built without this layer's normalisation")
                    BackpropWorkspace.normalizeForward(
                        model: model, layer: l, z: z, zhat: s + normalizedOffset[l], u: s + scaledOffset[l],
                        stats: s + statisticsOffset[l], statsWidth: statisticsWidths[l], theta: theta, mode: mode,
                        ld: ld, count: nb)
                }
                ActivationKernels.apply(model.activations[l - 1], z: norm.isActive ? s + scaledOffset[l] : z, h: h,
                                        count: out * ld)
                if nb < ld { for r in 0..<out { (h + r * ld + nb).initialize(repeating: 0, count: ld - nb) } }
                if dropout && l < L {
                    let m = s + maskOffset[l], dh = s + droppedOffset[l]
                    for r in 0..<out {
                        for b in 0..<ld {
                            let keep = b < nb && (rng?.pointee.nextDouble() ?? 1) >= dropoutRate
                            m[r * ld + b] = keep ? keepScale : 0
                        }
                    }
                    for j in 0..<(out * ld) { dh[j] = h[j] * m[j] }
                }
            }
            // Loss (and dL/dH_L into the first delta buffer); inference stops here.
            guard y != nil else { return 0 }
            var cur = s + deltaOffset.0, other = s + deltaOffset.1
            let total = LossKernels.evaluate(
                loss, out: s + activationOffset[L], y: yt, k: k, count: nb, ld: ld, scale: scale,
                grad: gradient == nil ? nil : cur, correct: correct)
            guard let g = gradient else { return total }
            // Backward.
            for l in stride(from: L, through: 1, by: -1) {
                let inp = sizes[l - 1], out = sizes[l]
                let wOff = model.weightOffset(layer: l - 1)
                if dropout && l < L {
                    let m = s + maskOffset[l]
                    for j in 0..<(out * ld) { cur[j] *= m[j] }
                }
                let norm = model.normalizations[l - 1]
                ActivationKernels.multiplyDerivative(
                    model.activations[l - 1], z: s + (norm.isActive ? scaledOffset[l] : preactivationOffset[l]),
                    h: s + activationOffset[l], d: cur, count: out * ld)
                if norm.isActive {
                    NormalizationKernels.backward(
                        norm, d: cur, zhat: s + normalizedOffset[l], gamma: theta + model.gammaOffset(layer: l - 1),
                        gGamma: g + model.gammaOffset(layer: l - 1), stats: s + statisticsOffset[l],
                        statsWidth: statisticsWidths[l], out: out, ld: ld, count: nb)
                }
                if DenseKernels.prefersTransposedGradient(out: out, inp: inp) {
                    DenseKernels.accumulateWeightGradientTransposed(
                        dz: cur, a: input(l), gw: g + wOff, gb: g + wOff + out * inp, out: out, inp: inp, ld: ld,
                        count: nb, scratch: s + transposeOffset,
                        pack: DenseKernels.prefersPacking(out: out, inp: inp) ? pack : nil)
                } else {
                    DenseKernels.accumulateWeightGradient(
                        dz: cur, a: input(l), gw: g + wOff, gb: g + wOff + out * inp, out: out, inp: inp, ld: ld)
                }
                if l > 1 {
                    DenseKernels.backwardInput(w: theta + wOff, dz: cur, da: other, out: out, inp: inp, ld: ld,
                                               pack: DenseKernels.prefersPacking(out: out, inp: inp) ? pack : nil)
                    swap(&cur, &other)
                }
            }
            return total
        }
    }
}

extension BackpropWorkspace {
    /// Ẑ_l and U_l from Z_l for normalised layer `l` (1-based, as in ``runChunk``).
    @usableFromInline
    static func normalizeForward(
        model: MLP, layer l: Int, z: UnsafePointer<Double>, zhat: UnsafeMutablePointer<Double>,
        u: UnsafeMutablePointer<Double>, stats: UnsafeMutablePointer<Double>, statsWidth: Int,
        theta: UnsafePointer<Double>, mode: NormalizationMode, ld: Int, count nb: Int
    ) {
        let norm = model.normalizations[l - 1]
        func run(_ running: UnsafePointer<Double>?) {
            NormalizationKernels.forward(
                norm, mode: mode, z: z, zhat: zhat, u: u, gamma: theta + model.gammaOffset(layer: l - 1), stats: stats,
                statsWidth: statsWidth, running: running, out: model.sizes[l], ld: ld, count: nb)
        }
        if norm.kind == .batch && mode == .inference {
            model.runningStatistics.withUnsafeBufferPointer { r in
                run(r.baseAddress.map { $0 + model.runningStatisticsOffset(layer: l - 1) })
            }
        } else {
            run(nil)
        }
    }

    /// After a training-mode pass over one chunk of `count` samples: updates `model`'s BatchNorm running
    /// statistics from that chunk's batch statistics (see ``Normalization`` for the rule). No-op without
    /// BatchNorm.
    public mutating func updateRunningStatistics(of model: inout MLP, count nb: Int) {
        guard model.hasBatchNormalization, nb >= 1 else { return }
        let correction = nb > 1 ? Double(nb) / Double(nb - 1) : 1
        storage.withUnsafeBufferPointer { sb in
            guard let s = sb.baseAddress else { return }
            for l in 1..<sizes.count where model.normalizations[l - 1].kind == .batch {
                let norm = model.normalizations[l - 1], d = sizes[l]
                let st = s + statisticsOffset[l], w = statisticsWidths[l]
                let o = model.runningStatisticsOffset(layer: l - 1), m = norm.momentum
                model.runningStatistics.withUnsafeMutableBufferPointer { rb in
                    for j in 0..<d {
                        rb[o + j] = (1 - m) * rb[o + j] + m * st[j]
                        rb[o + d + j] = (1 - m) * rb[o + d + j] + m * st[2 * w + j] * correction
                    }
                }
            }
        }
    }
}
