#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "preview/core/smoke.hpp"
#include "preview/render/style.hpp"

namespace preview {

/// The `smoke -o json` document: {pr, title, passed, latencyMs, failedStep, cause, fix, steps:
/// [{step, method, url, status, ms | polls, error}]}.
nlohmann::ordered_json smoke_json(const PrRef& pr, const SmokePlan& plan, const SmokeRun& run,
                                  const SmokeVerdict& verdict);

/// One line per step, then "data flows: ... in N ms" or the failing step, its cause and fix.
/// Every server-supplied string is sanitised.
std::string render_smoke_table(const PrRef& pr, const SmokePlan& plan, const SmokeRun& run,
                               const SmokeVerdict& verdict, const TermStyle& style);

}  // namespace preview
