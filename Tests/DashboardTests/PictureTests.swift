import Foundation
import NNAnalysis
import NNCore
import NNSession
import Testing
import TerminalUI
@testable import Dashboard
@testable import PaneModels

/// The pictures checked against independent computations: every thumbnail value against a unit-by-unit forward
/// pass written out here, boundary dots against the exact polygons' edges, the lecture's 1 + lines +
/// intersections against the polygons, and the shading's monotonicity in confidence.
@Suite struct PictureTests {
    /// A seeded random network (uniform weights in ±1.2, biases in ±0.5).
    static func net(_ sizes: [Int], hidden: Activation = .relu, seed: UInt64) -> MLP {
        var m = MLP(sizes: sizes, hidden: hidden)
        var rng = SeededRNG(seed: seed)
        for i in m.parameters.indices { m.parameters[i] = (rng.nextDouble() * 2 - 1) * 1.2 }
        for l in 0..<m.layerCount {
            let o = m.biasOffset(layer: l)
            for j in 0..<m.sizes[l + 1] { m.parameters[o + j] *= 0.4 }
        }
        return m
    }

    /// φ_ℓ of every unit at one input, layer by layer with plain loops over `weightMatrix` (the oracle).
    static func oracle(_ m: MLP, _ x: [Double]) -> [[Double]] {
        var layers = [x]
        var a = x
        for l in 0..<m.layerCount {
            let w = m.weightMatrix(layer: l), b = m.biasVector(layer: l)
            a = (0..<w.count).map { o in m.activations[l].value(zip(w[o], a).reduce(b[o]) { $0 + $1.0 * $1.1 }) }
            layers.append(a)
        }
        return layers
    }

    func session(_ name: String, steps: Int = 0) throws -> SessionSnapshot {
        var s = try Session(preset: try PresetLibrary.load(name))
        s.step(steps)
        return s.snapshot()
    }

    // MARK: thumbnails

