/// The panes of the dashboard. `fit` shows for 1D inputs, `regions` for 2D inputs. The lecture panes
/// (`jacobian`, `autodiff_cost`, `ntk`, `singular_values`, `double_descent`) show when the preset's view asks
/// for them (``AppState/presetPane``).
public enum PaneID: String, Sendable, CaseIterable {
    case fit, regions, loss, spectrum, network
    case jacobian, autodiffCost = "autodiff_cost", ntk
    /// Lecture panes a preset's view asks for (`AppState.presetPane`), shown in the main slot.
    case singularValues = "singular_values"
    case doubleDescent = "double_descent"
    /// Side panes a preset's view may name: the activation scale per layer, the kinks of a 1D fit.
    case activations, kinks
    /// The geometry panes (`l`, `p`, `y`, or a preset's view): the loss on a plane through θ, λmax and λmin
    /// against step, and the Hessian's flat directions over θ. Shown in the main slot.
    case landscape, sharpness, flatDirections = "flat_directions"
    /// The active-unit map (`v`, or a preset that names it): hidden units on at each point of the plane.
    case activeCount = "active_count"

    /// A sweep pane (no network is trained): it fills the body alone.
    public var fillsBody: Bool { self == .doubleDescent }

    /// The panes a preset's view can put in the big slot.
    public static let presetPanes: [PaneID] = [.singularValues, .doubleDescent, .jacobian, .autodiffCost, .ntk]
}
