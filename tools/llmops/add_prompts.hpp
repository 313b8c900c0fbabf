#pragma once
// The questions `llmops add` asks on a terminal, one per field, each answer checked at once.

#include "prompt.hpp"

#include "llmops/add.hpp"

#include <vector>

namespace llmops::cli {

// Asks for every field of a case that `given` does not hold, in the schema's order with its help
// text, and returns `given` completed. Industry and tags resolve through the vocabulary (an alias
// or a unique prefix gives the canonical slug; an unknown one gets "did you mean" and is asked
// again); a source URL already in the database is named and asked again.
std::vector<AddField> ask_fields(Prompter& prompter, const Project& project, const AddContext& context,
                                 std::vector<AddField> given);

} // namespace llmops::cli
