/// One chunk of samples through the network (forward, loss, and optionally reverse-mode backprop), on the
/// workspace's buffers. Everything ``Objective`` computes goes through here.
extension BackpropWorkspace {
    /// Runs samples `start..<start+count` (of `rows` when given, else of the data in order) and returns the
    /// unnormalised loss sum. With `y` nil it only runs the forward pass (inference; outputs in H_L). With `gradient`, accumulates scale·∂(loss sum)/∂θ into it (+=). With
    /// `dropoutRate > 0` and a generator `rng`, hidden outputs are multiplied by inverted-dropout masks drawn from `rng`
    /// (unit by unit, sample by sample; each kept with probability 1 − rate and scaled by 1/(1 − rate)).
    @usableFromInline
    mutating func runChunk(
        model: MLP, theta: UnsafePointer<Double>, x: UnsafePointer<Double>, y: UnsafePointer<Double>?,
        rows: UnsafeBufferPointer<Int>?, start: Int, count nb: Int, loss: Loss, scale: Double,
        gradient: UnsafeMutablePointer<Double>?, dropoutRate: Double, rng: UnsafeMutablePointer<SeededRNG>?,
        correct: UnsafeMutablePointer<Int>?
    ) -> Double {
        precondition(model.sizes == sizes, "workspace built for another network shape")
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
                ActivationKernels.apply(model.activations[l - 1], z: z, h: h, count: out * ld)
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
                ActivationKernels.multiplyDerivative(
                    model.activations[l - 1], z: s + preactivationOffset[l], h: s + activationOffset[l],
                    d: cur, count: out * ld)
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
