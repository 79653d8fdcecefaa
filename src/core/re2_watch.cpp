#include "core/re2_watch.hpp"

#include <re2/re2.h>

// Weak: Debian's shared libre2 does not export the hooks (re2_watch.hpp).
namespace re2::hooks {
void SetDFAStateCacheResetHook(DFAStateCacheResetCallback* cb) __attribute__((weak));
void SetDFASearchFailureHook(DFASearchFailureCallback* cb) __attribute__((weak));
}  // namespace re2::hooks

namespace decruft::re2_watch {
namespace {

struct State {
  Counts counts;
  uint64_t scanned = 0;
  uint64_t scanned_at_reset = 0;
  bool in_set = false;
};

State& state() {
  thread_local State s;
  return s;
}

// RE2 calls these on the thread that is matching, inside the match: they
// must not use RE2 and do no more than count.
void on_reset(const re2::hooks::DFAStateCacheReset& r) {
  State& s = state();
  uint64_t since = s.scanned - s.scanned_at_reset;
  s.scanned_at_reset = s.scanned;
  bool thrashing = since < 10 * static_cast<uint64_t>(r.state_cache_size);
  if (s.in_set) {
    ++s.counts.set_resets;
    s.counts.set_thrashing += thrashing;
  } else {
    s.counts.re2_thrashing += thrashing;
  }
}

void on_failure(const re2::hooks::DFASearchFailure&) { ++state().counts.nfa_fallbacks; }

}  // namespace

bool available() {
  static const bool installed = [] {
    if (!re2::hooks::SetDFAStateCacheResetHook || !re2::hooks::SetDFASearchFailureHook)
      return false;
    re2::hooks::SetDFAStateCacheResetHook(on_reset);
    re2::hooks::SetDFASearchFailureHook(on_failure);
    return true;
  }();
  return installed;
}

const Counts& counts() { return state().counts; }

Counts operator-(const Counts& after, const Counts& before) {
  Counts d;
  d.set_resets = after.set_resets - before.set_resets;
  d.set_thrashing = after.set_thrashing - before.set_thrashing;
  d.re2_thrashing = after.re2_thrashing - before.re2_thrashing;
  d.nfa_fallbacks = after.nfa_fallbacks - before.nfa_fallbacks;
  return d;
}

std::string describe(const Counts& c) {
  auto times = [](uint64_t n) { return n == 1 ? std::string("once") : std::to_string(n) + " times"; };
  std::string what;
  auto add = [&](uint64_t n, const std::string& s) {
    if (n) what += (what.empty() ? "" : "; ") + s;
  };
  add(c.set_thrashing, "a rule Set's DFA cache thrashed (cleared " + times(c.set_thrashing) + ")");
  add(c.re2_thrashing, "a pattern's DFA cache thrashed (cleared " + times(c.re2_thrashing) + ")");
  add(c.nfa_fallbacks, "a pattern's DFA gave up for the NFA " + times(c.nfa_fallbacks));
  return what;
}

std::string warning(const Counts& c) {
  return c.slow() ? "RE2 matched it on a slow path: " + describe(c) : std::string();
}

uint64_t& scanned() { return state().scanned; }
bool& in_set() { return state().in_set; }

}  // namespace decruft::re2_watch
