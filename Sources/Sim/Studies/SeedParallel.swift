import Foundation

/// Runs independent per-seed computations on all cores and returns their results in seed
/// order. Each index is computed exactly once from its own seed, so the output does not
/// depend on scheduling: the same plan gives the same numbers on any number of cores.
/// The first error by index is rethrown (after every index has finished).
///
/// `body` must be safe to call concurrently: it may read values shared between seeds (the
/// target, the flow's solution, the algorithm's settings) but must write none — every
/// study's seed run is a pure function of its seed.
public enum SeedParallel {
    public static func map<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
        precondition(count >= 0)
        var results = [Result<T, Error>?](repeating: nil, count: count)
        let lock = NSLock()
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let slots = buffer
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    let r = Result { try work(i) }
                    // Each iteration writes only its own slot; the lock orders the writes
                    // for the memory model without serialising the work.
                    lock.lock(); slots[i] = r; lock.unlock()
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}
