// Reading a [structure] parameter file (see core/structure.hpp).
#pragma once

#include <string>
#include <toml++/toml.h>
#include <vector>

#include "core/structure.hpp"

namespace decruft {

// Reads a rule file whose root holds a `structure` table into `params`
// (merging over what earlier files set), every problem as a diagnostic with
// file:line:col. Other keys at the root are errors: such a file holds no
// rules.
void read_structure_file(const std::string& path, const toml::table& root,
                         StructureParams& params, std::vector<Diagnostic>& diags);

}  // namespace decruft
