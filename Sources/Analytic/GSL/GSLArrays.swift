import CGSL

/// An owned `gsl_vector` filled from a Swift array.
final class GSLVector {
    let pointer: UnsafeMutablePointer<gsl_vector>
    init(_ values: [Double]) throws {
        GSL.ensureReady()
        guard let v = gsl_vector_alloc(max(1, values.count)) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a vector of \(values.count)")
        }
        pointer = v
        for (i, x) in values.enumerated() { v.pointee.data[i * v.pointee.stride] = x }
    }
    deinit { gsl_vector_free(pointer) }
    static func read(_ v: UnsafePointer<gsl_vector>, _ n: Int) -> [Double] {
        (0..<n).map { gsl_vector_get(v, $0) }
    }
    var values: [Double] { GSLVector.read(pointer, pointer.pointee.size) }
}

/// An owned `gsl_matrix` filled from a row-major Swift array.
final class GSLMatrix {
    let pointer: UnsafeMutablePointer<gsl_matrix>
    init(rows: Int, columns: Int, rowMajor: [Double]) throws {
        GSL.ensureReady()
        guard rows > 0, columns > 0, rowMajor.count == rows * columns else {
            throw InvalidArgument("matrix \(rows)×\(columns) from \(rowMajor.count) entries")
        }
        guard let m = gsl_matrix_alloc(rows, columns) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a \(rows)×\(columns) matrix")
        }
        pointer = m
        // gsl_matrix_alloc gives a dense block with tda == columns: copy row-major at once.
        rowMajor.withUnsafeBufferPointer { src in
            for i in 0..<rows {
                let row = m.pointee.data + i * m.pointee.tda
                row.update(from: src.baseAddress! + i * columns, count: columns)
            }
        }
    }
    init(rows: Int, columns: Int) throws {
        GSL.ensureReady()
        guard let m = gsl_matrix_calloc(rows, columns) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a \(rows)×\(columns) matrix")
        }
        pointer = m
    }
    deinit { gsl_matrix_free(pointer) }
    func get(_ i: Int, _ j: Int) -> Double { gsl_matrix_get(pointer, i, j) }
}

/// Checks every element is finite.
func requireFinite(_ values: [Double], what: @autoclosure () -> String) throws {
    for v in values where !v.isFinite {
        throw InvalidArgument("\(what()): expected finite numbers, got \(v)")
    }
}
