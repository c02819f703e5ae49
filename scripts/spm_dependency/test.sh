#!/usr/bin/env bash
# Proves that Mechanist works as a SwiftPM dependency by URL and version (no unsafeFlags in its
# default configuration): commits the working tree as it is now (tracked and untracked files that
# git does not ignore) into a new git repository in a temporary directory, tags it 1.0.0, points
# scripts/spm_dependency's package at it with `.package(url: "file://...", from: "1.0.0")`, builds
# that package and runs it. It needs no network: swift-argument-parser resolves as in the main
# build. Takes a few minutes (a debug build of Mechanist's library targets).
# Usage: scripts/spm_dependency/test.sh   (from anywhere; exits non-zero on failure)
set -euo pipefail
export PATH="/opt/swift/usr/bin:$PATH"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/scripts/spm_dependency"
if [[ -n "${MECHANIST_LLVM_PREFIX:-}" ]]; then
    echo "error: unset MECHANIST_LLVM_PREFIX: a dependency cannot use it (it needs unsafeFlags)" >&2
    exit 2
fi

if ! git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "error: $repo is not a git work tree: the script takes its files from git ls-files" >&2
    exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mechanist-spm-dependency.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The Mechanist "release": the working tree's files, symlinks kept, without .build or anything
# else git ignores, and without files deleted from the tree but not yet from the index.
mkdir "$work/Mechanist"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' file; do [[ -e "$file" || -L "$file" ]] && printf '%s\0' "$file"; done \
    | tar --null -T - -cf -) | tar -C "$work/Mechanist" -xf -
git -C "$work/Mechanist" init -q
git -C "$work/Mechanist" add -A
git -C "$work/Mechanist" -c user.name=Mechanist -c user.email=dev@mechanist.local commit -q -m release
git -C "$work/Mechanist" tag 1.0.0

# The dependent package, pointed at that repository.
mkdir "$work/dependent"
cp -R "$here/Sources" "$work/dependent/"
sed "s|file:///path/to/Mechanist.git|file://$work/Mechanist|" "$here/Package.swift" \
    > "$work/dependent/Package.swift"

cd "$work/dependent"
swift build --disable-dependency-cache
output="$(.build/debug/MechanistDependent)"
echo "$output"
expected="compiled [[[0.9990234375]]]
interpreted [[[0.9990234375]]]"
if [[ "$output" != "$expected" ]]; then
    echo "error: expected:" >&2
    echo "$expected" >&2
    exit 1
fi
# And it was the tagged version that SwiftPM resolved, not a branch or a path.
dependencies="$(swift package show-dependencies --disable-dependency-cache)"
if ! grep -q "Mechanist@1.0.0>" <<<"$dependencies"; then
    echo "error: Mechanist was not resolved at version 1.0.0:" >&2
    echo "$dependencies" >&2
    exit 1
fi
echo "ok: Mechanist 1.0.0 used as a versioned dependency by URL"
