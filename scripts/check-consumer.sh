#!/usr/bin/env bash
# Proves that a package can depend on nnviz by version and use its library products: clones this
# repository's committed HEAD into a temporary directory, tags the clone 99.0.0, and builds and runs a tiny
# consumer package that declares `.package(url: "file://<clone>", from: "99.0.0")` and uses NNCore and
# NNAnalysis. SwiftPM refuses a versioned dependency whose targets carry unsafe flags, so this fails if any
# come back. Uncommitted changes are not part of the check. Prints "consumer: ok" on success.
#
#   scripts/check-consumer.sh            # debug build of the consumer (about 1-2 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git clone -q "$root" "$tmp/nnviz"
git -C "$tmp/nnviz" -c user.name=consumer-check -c user.email=consumer-check@localhost \
    tag -a 99.0.0 -m "consumer check"

mkdir -p "$tmp/consumer/Sources/Consumer"
cat > "$tmp/consumer/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "file://$tmp/nnviz", from: "99.0.0")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [
            .product(name: "NNCore", package: "nnviz"),
            .product(name: "NNAnalysis", package: "nnviz"),
        ]),
    ]
)
SWIFT
cat > "$tmp/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import NNAnalysis
import NNCore

// A 1-8-1 tanh net on five points: the Hessian through NNAnalysis, its eigenvalues, and a check that their
// sum equals its trace (so the kernels ran and computed something consistent).
var rng = SeededRNG(seed: 7)
var model = MLP(sizes: [1, 8, 1], hidden: .tanh)
model.initialize(.xavier, rng: &rng)
let data = Dataset(inputSize: 1, targetSize: 1, x: [-1, -0.5, 0, 0.5, 1], y: [0.5, -0.25, 1, 0, 0.75])
let op = try HessianOperator(model: model, loss: .mse, data: data)
let P = model.parameterCount
let h = op.fullHessian()
let eigenvalues = SymmetricEigensolver.eigenvalues(h, n: P)
let trace = (0..<P).reduce(0.0) { $0 + h[$1 * P + $1] }
let sum = eigenvalues.reduce(0, +)
guard abs(trace - sum) <= 1e-9 * max(1, abs(trace)) else { fatalError("trace \(trace) != Σλ \(sum)") }
print("kernel path \(CPUDispatch.active.rawValue): P = \(P), λ \(eigenvalues.first!)…\(eigenvalues.last!), trace \(trace)")
SWIFT
cd "$tmp/consumer"
swift build 2>&1 | tail -n 5
"$(swift build --show-bin-path)/Consumer"
echo "consumer: ok"
