import Foundation

/// A file ganflow writes (`--csv`, `--step-log`, the report's files): written whole to a
/// temporary file beside the target and renamed over it, so a reader never sees half a
/// file and a killed run leaves the old file (or none).
///
/// The target must be a regular file or not exist: renaming over a device, a directory, a
/// socket or a FIFO would replace it (as root, `/dev/null` included), so those are refused,
/// and a symbolic link is refused rather than silently replaced by a file.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try requireWritableTarget(path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temp.path, contents: Data(text.utf8)) else {
            throw OutputError("cannot write \(Self.quoted(path)): \(Self.reasonForCreate(at: temp.path))")
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw OutputError("cannot write \(Self.quoted(path)): \(reason)")
        }
    }

    /// Refuses a target that exists and is not a regular file.
    static func requireWritableTarget(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            let what = type == S_IFDIR ? "a directory" : type == S_IFLNK ? "a symbolic link" : "not a regular file"
            throw OutputError("refusing to write \(Self.quoted(path)): it exists and is \(what)")
        }
    }

    /// Why a file cannot be created at `path` (its directory missing or not writable).
    static func reasonForCreate(at path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let d = dir.isEmpty ? "." : dir
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: d, isDirectory: &isDir) { return "directory \(quoted(d)) does not exist" }
        if !isDir.boolValue { return "\(quoted(d)) is not a directory" }
        if access(d, W_OK) != 0 { return "directory \(quoted(d)) is not writable" }
        return "the file system refused it"
    }

    /// A path as it appears in a message: quoted, at most 120 characters.
    static func quoted(_ s: String) -> String { "'" + InputEcho.clip(s, 120) + "'" }
}

/// An I/O failure of the command line, printed as one line.
struct OutputError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Input quoted in messages is clipped, so a hostile argument or file cannot flood the
/// terminal: at most `limit` characters, with the omitted count.
enum InputEcho {
    static func clip(_ s: String, _ limit: Int = 200) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\r", with: "")
        guard flat.count > limit else { return flat }
        return String(flat.prefix(limit)) + "… (\(flat.count - limit) more characters)"
    }
}
