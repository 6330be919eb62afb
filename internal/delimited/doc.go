// Package delimited is the engine for space-delimited patterns (§4): it splits a message
// into tokens, aligns them with the pattern's fields, checks the field conditions and reports
// the extracted values, all without allocating per event.
//
// Choices made where §4 leaves room (library design, not AWS behaviour):
//   - Ref accepts "$N" only as extracted keys are spelled: N ≥ 1 without sign or leading
//     zeros; "$07" or "$+7" can never have a value.
//   - Up to 64 fields after "..." are matched in one pass with a stack ring of the last tokens;
//     more fields make Match scan the message twice. Results are identical.
//   - AppendExtract on a []byte event copies the event once and slices every value from that
//     copy; AppendExtractString slices the caller's string and allocates nothing beyond dst.
//
// Reference is a literal transcription of §4.2–4.5 kept for differential testing.
package delimited
