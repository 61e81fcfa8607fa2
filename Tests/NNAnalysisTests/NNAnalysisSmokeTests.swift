import Testing
@testable import NNAnalysis

@Test func NNAnalysisModuleLoads() { #expect(Bool(true)) }
