// Fuzz target: the rule-file loader and compiler on arbitrary TOML text.
//
// load_rules + Engine::compile must never crash, throw or hang, whatever the
// text; every error must carry a position in the file; a rule set that
// compiles must match its own examples without breaking the edit-list
// contract.
#include <cstddef>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "core/engine.hpp"
#include "core/loader.hpp"

using namespace decruft;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  RuleFile file;
  file.path = "rules/en/fuzz.toml";
  file.text.assign(reinterpret_cast<const char*>(data), size);
  file.default_language = "en";

  LoadedRules loaded;
  load_rules({file}, false, loaded);
  for (const auto& d : loaded.diagnostics) {
    FUZZ_CHECK(d.pos.file == file.path, "%s", d.str().c_str());
    FUZZ_CHECK(d.pos.line > 0, "%s", d.str().c_str());
    FUZZ_CHECK(!d.message.empty());
  }
  for (const auto& r : loaded.rules) FUZZ_CHECK(r.pos.file == file.path);

  std::vector<Rule> rules = loaded.rules;  // compile consumes its copy
  std::vector<Diagnostic> diags;
  auto engine = Engine::compile(std::move(rules), {}, diags);
  if (!engine) {
    FUZZ_CHECK(!diags.empty(), "compile failed without a diagnostic");
    return 0;
  }
  if (!loaded.ok()) return 0;

  // The compiled set on its own examples (and on the file itself).
  std::vector<std::string> texts{file.text};
  for (const auto& r : engine->rules()) {
    texts.insert(texts.end(), r.remove_examples.begin(), r.remove_examples.end());
    texts.insert(texts.end(), r.keep_examples.begin(), r.keep_examples.end());
  }
  for (const auto& t : texts) {
    Document doc(t);
    std::string error;
    EditList edits = engine->match(doc, {}, &error);
    size_t pos = 0;
    for (const auto& e : edits) {
      FUZZ_CHECK(e.begin >= pos && e.begin < e.end && e.end <= t.size());
      FUZZ_CHECK(e.rule < engine->rules().size());
      pos = e.end;
    }
  }
  return 0;
}
