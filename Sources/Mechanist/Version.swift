/// The library's version, as the C API reports it (`mechanist_version()`).
package enum MechanistVersion {
    package static let string = "0.1.0"
}
