import Testing
import NNAnalysis
import NNCore
import NNSession
@testable import Dashboard
@testable import PaneModels

/// The lecture panes' data from real sessions: the adapter's Jacobians and counts, the background jobs
/// (timings, NTK run, gradcheck) and their keys.
@Suite struct LectureJobTests {
    @Test func kroneckerSnapshotCarriesCheckedJacobians() throws {
        var session = try Session(preset: try PresetLibrary.load("kronecker"), recordsHistory: false)
        session.step(20)
        let m = SnapshotAdapter.model(from: session.snapshot())
        #expect(m.featuredPane == .jacobian)
        let j = try #require(m.jacobian)
        #expect(j.layers.count == 3 && j.skippedFrom == nil)
        for v in j.layers {
            #expect(v.column.count == v.outputs * v.outputs * v.inputs)
            #expect((v.columnDiff ?? 1) < 1e-12 && (v.rowDiff ?? 1) < 1e-12)
            // Row stacking is the column stacking with columns permuted: the same multiset of values.
            #expect(v.column.sorted() == v.row.sorted())
        }
        var s = AppState(size: .init(width: 100, height: 30), preset: session.preset)
        #expect(s.presetPane == .jacobian && s.mainPane == .jacobian && s.secondaryPane == .spectrum)
        _ = Reducer.reduce(&s, .snapshot(m))
        #expect(s.secondaryPane == .regions, "2D input: the regions map moves beside the Jacobian")
        #expect(LectureJobs.key(featured: s.presetPane, snapshot: session.snapshot()) == nil)
    }

    @Test func gradcheckJobMatchesTheLibraryAndRefusesHugeNets() throws {
        var session = try Session(preset: try PresetLibrary.load("kronecker"), recordsHistory: false)
        session.step(10)
        guard case .done(let table) = LectureJobs.gradcheck(session.snapshot()) else {
            Issue.record("no table")
            return
        }
        #expect(table.passes && table.parameters == 30 && table.points == LectureJobs.gradcheckPoints)
        #expect(table.rows.map(\.name) == ["W1", "b1", "W2", "b2", "W3", "b3"])
        let data = session.data.train
        let first = Dataset(inputSize: 2, targetSize: 1, x: Array(data.x[0..<128]), y: Array(data.y[0..<64]))
        let direct = try GradientCheck.run(model: session.model, objective: Objective(loss: .mse), data: first)
        #expect(table.overall.maxRelativeDifference == direct.overall.maxRelativeDifference)
        var wide = try PresetLibrary.load("kronecker")
        wide = wide.settingHiddenWidth(0, to: 80).settingHiddenWidth(1, to: 80)
        guard case .failed(let why) = LectureJobs.gradcheck(try Session(preset: wide).snapshot()) else {
            Issue.record("a P > 5000 net should be refused")
            return
        }
        #expect(why.contains("nnviz gradcheck --preset"))
    }

    @Test func costJobMeasuresTheCurrentShape() throws {
        let session = try Session(preset: try PresetLibrary.load("autodiff-cost"), recordsHistory: false)
        let snap = session.snapshot()
        #expect(LectureJobs.key(featured: .autodiffCost, snapshot: snap) == "cost [2, 16, 16, 1]")
        var updates: [LectureUpdate] = []
        LectureJobs.run(featured: .autodiffCost, snapshot: snap, isCancelled: { false }, post: { updates.append($0) })
        guard case .cost(let c) = try #require(updates.last) else { Issue.record("\(updates)"); return }
        #expect(c.sizes == [2, 16, 16, 1] && c.measuredPoints == LectureJobs.costPoints)
        #expect((c.reverseSeconds ?? 0) > 0 && (c.forwardSeconds ?? 0) > 0)
        #expect(SnapshotAdapter.model(from: snap).autodiffCounts == GradientCostModel(sizes: [2, 16, 16, 1]))
    }

    @Test func ntkJobPostsPartialCurvesAndStopsWhenCancelled() throws {
        let session = try Session(preset: try PresetLibrary.load("ntk-lazy"), recordsHistory: false)
        let snap = session.snapshot()
        let key = try #require(LectureJobs.key(featured: .ntk, snapshot: snap))
        #expect(key.hasPrefix("ntk [1, 16, 1] tanh he"))
        var posts: [NTKDriftResult] = []
        let config = NTKDriftConfig(steps: 40, every: 20)
        LectureJobs.run(featured: .ntk, snapshot: snap, ntkConfig: config, isCancelled: { false }, post: {
            if case .ntk(let r) = $0 { posts.append(r) }
        })
        #expect(posts.count == 4 && posts.last?.isComplete == true, "step 0, 20, 40 and the final result")
        var calls = 0
        LectureJobs.run(featured: .ntk, snapshot: snap, ntkConfig: config, isCancelled: { calls += 1; return calls > 1 },
                        post: { _ in })
        #expect(calls == 2, "stopped at the first check after it was cancelled")
    }
}
