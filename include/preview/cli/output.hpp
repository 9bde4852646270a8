#pragma once

#include <iosfwd>
#include <vector>

#include "preview/cli/exit_codes.hpp"
#include "preview/core/result.hpp"
#include "preview/core/snapshot.hpp"

namespace preview {

/// Prints an error as one paragraph: "preview: <message>" and, when there is one, "hint: <hint>".
void print_error(std::ostream& err, const Error& error);

/// The errors recorded in a snapshot (pieces that could not be read), distinct by message,
/// without the placeholders of pieces that were never asked for.
std::vector<Error> snapshot_errors(const Snapshot& snapshot);

/// Folds errors with the same cause into one ("cannot list pods in namespace x and 6 more:
/// connection refused"), so an unreachable cluster reads as one paragraph, not seven.
std::vector<Error> merge_common_causes(const std::vector<Error>& errors);

/// The exit code for pieces that could not be read (ok when there are none): a missing API is an
/// API failure here, not a usage error. Prints the (merged) reasons when it is not ok.
/// With `deadline_reached` (a follow that timed out), reads the deadline cut short are printed
/// but count as that timeout, not as failures: a slow first look must not turn exit 1 into 4.
ExitCode report_read_errors(const std::vector<Error>& errors, std::ostream& err,
                            bool deadline_reached = false);

/// The exit code for what the snapshot could not read (ok when it read everything): the PR is
/// essential, other pieces are shown with their reason, and the code tells scripts the picture
/// is incomplete. Prints the (merged) reasons when it is not ok.
ExitCode report_snapshot_errors(const Snapshot& snapshot, std::ostream& err,
                                bool deadline_reached = false);

}  // namespace preview
