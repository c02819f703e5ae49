// The `mechanist` executable: a thin main over MechanistCommands, which tests run in-process.
import Foundation
import MechanistCommands

CLI.start()
let (code, out, err) = CLI.run(Array(CommandLine.arguments.dropFirst()))
FileHandle.standardOutput.write(Data(out.utf8))
FileHandle.standardError.write(Data(err.utf8))
CLI.finish()
exit(code)
