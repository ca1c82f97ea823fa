// Placeholder so that the Convergence test target (declared in Package.swift) has a source
// file on this branch; the solver work adds the real convergence tests here.
import Testing
