// A package that checks its own scheme imports Verification and gets the vocabulary the
// battery speaks (densities from Analytic, grids and flows from Sim) with it, the way an
// umbrella module re-exports its parts.
@_exported import Analytic
@_exported import Sim
