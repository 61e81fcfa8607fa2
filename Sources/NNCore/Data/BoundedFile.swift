import Foundation

/// Reading a user's file with a size cap, safely: every file nnviz reads (presets, session files, CSV data)
/// goes through ``read(_:limit:)``.
///
/// - Only regular files are read. The path is opened with `O_NONBLOCK` (so a FIFO with no writer cannot
///   block the open) and checked with `fstat` before a byte is read: a FIFO, a device (`/dev/zero`), a
///   socket or a directory is refused with one line. Symbolic links are followed, and what they lead to
///   is checked the same way (a link to `/dev/zero` is refused like `/dev/zero` itself).
/// - The cap is enforced while reading, not after: a file that grows (or lies about its size) stops being
///   read one chunk after the cap, so memory stays bounded by the cap.
public enum BoundedFile {
    /// Why a file was not read, as the part of a one-line message after the file name.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        case directory
        /// Not a regular file: `kind` says what it is ("a FIFO", "a character device", …).
        case notRegular(kind: String)
        case permissionDenied
        case tooLarge(limit: Int)
        case readError(String)

        public var description: String {
            switch self {
            case .missing: return "no such file"
            case .directory: return "is a directory (expected a file)"
            case .notRegular(let kind): return "is \(kind) (expected a regular file)"
            case .permissionDenied: return "cannot read the file (permission denied)"
            case .tooLarge(let limit): return "file larger than \(BoundedFile.describe(bytes: limit)) (the limit for this kind of file)"
            case .readError: return "cannot read the file (read error)"
            }
        }

        /// True when the user named something that is not there or not a file (exit 2 rather than 1).
        public var isUsageError: Bool {
            switch self {
            case .missing, .directory, .notRegular: return true
            default: return false
            }
        }
    }

    /// 64 MiB: presets and session files.
    public static let jsonLimit = 64 << 20
    /// 64 MiB: CSV data files.
    public static let csvLimit = 64 << 20

    /// "64 MiB", "512 KiB", "100 bytes".
    public static func describe(bytes n: Int) -> String {
        if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10 && n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        return "\(n) bytes"
    }

    /// What a `st_mode` names, for messages ("a FIFO", "a character device", …); nil for a regular file.
    public static func kind(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Whether `path` (following links) is a regular file, and if not, what it is. Does not open it.
    public static func check(_ path: String) -> Failure? {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { return .missing }
            if e == EACCES { return .permissionDenied }
            return .readError(String(cString: strerror(e)))
        }
        if st.st_mode & S_IFMT == S_IFDIR { return .directory }
        if let k = kind(mode: st.st_mode) { return .notRegular(kind: k) }
        return nil
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        // stat first: opening some devices has side effects, and a directory needs its own message.
        if let problem = check(path) { return .failure(problem) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT || e == ENOTDIR { return .failure(.missing) }
            if e == EACCES || e == EPERM { return .failure(.permissionDenied) }
            if e == EISDIR { return .failure(.directory) }
            return .failure(.readError(String(cString: strerror(e))))
        }
        defer { close(fd) }
        // The file may have been swapped between stat and open: check what was actually opened.
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.readError(String(cString: strerror(errno)))) }
        if st.st_mode & S_IFMT == S_IFDIR { return .failure(.directory) }
        if let k = kind(mode: st.st_mode) { return .failure(.notRegular(kind: k)) }
        if Int(st.st_size) > limit { return .failure(.tooLarge(limit: limit)) }
        var out: [UInt8] = []
        out.reserveCapacity(Swift.min(Int(st.st_size), limit) + 1)
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.readError(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            if out.count + n > limit { return .failure(.tooLarge(limit: limit)) }
            out.append(contentsOf: buffer[0..<n])
        }
        return .success(out)
    }
}
