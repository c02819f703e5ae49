// `import Mechanist` is all a user of the Swift API needs: models, programs and executables.
@_exported import MechanistIR
@_exported import MechanistModel
