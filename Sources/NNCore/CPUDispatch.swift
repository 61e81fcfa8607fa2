import CNNKernels

/// A version of the numeric kernels for one instruction set. All paths give the same bits; they differ only
/// in speed. `avx512` needs AVX-512 F, DQ, BW and VL (plus AVX2 and FMA); `avx2` needs AVX2 and FMA; `neon`
/// exists on arm64 only; `baseline` runs on any CPU of the architecture (SSE2 on x86-64, where fused
/// multiply-adds then go through libm's exact `fma`: correct, but many times slower).
public enum KernelPath: String, CaseIterable, Sendable {
    case baseline, avx2, avx512, neon

    var code: Int32 {
        switch self {
        case .baseline: Int32(NNK_PATH_BASELINE)
        case .avx2: Int32(NNK_PATH_AVX2)
        case .avx512: Int32(NNK_PATH_AVX512)
        case .neon: Int32(NNK_PATH_NEON)
        }
    }

    init?(code: Int32) {
        guard let p = KernelPath.allCases.first(where: { $0.code == code }) else { return nil }
        self = p
    }

    /// Whether this CPU (and this build's architecture) can run the path.
    public var isSupported: Bool { nnk_path_supported(code) != 0 }
}

/// Chooses the kernel path once per process: the one `NNVIZ_CPU` names (`baseline`, `avx2`, `avx512`,
/// `neon`), else the best the CPU supports (`__builtin_cpu_supports` on x86-64).
public enum CPUDispatch {
    /// Paths this CPU supports, in ``KernelPath`` order.
    public static var supported: [KernelPath] { KernelPath.allCases.filter(\.isSupported) }

    /// The best path this CPU supports.
    public static var best: KernelPath { KernelPath(code: nnk_best_path()) ?? .baseline }

    /// The path in use (on this thread: see ``withPath(_:_:)``).
    public static var active: KernelPath { KernelPath(code: nnk_active_path()) ?? .baseline }

    /// Switches every later kernel call to `path`; false (nothing changed) when the CPU cannot run it.
    @discardableResult
    public static func select(_ path: KernelPath) -> Bool { nnk_select_path(path.code) == 0 }

    /// Runs `body` with the kernels of `path` on the calling thread only (the rest of the process keeps its path),
    /// for comparing paths in one process. `body` must not suspend (it would resume on another thread).
    /// Precondition: `path.isSupported`.
    public static func withPath<R>(_ path: KernelPath, _ body: () throws -> R) rethrows -> R {
        let previous = nnk_set_thread_path(path.code)
        precondition(previous != -2, "kernel path \(path.rawValue) is not supported on this CPU")
        defer { nnk_set_thread_path(previous) }
        return try body()
    }

    /// Applies `NNVIZ_CPU`: nil when it is unset or names a path this CPU runs (now selected), else the one-line
    /// error to print (the caller exits with status 2). Kernels apply it themselves on first use too, printing
    /// that line and exiting with status 2.
    public static func configureFromEnvironment() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let status = buffer.withUnsafeMutableBufferPointer { nnk_configure_from_environment($0.baseAddress, $0.count) }
        guard status != 0 else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
