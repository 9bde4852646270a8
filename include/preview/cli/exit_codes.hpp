#pragma once

#include "preview/core/result.hpp"

namespace preview {

/// The contract's exit codes (design §2).
enum class ExitCode : int {
    ok = 0,             ///< success; doctor: no check failed
    not_achieved = 1,   ///< doctor found a failing check; up/down missed their goal in time
    usage = 2,          ///< usage or configuration error
    auth = 3,           ///< authentication or permission error
    failure = 4,        ///< API or network failure that retries did not cure
    interrupted = 130,  ///< Ctrl-C
};

/// The one place errors become exit codes.
ExitCode exit_code_for(const Error& error);

/// The worse of two exit codes (interrupted > auth > failure > usage > not_achieved > ok).
ExitCode worse(ExitCode a, ExitCode b);

}  // namespace preview