    /// Every thumbnail sample of every unit equals that unit's output at the grid point it stands for.
    @Test(arguments: [[2, 5, 4, 1], [2, 3, 3]])
    func planeThumbnailsEqualTheForwardPassOfEachUnit(sizes: [Int]) {
        let m = Self.net(sizes, seed: 11)
        let xr = -1.5...2.0, yr = -1.0...1.0, cols = 12, rows = 8
        let xs = PictureAdapter.gridInputs(x: xr, y: yr, columns: cols, rows: rows)
        let p = PictureAdapter.plane(m, pass: m.layerOutputs(xs, count: cols * rows), x: xr, y: yr, columns: cols, rows: rows,
                                     inputs: xs)
        let s = PictureAdapter.planeStride
        #expect(p.columns == cols / s && p.rows == rows / s)
        #expect(p.values.map(\.count) == sizes)
        var checked = 0
        for r in 0..<p.rows {
            for c in 0..<p.columns {
                // The grid point this sample stands for: cell (s·c, s·r), row 0 at the top.
                let x = xr.lowerBound + (Double(s * c) + 0.5) / Double(cols) * (xr.upperBound - xr.lowerBound)
                let y = yr.upperBound - (Double(s * r) + 0.5) / Double(rows) * (yr.upperBound - yr.lowerBound)
                let expected = Self.oracle(m, [x, y])
                for l in 0..<expected.count {
                    for u in 0..<expected[l].count {
                        let v = p.value(layer: l, unit: u, column: c, row: r)
                        #expect(v == Float(expected[l][u]) || abs(Double(v ?? .nan) - expected[l][u]) < 1e-6 * max(1, abs(expected[l][u])))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == p.rows * p.columns * sizes.reduce(0, +))
    }

    /// 1D: each unit's curve equals its forward pass at the samples, and a first-layer ReLU unit's kink is at
    /// x = −b/w exactly when that lies inside the range.
    @Test func lineThumbnailsAndFirstLayerKinks() {
        let m = Self.net([1, 6, 3, 1], seed: 5)
        let xr = -2.0...2.0
        let p = PictureAdapter.line(m, x: xr)
        let n = PictureAdapter.lineSamples
        for i in Swift.stride(from: 0, to: n, by: 7) {
            let x = xr.lowerBound + (xr.upperBound - xr.lowerBound) * Double(i) / Double(n - 1)
            let e = Self.oracle(m, [x])
            for l in 1..<e.count { for u in 0..<e[l].count {
                #expect(abs(Double(p.values[l][u][i]) - e[l][u]) < 1e-6 * max(1, abs(e[l][u])))
            } }
        }
        let w = m.weightMatrix(layer: 0), b = m.biasVector(layer: 0)
        var inside = 0
        for u in 0..<6 {
            let k = -b[u] / w[u][0]
            if k > xr.lowerBound + 0.05 && k < xr.upperBound - 0.05 {
                inside += 1
                #expect(p.kinks[1][u].count == 1)
                #expect(abs((p.kinks[1][u].first ?? .nan) - k) < 1e-9)
            } else if k < xr.lowerBound || k > xr.upperBound {
                #expect(p.kinks[1][u].isEmpty)
            }
        }
        #expect(inside >= 1)
    }

    /// A real session: the thumbnails come with the map, from the same pass (the output unit's sign is the
    /// map's predicted class at the same grid cell).
    @Test func moonsThumbnailsAgreeWithTheMap() throws {
        let model = SnapshotAdapter.model(from: try session("moons", steps: 30))
        let p = try #require(model.network.pictures)
        let map = try #require(model.regions)
        #expect(p.values.map(\.count) == [2, 16, 16, 1])
        let s = PictureAdapter.planeStride
        for r in 0..<p.rows { for c in 0..<p.columns {
            let logit = try #require(p.value(layer: 3, unit: 0, column: c, row: r))
            #expect((logit > 0 ? 1 : 0) == Int(map.label(s * c, s * r)) || abs(logit) < 1e-6)
        } }
    }

    // MARK: confidence shading

    /// Confidence is 2|σ(z) − ½| for one logit and (p_max − 1/k)/(1 − 1/k) for a softmax, and the map's shade
    /// level never decreases as confidence grows (every colour mode).
    @Test func confidenceAndShadingAreMonotone() {
        func conf(_ z: [Double]) -> Float { z.withUnsafeBufferPointer { PictureAdapter.confidence($0) } }
        for z in [-4.0, -0.3, 0, 0.7, 3] {
            let p = 1 / (1 + exp(-z))
            #expect(abs(Double(conf([z])) - 2 * abs(p - 0.5)) < 1e-6)
        }
        let z = [0.2, 1.5, -0.7]
        let e = z.map { exp($0) }, top = (e.max() ?? 0) / e.reduce(0, +)
        #expect(abs(Double(conf(z)) - (top - 1.0 / 3) / (1 - 1.0 / 3)) < 1e-6)
        #expect(conf([1, 1, 1]) == 0)
        var last: Float = -1
        for i in 0...200 {
            let c = conf([Double(i) * 0.05])
            #expect(c >= last)
            last = c
        }
        for mode in ColorMode.allCases {
            let pal = PicturePalette(theme: Theme(mode: mode))
            var level = -1
            for i in 0...100 {
                let l = pal.confidenceLevel(Float(i) / 100)
                #expect(l >= level)
                level = l
            }
            #expect(pal.confidenceLevel(0) == 0 && pal.confidenceLevel(1) == pal.confidenceLevels - 1)
        }
        // In 256 colours, the class colour gets brighter (component sum grows) with each level.
        let pal = PicturePalette(theme: Theme(mode: .color256))
        for c in 0..<2 {
            var prev = -1
            for l in 1..<pal.confidenceLevels {
                let i = Int(pal.classShade(c, level: l, theme: Theme(mode: .color256)).index) - 16
                let sum = i / 36 + (i / 6) % 6 + i % 6
                #expect(sum >= prev)
                prev = sum
            }
        }
    }

    // MARK: exact boundaries

    /// Every boundary dot contains a point of an exact polygon edge (so it is within one dot of it), and every
    /// edge of every polygon inside the box is covered: each of its points lies in a drawn dot or on one's border.
    @Test(arguments: [([2, 6, 1], 3), ([2, 5, 4, 1], 4)])
    func boundaryDotsLieOnTheExactEdges(sizes: [Int], seed: Int) throws {
        let m = Self.net(sizes, seed: UInt64(seed))
        let box = RegionBox(xMin: -1.2, xMax: 1.6, yMin: -1, yMax: 0.9)
        let part = try RegionPartition2D(model: m, box: box)
        let overlay = RegionOverlay(perLayer: part.perLayer, cuts: part.cuts)
        var dots = DotRaster()
        let w = 37, h = 11
        let last = part.cuts.count - 1
        RegionsMapRenderer.boundaryDots(overlay, layer: last, selectedUnit: nil, x: box.xMin...box.xMax, y: box.yMin...box.yMax,
                                        into: &dots, width: w, height: h)
        let sx = Double(dots.dotWidth) / (box.xMax - box.xMin), sy = Double(dots.dotHeight) / (box.yMax - box.yMin)
        // Polygon edges (in dot units) that are not on the box's border.
        var edges: [(Double, Double, Double, Double)] = []
        func onBorder(_ a: Double, _ b: Double, _ lo: Double, _ hi: Double) -> Bool {
            let eps = 1e-9 * (hi - lo)
            return (abs(a - lo) < eps && abs(b - lo) < eps) || (abs(a - hi) < eps && abs(b - hi) < eps)
        }
        for poly in part.polygons[last] {
            let n = poly.count / 2
            for v in 0..<n {
                let u = (v + 1) % n
                let (x0, y0, x1, y1) = (poly[2 * v], poly[2 * v + 1], poly[2 * u], poly[2 * u + 1])
                if onBorder(x0, x1, box.xMin, box.xMax) || onBorder(y0, y1, box.yMin, box.yMax) { continue }
                edges.append(((x0 - box.xMin) * sx, (box.yMax - y0) * sy, (x1 - box.xMin) * sx, (box.yMax - y1) * sy))
            }
        }
        #expect(edges.count >= 2 * (part.total - 1))
        func distance(_ px: Double, _ py: Double, _ e: (Double, Double, Double, Double)) -> Double {
            let dx = e.2 - e.0, dy = e.3 - e.1
            let t = max(0, min(1, ((px - e.0) * dx + (py - e.1) * dy) / max(1e-300, dx * dx + dy * dy)))
            let qx = e.0 + t * dx - px, qy = e.1 + t * dy - py
            return (qx * qx + qy * qy).squareRoot()
        }
        var set = 0
        for dy in 0..<dots.dotHeight {
            for dx in 0..<dots.dotWidth where dots.isSet(dotX: dx, dotY: dy) {
                set += 1
                let d = edges.map { distance(Double(dx) + 0.5, Double(dy) + 0.5, $0) }.min() ?? .infinity
                #expect(d <= 1.0, "dot (\(dx), \(dy)) is \(d) dots from every edge")
            }
        }
        #expect(set > 0)
        for e in edges {
            let len = max(abs(e.2 - e.0), abs(e.3 - e.1))
            let steps = max(1, Int(len * 4))
            for k in 0...steps {
                let t = Double(k) / Double(steps)
                let x = e.0 + t * (e.2 - e.0), y = e.1 + t * (e.3 - e.1)
                var covered = false
                for ddx in -1...1 { for ddy in -1...1 {
                    let cx = Int(x.rounded(.down)) + ddx, cy = Int(y.rounded(.down)) + ddy
                    guard dots.isSet(dotX: cx, dotY: cy) else { continue }
                    // The point is inside or on the border of the dot's square [cx, cx+1] × [cy, cy+1].
                    if x >= Double(cx) - 1e-9 && x <= Double(cx + 1) + 1e-9 && y >= Double(cy) - 1e-9 && y <= Double(cy + 1) + 1e-9 {
                        covered = true
                    }
                } }
                #expect(covered, "edge point (\(x), \(y)) not covered")
            }
        }
    }

    // MARK: titles, layer by layer

    /// `relu-regions` (one hidden layer): the title's 1 + lines + intersections = regions, each number from the
    /// geometry, the total equal to the exact count.
    @Test func oneHiddenLayerTitleCountsLinesAndIntersections() throws {
        let snap = try session("relu-regions")
        let model = SnapshotAdapter.model(from: snap)
        let map = try #require(model.regions), pics = try #require(map.pictures)
        let overlay = try #require(pics.overlay)
        let a = try #require(overlay.arrangement)
        let box = RegionBox(xMin: map.xRange.lowerBound, xMax: map.xRange.upperBound,
                            yMin: map.yRange.lowerBound, yMax: map.yRange.upperBound)
        let exact = try ExactRegionCount(model: snap.model, box: box)
        #expect(1 + a.lines + a.intersections == exact.total)
        let title = RegionsPicturePane.title(map, pics, kind: .decision, showBoundaries: true, layer: 0)
        #expect(title.contains("1 + \(a.lines) lines + \(a.intersections) intersections = \(exact.total)"))
    }

    /// `relu-regions-4x4`: the title lists the regions after each layer (the exact per-layer counts) and marks the
    /// shown one; ↓ moves the boundaries to layer 2, whose cuts are drawn in the layer colour.
    @Test func regionsLayerByLayer() throws {
        let snap = try session("relu-regions-4x4")
        let model = SnapshotAdapter.model(from: snap)
        let map = try #require(model.regions), pics = try #require(map.pictures)
        let box = RegionBox(xMin: map.xRange.lowerBound, xMax: map.xRange.upperBound,
                            yMin: map.yRange.lowerBound, yMax: map.yRange.upperBound)
        let per = try ExactRegionCount(model: snap.model, box: box).perLayer
        #expect(per.count == 2 && per[0] < per[1])
        let t1 = RegionsPicturePane.title(map, pics, kind: .decision, showBoundaries: true, layer: 0)
        #expect(t1.contains("\(per[0]) regions after layer 1 ◂ · \(per[1]) after layer 2"))
        let t2 = RegionsPicturePane.title(map, pics, kind: .decision, showBoundaries: true, layer: 1)
        #expect(t2.contains("\(per[0]) regions after layer 1 · \(per[1]) after layer 2 ◂"))
        // Layer 1's boundaries are a subset of layer 2's.
        let o = try #require(pics.overlay)
        var d1 = DotRaster(), d2 = DotRaster()
        RegionsMapRenderer.boundaryDots(o, layer: 0, selectedUnit: nil, x: map.xRange, y: map.yRange, into: &d1, width: 40, height: 12)
        RegionsMapRenderer.boundaryDots(o, layer: 1, selectedUnit: nil, x: map.xRange, y: map.yRange, into: &d2, width: 40, height: 12)
        var more = 0
        for y in 0..<d1.dotHeight { for x in 0..<d1.dotWidth {
            if d1.isSet(dotX: x, dotY: y) { #expect(d2.isSet(dotX: x, dotY: y)) }
            if d2.isSet(dotX: x, dotY: y) && !d1.isSet(dotX: x, dotY: y) { more += 1 }
        } }
        #expect(more > 0)
    }

    /// The active-unit ramp in 16 and 8 colours: black for none, then at least four distinct colours, never
    /// going back to one already passed (a count map with one green hid every count but "some").
    @Test(arguments: [ColorMode.color16, .color8])
    func activeCountRampHasSeveralLevels(mode: ColorMode) {
        let pal = PicturePalette(theme: Theme(mode: mode))
        let n = 12
        let colours = (0...n).map { pal.count($0, of: n) }
        #expect(colours[0] == .black)
        var distinct: [Color] = []
        for c in colours.dropFirst() where distinct.last != c {
            #expect(!distinct.contains(c) && c != .black)
            distinct.append(c)
        }
        #expect(distinct.count >= 4)
    }

    /// The selected unit's line is drawn in magenta, a colour no other line has; a regression map's data points are
    /// discs on black, never the white of a boundary.
    @Test func selectedUnitLineAndValuePointsStandApart() throws {
        let theme = Theme(mode: .color256)
        var ctx = RenderContext(theme: theme)
        let model = SnapshotAdapter.model(from: try session("relu-regions-4x4"))
        let map = try #require(model.regions)
        var b = Buffer(width: 80, height: 30)
        RegionsPane.render(map, showBoundaries: true, showTest: true, layer: 1, selectedUnit: 2, into: &b, area: b.bounds,
                           focused: true, context: &ctx)
        let magenta = Color.rgb6(5, 1, 5)
        let braille = b.cells.filter { (0x2801...0x28FF).contains($0.character.value) }
        let unit = braille.filter { $0.style.fg == magenta }
        #expect(!unit.isEmpty && unit.count < braille.count)
        for m in ColorMode.allCases where m != .monochrome {
            let c = RegionsMapRenderer.selectedUnitColour(m)
            #expect(c != .default && c != .white && c != .brightWhite && c != .rgb6(5, 5, 5) && c != .rgb6(5, 5, 3))
        }
        let value = SnapshotAdapter.model(from: try session("relu-regions"))
        let vmap = try #require(value.regions)
        #expect(vmap.isValueMap)
        var v = Buffer(width: 80, height: 30)
        RegionsPane.render(vmap, showBoundaries: true, showTest: false, into: &v, area: v.bounds, focused: true, context: &ctx)
        let dots = v.cells.filter { $0.character == "●" }
        #expect(dots.count > 10 && !v.text.contains("•"))
        for d in dots {
            #expect(d.style.bg == .grey(0) && d.style.attributes.contains(.bold))
            #expect(d.style.fg != .rgb6(5, 5, 5) && d.style.fg != .rgb6(5, 5, 3) && d.style.fg != .grey(14))
        }
    }

    /// A regression map without a dither: a uniform value paints every cell alike (the 2 × 2 dither drew a
    /// checkerboard), and the 256-colour ramp has ten steps a side, each one channel step from the last.
    @Test func valueMapIsUndithered() {
        var m = RegionsViewModel(xRange: -1...1, yRange: -1...1, gridWidth: 16, gridHeight: 16,
                                 labels: [UInt8](repeating: 0, count: 256), classCount: 8, isValueMap: true)
        m.pictures = MapPictures(shading: .value(range: 0...1), shade: [Float](repeating: 0.37, count: 256))
        var b = Buffer(width: 30, height: 14)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        RegionsPane.render(m, showBoundaries: false, showTest: false, into: &b, area: b.bounds, focused: false, context: &ctx)
        let map = RegionsPane.mapRect(area: b.bounds)
        let first = b[map.x, map.y].style
        #expect(first.fg == first.bg && first.fg != .default)
        for y in map.y..<map.maxY { for x in map.x..<map.maxX { #expect(b[x, y].style == first, "cell \(x),\(y)") } }
        for ramp in [PicturePalette.valueRampLow, PicturePalette.valueRampHigh] {
            #expect(ramp.count == 10 && Set(ramp.map(\.index)).count == 10)
            for (a, c) in zip(ramp.dropFirst(), ramp.dropFirst(2)) {
                let i = Int(a.index) - 16, j = Int(c.index) - 16
                let d = [abs(i / 36 - j / 36), abs(i / 6 % 6 - j / 6 % 6), abs(i % 6 - j % 6)]
                #expect(d.reduce(0, +) == 1, "\(a.index) → \(c.index)")
            }
        }
        let pal = PicturePalette(theme: Theme(mode: .color256))
        #expect(Set((0...40).map { pal.value(Float($0) / 40).index }).count == 10)
    }

    /// The active-unit counts equal a direct count of positive pre-activations at the grid points.
    @Test func activeCountsMatchTheForwardPass() throws {
        let snap = try session("relu-regions-4x4")
        let map = try #require(SnapshotAdapter.model(from: snap).regions)
        let pics = try #require(map.pictures)
        #expect(pics.hiddenUnits == 8)
        let m = snap.model
        for (c, r) in [(0, 0), (10, 20), (47, 31), (95, 63), (60, 5)] {
            let x = map.xRange.lowerBound + (Double(c) + 0.5) / Double(map.gridWidth) * (map.xRange.upperBound - map.xRange.lowerBound)
            let y = map.yRange.upperBound - (Double(r) + 0.5) / Double(map.gridHeight) * (map.yRange.upperBound - map.yRange.lowerBound)
            var a = [x, y], on = 0
            for l in 0..<(m.layerCount - 1) {
                let w = m.weightMatrix(layer: l), b = m.biasVector(layer: l)
                let z = (0..<w.count).map { o in zip(w[o], a).reduce(b[o]) { $0 + $1.0 * $1.1 } }
                on += z.filter { $0 > 0 }.count
                a = z.map { max(0, $0) }
            }
            #expect(Int(pics.activeUnits[r * map.gridWidth + c]) == on)
        }
    }

    // MARK: layout

    /// Layers of 64 units: as many thumbnails as fit, then "+N" with N the units not shown.
    @Test func wideLayersShowWhatFitsThenACount() throws {
        let inner = Rect(x: 1, y: 1, width: 65, height: 20)
        guard let l = NetworkPicturePane.layout(widths: [2, 64, 64, 1], inner: inner, planar: true) else {
            Issue.record("no picture layout for a 65×20 pane")
            return
        }
        #expect(l.shown[0] == 2 && l.shown[3] == 1)
        #expect(l.shown[1] < 64 && l.shown[1] > 0 && l.shown[2] < 64)
        let m = Self.net([2, 64, 64, 1], seed: 3)
        let xs = PictureAdapter.gridInputs(x: -1...1, y: -1...1, columns: 8, rows: 8)
        var vm = NetworkViewModel(inputSize: 2, layers: [LayerInfo(width: 64, activation: "relu", weightNorm: 1),
                                                         LayerInfo(width: 64, activation: "relu", weightNorm: 1),
                                                         LayerInfo(width: 1, activation: "linear", weightNorm: 1)],
                                  parameterCount: m.parameterCount)
        vm.pictures = PictureAdapter.plane(m, pass: m.layerOutputs(xs, count: 64), x: -1...1, y: -1...1, columns: 8, rows: 8,
                                           inputs: xs)
        var b = Buffer(width: 67, height: 22)
        var ctx = RenderContext(theme: Theme(mode: .color256))
        NetworkPane.render(vm, selectedHidden: 0, into: &b, area: b.bounds, focused: false, context: &ctx)
        // Every thumbnail inside the pane and none overlapping another.
        var seen = Set<Int>()
        for layer in 0..<4 { for u in 0..<l.shown[layer] {
            guard let r = l.thumb(layer: layer, unit: u) else { Issue.record("no thumbnail \(layer) \(u)"); continue }
            #expect(r.x >= inner.x && r.maxX <= inner.maxX && r.y >= inner.y && r.maxY <= inner.maxY)
            for y in r.y..<r.maxY { for x in r.x..<r.maxX { #expect(seen.insert(y * 1000 + x).inserted) } }
        } }
        // Each "+N" read back from the screen: its cells belong to no thumbnail, and shown + N is the layer's width.
        for layer in [1, 2] {
            let slot = try #require(l.countSlot(layer: layer))
            var found: (n: Int, cells: [Int])?
            for y in slot.y..<slot.maxY {
                var x = slot.x
                while x < slot.maxX, b[x, y].character != "+" { x += 1 }
                guard x < slot.maxX else { continue }
                var digits = "", cells = [y * 1000 + x]
                var d = x + 1
                while let v = Character(b[d, y].character).wholeNumberValue { digits += String(v); cells.append(y * 1000 + d); d += 1 }
                if let n = Int(digits) { found = (n, cells) }
            }
            let (n, cells) = try #require(found, "no +N in layer \(layer)'s last slot")
            #expect(l.shown[layer] + n == 64)
            for c in cells { #expect(!seen.contains(c), "+N over a thumbnail at \(c % 1000),\(c / 1000)") }
        }
        #expect(l.countSlot(layer: 0) == nil && l.countSlot(layer: 3) == nil)
    }

    /// The pictures at every size from 0×0 to 14×14 (and a few thin ones): nothing crashes or draws outside.
    @Test func tinySizesDoNotCrash() throws {
        let model = SnapshotAdapter.model(from: try session("relu-regions-4x4"))
        let map = try #require(model.regions)
        for w in 0...14 { for h in 0...14 {
            var b = Buffer(width: w + 2, height: h + 2)
            var ctx = RenderContext(theme: Theme(mode: .color256))
            let area = Rect(x: 1, y: 1, width: w, height: h)
            NetworkPane.render(model.network, selectedHidden: 1, selectedUnit: 3, into: &b, area: area, focused: true, context: &ctx)
            RegionsPane.render(map, showBoundaries: true, showTest: true, layer: 1, selectedUnit: 2, into: &b, area: area,
                               focused: true, context: &ctx)
            ActiveUnitsPane.render(map, showBoundaries: true, layer: 9, into: &b, area: area, focused: false, context: &ctx)
            for x in 0..<b.width { #expect(b[x, 0].character == " " && b[x, b.height - 1].character == " ") }
        } }
    }

    // MARK: keys

    @Test func unitSelectionAndActiveMapKeys() throws {
        var s = Fixtures.state(inputDimension: 2)
        #expect(s.hiddenWidths.first == 16)
        for _ in 0..<20 { _ = Reducer.reduce(&s, .key(.char(">"))) }
        #expect(s.selectedUnit == 15)   // clamped to the 16 units of h1
        _ = Reducer.reduce(&s, .key(.char("<")))
        #expect(s.selectedUnit == 14)
        #expect(s.secondaryPane == .spectrum)
        _ = Reducer.reduce(&s, .key(.char("v")))
        #expect(s.showActiveMap && s.secondaryPane == .activeCount && s.visiblePanes.contains(.activeCount))
        _ = Reducer.reduce(&s, .key(.char("v")))
        #expect(!s.showActiveMap && s.secondaryPane == .spectrum)
        var oneD = Fixtures.state(inputDimension: 1)
        _ = Reducer.reduce(&oneD, .key(.char("v")))
        #expect(!oneD.showActiveMap && oneD.message != nil)
        // A preset that names active_count opens with the map and the boundaries.
        let r = AppState(size: Size(width: 160, height: 48), preset: try PresetLibrary.load("relu-regions"))
        #expect(r.showActiveMap && r.showBoundaries)
    }
}
