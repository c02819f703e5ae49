// swift-tools-version:6.0
// A package that uses Mechanist as any other package would: by URL and version. The URL below
// is a placeholder that scripts/spm_dependency/test.sh replaces with a local git clone tagged
// 1.0.0 (see that script); a real user names Mechanist's repository instead.
import PackageDescription

let package = Package(
    name: "MechanistDependent",
    dependencies: [
        .package(url: "file:///path/to/Mechanist.git", from: "1.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "MechanistDependent",
            dependencies: [.product(name: "Mechanist", package: "Mechanist")]),
    ]
)
