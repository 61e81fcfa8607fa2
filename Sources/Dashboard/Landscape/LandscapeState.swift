import NNAnalysis
import PaneModels

/// The landscape, sharpness and flat-directions panes' part of the dashboard state: which of them holds the
/// big slot, the landscape's directions, the latest results and which jobs are out. Reset by a rebuild
/// (new weights), except the choices (pane, directions, step axis).
public struct LandscapeState: Sendable, Equatable {
    /// The analysis pane in the big slot (`l`, `p`, `y`); nil: the preset's main pane.
    public var pane: PaneID?
    /// The landscape plane's directions (`j` cycles hessian → random → trajectory).
    public var directions: LandscapeDirectionKind = .hessian
    public var landscape: LandscapeViewModel?
    public var landscapeComputing = false
    /// Step and time of the snapshot the last landscape job started on.
    public var landscapeStep: Int?
    public var landscapeTime: Double?
    public var sharpness: SharpnessViewModel?
    public var sharpnessComputing = false
    public var flat: FlatDirectionsViewModel?
    public var flatComputing = false
    public var flatStep: Int?
    public var flatTime: Double?
    /// Why the shown pane's last job failed (shown in its title; nil when it did not).
    public var failure: String?
    /// The sharpness pane's step axis (`L`): log (true) or linear.
    public var logSteps = true

    /// The least time between two landscape (flat-directions) jobs while training moves, in seconds: the
    /// worker leaves the training thread some of the machine.
    public static let landscapeInterval = 0.5
    public static let flatInterval = 2.0

    public init() {}

    /// Forgets the results of the old weights (a rebuild); keeps the pane, directions and step axis.
    public mutating func reset() {
        landscape = nil; landscapeComputing = false; landscapeStep = nil; landscapeTime = nil
        sharpness = nil; sharpnessComputing = false
        flat = nil; flatComputing = false; flatStep = nil; flatTime = nil
        failure = nil
    }

    /// The panes this state can put in the big slot, and the preset view's names for them.
    public static let panes: [PaneID] = [.landscape, .sharpness, .flatDirections]
}

/// A landscape-pane job's result, for the snapshot of build `build`.
public enum LandscapeUpdate: Sendable, Equatable {
    /// The landscape on the plane of `directions` (or why not).
    case landscape(LandscapeViewModel?, failure: String?, directions: LandscapeDirectionKind)
    /// λmax, λmin at `step`, with the optimiser's stability limit at the learning rate of that snapshot.
    case sharpness(step: Int, lambdaMax: Double, lambdaMin: Double, limit: Double?, limitLabel: String)
    /// λmax could not be had (weights or objective not finite).
    case sharpnessFailed
    /// The flat directions (or why not).
    case flat(FlatDirectionsViewModel?, failure: String?)
}
