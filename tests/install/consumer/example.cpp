// The library example of ARCHITECTURE.md (## Library), built by tests/install/run.sh as is.
#include <decruft/decruft.hpp>

#include <iostream>
#include <iterator>
#include <string>

int main() {
  std::string article(std::istreambuf_iterator<char>(std::cin), {});

  decruft::Cleaner cleaner;  // the built-in rules; build once, share across threads
  if (!cleaner.ok()) {
    std::cerr << cleaner.error() << "\n";  // every rule error, as file:line:col: message
    return 2;
  }
  decruft::CleanResult r = cleaner.clean(article);
  if (!r.ok) {
    std::cerr << r.error << "\n";
    return 3;
  }
  std::cout << r.text;  // the same bytes as `decruft clean`
  for (const decruft::Removal& x : r.removals)
    std::cerr << x.rule << " (" << x.rule_file << ":" << x.rule_line << ") removed lines "
              << x.first_line << "-" << x.last_line << "\n";
}
