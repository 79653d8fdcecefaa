// decruft: strips boilerplate and paywall noise from scraped article text.
#include <csignal>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) must give an error, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  return decruft::cli::run(argc, argv);
}
