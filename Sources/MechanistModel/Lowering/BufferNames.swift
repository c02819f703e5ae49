/// Buffer names joined from parts in one allocation: lowering names several buffers per node
/// (`n12.function.slope`), and string interpolation or `+` cost a few allocations and
/// growths each, a good part of lowering a 100k-node model (issue 13).
enum BufferNames {
    /// `a`, then `b`, then `c`, as one string.
    static func joined(_ a: String, _ b: String, _ c: String) -> String {
        var a = a, b = b, c = c
        return a.withUTF8 { a in
            b.withUTF8 { b in
                c.withUTF8 { c in
                    String(unsafeUninitializedCapacity: a.count + b.count + c.count) { out in
                        var end = out.initialize(fromContentsOf: a)
                        end = out[end...].initialize(fromContentsOf: b)
                        return out[end...].initialize(fromContentsOf: c)
                    }
                }
            }
        }
    }
}
