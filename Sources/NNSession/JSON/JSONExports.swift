// JSON values, the reader and the writer live in NNJSON (a leaf module that TerminalUI uses too); every
// user of NNSession sees them as before.
@_exported import NNJSON
