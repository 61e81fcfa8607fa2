import Testing
@testable import NNCore

@Test func NNCoreModuleLoads() { #expect(Bool(true)) }
