#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two clocks the runner reports: monotonic wall time and this process's CPU time
/// (user + system, all threads), in seconds.
public enum ProcessClock {
    public static func wall() -> Double { read(CLOCK_MONOTONIC) }
    public static func cpu() -> Double { read(CLOCK_PROCESS_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
