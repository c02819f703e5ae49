// `import Mechanist` is all a user of the Swift API needs: models, compile, executables and
// their results. The IR (MechanistIR) is not re-exported: it is the package's own business, so
// a new Op case is not a source break for users.
@_exported import MechanistModel
