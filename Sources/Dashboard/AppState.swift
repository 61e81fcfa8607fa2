import PaneModels
import TerminalUI

/// What the user has asked the model to be: the editable part of a preset. The reducer keeps it
/// valid (widths ≥ 1, lr finite and > 0, at least one hidden layer); the runtime turns it into a
/// session.
public struct ModelConfig: Sendable, Equatable {
    public var hiddenWidths: [Int]
    public var activation: String
    public var optimizer: String
    public var learningRate: Double
    public var dataset: String
    public var seed: UInt64
    public var noiseSeed: UInt64

    public init(hiddenWidths: [Int], activation: String, optimizer: String, learningRate: Double,
                dataset: String, seed: UInt64, noiseSeed: UInt64 = 0) {
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.dataset = dataset
        self.seed = seed
        self.noiseSeed = noiseSeed
    }

    public static let maxWidth = 512
    public static let maxDepth = 12
    public static let learningRateRange: ClosedRange<Double> = 1e-6...10
}

/// Choices the cycling keys (`o`, `a`, `d`) step through.
public struct Choices: Sendable, Equatable {
    public var activations: [String]
    public var optimizers: [String]
    public var datasets: [String]
    public init(activations: [String], optimizers: [String], datasets: [String]) {
        self.activations = activations
        self.optimizers = optimizers
        self.datasets = datasets
    }
}

/// The whole UI state. A value: the reducer takes it and an event and returns the effects to run.
public struct AppState: Sendable, Equatable {
    public var size: Size
    public var config: ModelConfig
    public var choices: Choices
    public var running = true
    public var stepsPerFrame = 1
    /// Index into `config.hiddenWidths` of the selected hidden layer.
    public var selectedLayer = 0
    /// The focused pane (`Tab`, `z`): the main plot at start (the first snapshot sets it).
    public var focus: PaneID = .fit
    public var zoomed = false
    /// Presentation mode (`--present`): one pane at a time, large caption, minimal status; ← → cycle panes.
    public var presenting = false
    public var showHelp = false
    public var showBoundaries = false
    public var showKinks = true
    public var showTestData = true
    /// The step axis of every history plot (`L`).
    public var stepScale: StepScale = .auto
    public var autoHessian = true
    /// Latest snapshot, as view models.
    public var model: DashboardModel?
    /// Latest Hessian spectrum (nil: none yet or invalidated by a model change).
    public var spectrum: SpectrumViewModel?
    public var hessianComputing = false
    /// `ticks` when the spectrum arrived: its age in seconds is `ticks − spectrumTick` (a tick a second).
    public var spectrumTick = 0
    /// Measured frames and training steps per second (from ticks).
    public var fps: Double = 0
    public var stepsPerSecond: Double = 0
    public var ticks = 0
    /// A short transient message for the hint line (e.g. "width 512 is the maximum").
    public var message: String?
    public var quitRequested = false
    /// The caption row under the panes (`c`); the first snapshot sets it from the preset's `view.caption`.
    public var showCaption = true
    /// Which vec(W) the `jacobian` pane shows (`x`).
    public var jacobianStacking: JacobianStacking = .column
    /// The `g` overlay: nil when closed.
    public var gradcheck: GradcheckOverlay?
    /// Results of the lecture panes' background work (measured autodiff times, the NTK drift run).
    public var lecture = LectureResults()
    /// The lecture pane the preset's view asks for (shown instead of fit/regions; nil: none).
    public var presetPane: PaneID?
    /// Singular values of the end-to-end product over training (from snapshots; reset on a rebuild).
    public var singularValues: SingularValuesViewModel?
    /// The double-descent sweep so far (nil: not started or reset).
    public var doubleDescent: DoubleDescentViewModel?

    public init(size: Size, config: ModelConfig, choices: Choices) {
        self.size = size
        self.config = config
        self.choices = choices
    }

    /// The main plot: the preset's lecture pane if it asks for one, else regions for 2D input, fit otherwise.
    public var mainPane: PaneID { presetPane ?? ((model?.inputDimension ?? 1) == 2 ? .regions : .fit) }

    /// The data plot: regions for 2D input, fit otherwise.
    public var dataPane: PaneID { (model?.inputDimension ?? 1) == 2 ? .regions : .fit }

    /// The top-right pane: the spectrum, except when the big slot holds one of the matrix-calculus, autodiff or
    /// NTK panes and the input is 1D or 2D: then the data plot moves here (what is learnt stays on screen).
    public var secondaryPane: PaneID {
        guard let p = presetPane, [.jacobian, .autodiffCost, .ntk].contains(p),
              let d = model?.inputDimension, d == 1 || d == 2 else { return .spectrum }
        return dataPane
    }

    /// Panes on screen, in focus order: the main plot, then three side panes — the ones the preset's view
    /// names first (``DashboardModel/namedPanes``), then loss, the top-right pane and the network.
    public var visiblePanes: [PaneID] {
        if presetPane?.fillsBody == true { return [mainPane] }
        let main = mainPane
        var side: [PaneID] = []
        for p in (model?.namedPanes ?? []) + [.loss, secondaryPane, .network] where p != main && !side.contains(p) {
            guard side.count < 3 else { break }
            // A lecture pane only ever takes the big slot; a second data plot is the main one again.
            if Self.presetPanes.contains(p) || ((p == .fit || p == .regions) && p == dataPane && main == dataPane) { continue }
            side.append(p)
        }
        return [main] + side
    }

    public static let maxStepsPerFrame = 1024
}

/// Something that happened: input, time, or new results.
public enum AppEvent: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// A frame tick, with measured rates.
    case tick(fps: Double, stepsPerSecond: Double)
    case snapshot(DashboardModel)
    case hessianStarted
    case spectrum(SpectrumViewModel?)
    /// A one-line status from the runtime (e.g. "saved to FILE" or the save's error), shown on the hint line.
    case status(String)
    /// The `g` overlay's table (or why it could not be computed), for the snapshot it was started on.
    case gradcheck(GradcheckOverlay)
    /// A lecture pane's background result (partial NTK curves arrive several times).
    case lecture(LectureUpdate)
    /// The double-descent sweep so far (a worker sends it after each width).
    case doubleDescent(DoubleDescentViewModel)
}

/// Work the runtime must do after a state change. The reducer never does it itself.
public enum Effect: Sendable, Equatable {
    case quit
    case setRunning(Bool)
    case step(Int)
    case setStepsPerFrame(Int)
    case setLearningRate(Double)
    /// Build a new session from `config` (new weights from `config.seed`).
    case rebuild(ModelConfig)
    case computeHessian
    case setAutoHessian(Bool)
    /// Add a training point at input (x, y) with this class label.
    case addPoint(x: Double, y: Double, label: Int)
    /// Write the whole session to a file (atomically); the runtime answers with `.status`.
    case saveSession
    /// Check backprop against central differences on the current snapshot, off the main thread; the
    /// runtime answers with `.gradcheck`.
    case runGradcheck
}
