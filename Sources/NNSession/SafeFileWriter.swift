import Foundation
import NNCore

/// Every file nnviz writes (`--save`, `inspect --out`, `landscape --out`, `export` figures, `--record`)
/// goes through here:
///
/// - **Atomic replace** (``write(_:to:)``): the bytes go to a new temporary file in the target's directory,
///   named `.NAME.tmp-` plus 16 random hex digits and created with `O_CREAT|O_EXCL|O_NOFOLLOW` (a file or
///   link planted under that name makes the open fail instead of being written through), flushed with
///   `fsync`, then renamed over the target. On any failure the temporary file is removed; SIGINT, SIGTERM
///   and SIGHUP arriving during the write (in a process where they would kill it) remove it too.
/// - **A symbolic link at the target is written through**: the file it leads to is replaced and the link
///   stays. A link that leads nowhere is refused.
/// - **The target's permissions are kept** (a 0600 file stays 0600); a new file gets 0666 minus the umask.
/// - **Only regular files are replaced**: a FIFO, a device, a socket or a directory at the target is
///   refused with one line before anything is written.
public enum SafeFileWriter {
    /// The file to write: `path` itself, or where the symbolic link at `path` leads; with the mode bits of
    /// the existing file (nil for a new file). Throws the one-line refusal for targets that are not files.
    public static func resolveTarget(_ path: String) throws(PresetError) -> (path: String, mode: mode_t?) {
        guard !path.isEmpty else { throw PresetError(file: path, path: "", message: "no file name", isUsageError: true) }
        var st = stat()
        if lstat(path, &st) != 0 {
            let e = errno
            guard e == ENOENT else {
                throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(e))))", isUsageError: e == ENOTDIR)
            }
            try requireDirectory(of: path)
            return (path, nil)
        }
        var target = path
        if st.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw PresetError(file: path, path: "",
                                  message: "is a symbolic link to a missing file (nnviz writes through links, so the link must lead to a file)",
                                  isUsageError: true)
            }
            target = String(cString: resolved)
            free(resolved)
            guard stat(target, &st) == 0 else {
                throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(errno))))")
            }
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            throw PresetError(file: path, path: "", message: "is a directory (expected a file name to write)", isUsageError: true)
        }
        if let kind = BoundedFile.kind(mode: st.st_mode) {
            throw PresetError(file: path, path: "", message: "is \(kind) (nnviz only replaces regular files)", isUsageError: true)
        }
        return (target, st.st_mode & 0o7777)
    }

    static func requireDirectory(of path: String) throws(PresetError) {
        let dir = directory(of: path)
        var st = stat()
        guard stat(dir, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw PresetError(file: path, path: "", message: "cannot write: no such directory \(dir)", isUsageError: true)
        }
    }

    static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// Writes `bytes` to `path` atomically, as described above. Throws a one-line ``PresetError`` naming `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(PresetError) {
        let (target, mode) = try resolveTarget(path)
        let dir = directory(of: target)
        let name = (target as NSString).lastPathComponent
        var fd: Int32 = -1
        var tmp = ""
        for _ in 0..<8 {
            var rng = SystemRandomNumberGenerator()
            let suffix = String(rng.next() as UInt64, radix: 16)
            tmp = dir + "/." + name + ".tmp-" + String(repeating: "0", count: 16 - suffix.count) + suffix
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(errno))))")
        }
        PendingTemporary.set(tmp)
        defer { PendingTemporary.clear() }
        var failure: Int32 = 0
        if let mode {
            // Keep the replaced file's permissions (and its group and owner where we may).
            var st = stat()
            if stat(target, &st) == 0 { _ = fchown(fd, st.st_uid, st.st_gid) }
            if fchmod(fd, mode) != 0 { failure = errno }
        } else {
            let mask = umask(0o022)
            umask(mask)
            if fchmod(fd, 0o666 & ~mask) != 0 { failure = errno }
        }
        if failure == 0 {
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let r = Glibc.write(fd, base + offset, raw.count - offset)
                    if r < 0 { if errno == EINTR { continue }; failure = errno; return }
                    offset += r
                }
            }
        }
        SafeFileWriter.afterTemporaryWritten?()
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(tmp, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(tmp)
            throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(failure))))")
        }
    }

    /// Opens `path` for writing a stream (`--record`): the same refusals and link rule as ``write(_:to:)``,
    /// truncated in place (so its permissions are kept) rather than replaced. Returns the descriptor.
    public static func openForStreaming(_ path: String) throws(PresetError) -> Int32 {
        let (target, _) = try resolveTarget(path)
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o666)
        guard fd >= 0 else {
            throw PresetError(file: path, path: "", message: "cannot write (\(String(cString: strerror(errno))))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw PresetError(file: path, path: "", message: "is not a regular file (nnviz only writes regular files)", isUsageError: true)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// Test hook: called after the temporary file is written, before it is renamed (tests raise a signal
    /// here to check the temporary file is removed). nil in normal runs.
    nonisolated(unsafe) public static var afterTemporaryWritten: (() -> Void)?
}

/// The temporary file being written, removed by a signal that would end the process. The path lives in
/// a fixed C buffer so the handler only calls async-signal-safe functions (unlink, signal, raise).
private enum PendingTemporary {
    static let capacity = 4096
    nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    nonisolated(unsafe) static var armed: [Int32] = []
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func set(_ path: String) {
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { return }
        for (i, b) in bytes.enumerated() { buffer[i] = CChar(bitPattern: b) }
        buffer[bytes.count] = 0
        armed = []
        for sig in signals {
            // Only where the signal would kill the process (its action is the default): a dashboard that
            // ignores or handles its signals keeps them, untouched even for an instant.
            var current = sigaction()
            guard sigaction(sig, nil, &current) == 0 else { continue }
            #if canImport(Glibc)
            let isDefault = current.__sigaction_handler.sa_handler == nil && current.sa_flags & SA_SIGINFO == 0
            #else
            let isDefault = current.__sigaction_u.__sa_handler == nil && current.sa_flags & SA_SIGINFO == 0
            #endif
            if isDefault {
                signal(sig, removePendingTemporary)
                armed.append(sig)
            }
        }
    }

    static func clear() {
        for sig in armed { signal(sig, SIG_DFL) }
        armed = []
        buffer[0] = 0
    }
}

private func removePendingTemporary(_ sig: Int32) {
    if PendingTemporary.buffer[0] != 0 { unlink(PendingTemporary.buffer) }
    signal(sig, SIG_DFL)
    raise(sig)
}
