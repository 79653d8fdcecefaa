// Cleans one file (or stdin) with the built-in rules and prints the clean
// text, as `decruft clean FILE` does. With --diff, --report or --removals it
// prints those instead (--removals also the document's flags). Built by tests/install/run.sh against an installed
// decruft, once with CMake and once with pkg-config.
#include <decruft/decruft.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  std::string what = argc > 2 ? argv[1] : "--text";
  std::string path = argc > 1 ? argv[argc - 1] : "-";
  std::string input;
  if (path == "-") {
    input.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "app: " << path << ": cannot open\n";
      return 2;
    }
    input.assign(std::istreambuf_iterator<char>(in), {});
  }

  decruft::Cleaner cleaner;  // the built-in rules; compile once, reuse
  if (!cleaner.ok()) {
    std::cerr << cleaner.error() << "\n";
    return 2;
  }
  decruft::CleanOptions options;
  options.name = path;
  options.diff = what == "--diff";
  options.report = what == "--report";
  decruft::CleanResult r = cleaner.clean(input, options);
  if (!r.ok) {
    std::cerr << "app: " << path << ": " << r.error << "\n";
    return 3;
  }

  if (what == "--diff") {
    std::cout << r.diff;
  } else if (what == "--report") {
    std::cout << r.report;
  } else if (what == "--removals") {
    for (const decruft::Removal& x : r.removals)
      std::cout << x.rule << " " << x.category << " " << x.rule_file << ":" << x.rule_line
                << " bytes " << x.begin << "-" << x.end << " lines " << x.first_line << "-"
                << x.last_line << "\n";
    std::cout << "flags:" << (r.binary ? " binary" : "") << (r.over_removal ? " over-removal" : "")
              << (r.held_back ? " held-back" : "") << (r.truncated ? " truncated" : "") << "\n";
    std::cout << "decruft " << decruft::version() << ", rules " << decruft::rules_version()
              << ": " << cleaner.enabled_rule_count() << " of " << cleaner.rule_count()
              << " rules on\n";
  } else {
    std::cout << r.text;
  }
  return 0;
}
