// Telling when RE2 takes a slow path without saying so.
//
// RE2 reports kOutOfMemory from a Set only when its DFA cache cannot hold
// a single state (decruft makes that a hard error). A DFA whose states do
// not fit in its budget instead clears its cache and goes on (a Set), or
// gives up and runs the NFA (a single RE2): both in silence, and both many
// times slower. RE2 calls two hooks for these events (re2::hooks in
// re2.h): DFAStateCacheReset and DFASearchFailure. Debian's shared
// libre2.so does not export them (its version script keeps them local);
// its static libre2.a has them, and decruft links that. The hooks are
// declared weak here, so that a program that links decruft's library with
// the shared libre2 still links; available() is then false and nothing is
// counted.
//
// A reset counts as thrashing by RE2's own test of a DFA that has become
// slower than the NFA (dfa.cc, where a single RE2 gives its DFA up): fewer
// than 10 bytes of text were scanned for each state in the cache since the
// previous reset. The bytes are those the engine hands to RE2 on this
// thread (scanned()); a Set's cache is shared by the threads using it, so
// with several threads the count is an estimate, and it is reported, never
// part of the output.
//
// The hooks are process-wide: installing them replaces any a program set
// before (RE2 keeps one of each).
#pragma once

#include <cstdint>
#include <string>

namespace decruft::re2_watch {

// Installs the hooks the first time; whether RE2 calls them.
bool available();

struct Counts {
  uint64_t set_resets = 0;     // an RE2::Set's DFA cache cleared
  uint64_t set_thrashing = 0;  // ... after fewer than 10 bytes a state
  uint64_t re2_thrashing = 0;  // a single pattern's DFA, the same test
  uint64_t nfa_fallbacks = 0;  // a single pattern's DFA gave up: the NFA ran
  bool slow() const { return set_thrashing || re2_thrashing || nfa_fallbacks; }
};

// This thread's counts since it started.
const Counts& counts();
// What happened between two counts() of one thread.
Counts operator-(const Counts& after, const Counts& before);

// "a rule Set's DFA cache thrashed (cleared 57 times); ...": what slowed
// RE2, for a warning. Empty when !c.slow().
std::string describe(const Counts& c);
// "RE2 matched it on a slow path: " and describe(c); empty when !c.slow().
// The CLI and the library both say it this way.
std::string warning(const Counts& c);

// Bytes of text this thread has handed to RE2: the engine adds each line.
uint64_t& scanned();

// Set while this thread is in RE2::Set::Match, so that a reset is put down
// to the Set and not to the single RE2 that matched last.
bool& in_set();

}  // namespace decruft::re2_watch
