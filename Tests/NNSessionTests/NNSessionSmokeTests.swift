import Testing
@testable import NNSession

@Test func NNSessionModuleLoads() { #expect(Bool(true)) }
