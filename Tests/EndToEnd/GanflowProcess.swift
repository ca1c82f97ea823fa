import Foundation
import Testing

/// The built `ganflow` binary run as a user runs it: arguments in, exit status, standard
/// output and standard error out, bounded in time.
///
/// The binary is found beside the test bundle (`swift build --build-tests` builds both into
/// the same folder, debug or release). A run that outlives its time limit is killed and
/// reported as a hang.
struct GanflowProcess {
    struct Result: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        let seconds: Double
        let timedOut: Bool

        /// The non-empty lines of standard error.
        var errorLines: [Substring] { stderr.split(separator: "\n") }

        /// The lines of a `check` report that name a failed property (`FAIL …`), so that a
        /// failing test says which check failed even when the report is long.
        var failedChecks: String {
            stdout.split(separator: "\n").filter { $0.contains("FAIL") }.map { String($0.prefix(300)) }.joined(separator: "\n")
        }

        var description: String {
            "status \(status) after \(String(format: "%.2f", seconds)) s\(timedOut ? " (killed: time limit)" : "")\n"
                + "stdout: \(stdout.prefix(600))\nstderr: \(stderr.prefix(600))"
        }
    }

    /// `.build/<configuration>/ganflow`, next to the test executable.
    static let binary: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        // On Linux the tests run from `ganflowPackageTests.xctest` in the build folder.
        while !dir.path.isEmpty, dir.path != "/" {
            let candidate = dir.appendingPathComponent("ganflow")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("ganflow")
    }()

    /// The repository root (for the README's example files).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `ganflow arguments…` in `directory`, killing it after `limit` seconds.
    static func run(_ arguments: [String], limit: Double = 60, in directory: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = directory ?? root
        // Output goes to files (no pipe to drain while the process runs).
        let scratch = try scratch("run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        let start = Date()
        try p.run()
        var timedOut = false
        while p.isRunning {
            if Date().timeIntervalSince(start) > limit {
                timedOut = true
                p.terminate()
                usleep(200_000)
                if p.isRunning { kill(p.processIdentifier, SIGKILL) }
                break
            }
            usleep(5_000)
        }
        p.waitUntilExit()
        let outData = (try? Data(contentsOf: outURL)) ?? Data(), errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      seconds: Date().timeIntervalSince(start), timedOut: timedOut)
    }

    /// A fresh empty directory under the system's temporary folder.
    static func scratch(_ name: String = #function) throws -> URL {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ganflow-e2e-\(clean)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The contract every hostile input must meet: exit 0 with output, or a non-zero status with
/// exactly one line on stderr that starts with `ganflow:` and quotes at most ~240
/// characters — and never a crash (signal), a hang, or a stray second line.
func expectOneLineFailure(_ r: GanflowProcess.Result, status: Int32? = nil, mentioning words: [String] = [],
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!r.timedOut, "hang: \(r)", sourceLocation: sourceLocation)
    #expect(r.status != 0, "expected a failure: \(r)", sourceLocation: sourceLocation)
    if let s = status { #expect(r.status == s, "status: \(r)", sourceLocation: sourceLocation) }
    // A signal shows as a status > 128 from the shell, or Process's uncaught-signal status.
    #expect(r.status < 128, "killed by a signal: \(r)", sourceLocation: sourceLocation)
    #expect(r.errorLines.count == 1, "expected one line on stderr: \(r)", sourceLocation: sourceLocation)
    if let line = r.errorLines.first {
        // Booleans first, so a failure message shows a clipped line, not the whole input.
        let shown = line.prefix(300)
        let prefixed = line.hasPrefix("ganflow: "), short = line.count <= 300
        #expect(prefixed, "\(shown)", sourceLocation: sourceLocation)
        #expect(short, "stderr line of \(line.count) characters: \(shown)", sourceLocation: sourceLocation)
        for w in words {
            let found = line.contains(w)
            #expect(found, "expected '\(w)' in: \(shown)", sourceLocation: sourceLocation)
        }
    }
}
