import CGSL

/// A failure reported by GSL, with what was being computed when it happened.
///
/// GSL's own error handler aborts the process; ganflow switches it off once (see
/// ``GSL/ensureReady()``) and turns every non-zero status into this error instead.
public struct GSLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// GSL's status code (`GSL_EDOM`, `GSL_EROUND`, `GSL_EMAXITER`, …).
    public let code: Int32
    /// GSL's text for the code (`gsl_strerror`).
    public let reason: String
    /// What ganflow asked GSL for, in words, with the inputs that matter.
    public let context: String

    public init(code: Int32, context: String) {
        GSL.ensureReady()
        self.code = code
        self.reason = String(cString: gsl_strerror(code))
        self.context = context
    }

    public var description: String {
        "GSL error \(code) (\(reason)) while \(context)"
    }

    /// GSL judged an integral or series divergent (`GSL_EDIVERGE`).
    public var isDivergent: Bool { Int(code) == GSL_EDIVERGE }
}

/// The one place where ganflow talks to GSL's global error state.
public enum GSL {
    /// Switches GSL's abort-on-error handler off exactly once, thread-safely (a global
    /// `let` is initialised lazily under `swift_once`). Every wrapper that calls GSL
    /// touches it first, so no GSL call can run with the default handler active.
    private static let handlerOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Makes sure GSL's default (aborting) error handler is off. Cheap after the first call.
    @inline(__always)
    public static func ensureReady() {
        _ = handlerOff
    }

    /// A GSL object from its `…_alloc` call, made after ``ensureReady()``; a null pointer
    /// (GSL out of memory) is a ``GSLError`` with `GSL_ENOMEM` saying what was being allocated.
    static func allocate<P>(_ what: @autoclosure () -> String, _ alloc: () -> P?) throws -> P {
        ensureReady()
        guard let p = alloc() else { throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating \(what())") }
        return p
    }

    /// Throws ``GSLError`` unless `status` is `GSL_SUCCESS`.
    @inline(__always)
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        if Int(status) != GSL_SUCCESS {
            throw GSLError(code: status, context: context())
        }
    }
}

/// Checks that every number is finite, throwing ``InvalidArgument`` naming `what` otherwise.
@inline(__always)
func requireFinite(_ values: Double..., what: @autoclosure () -> String) throws {
    for v in values where !v.isFinite {
        throw InvalidArgument("\(what()): expected a finite number, got \(v)")
    }
}
