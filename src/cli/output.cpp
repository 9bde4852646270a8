#include "preview/cli/output.hpp"

#include <algorithm>
#include <ostream>

namespace preview {

void print_error(std::ostream& err, const Error& error) {
    err << "preview: " << error.message << '\n';
    if (!error.hint.empty()) {
        err << "hint: " << error.hint << '\n';
    }
    err << std::flush;
}

std::vector<Error> snapshot_errors(const Snapshot& s) {
    std::vector<Error> errors;
    auto add = [&](const auto& observed) {
        if (observed.ok() || observed.error().reason == "NotGathered") {
            return;
        }
        const Error& e = observed.error();
        if (std::none_of(errors.begin(), errors.end(),
                         [&](const Error& known) { return known.message == e.message; })) {
            errors.push_back(e);
        }
    };
    add(s.pr);
    add(s.checks);
    add(s.bot_comment);
    add(s.application_set);
    add(s.applications);
    add(s.namespace_state);
    add(s.workloads);
    add(s.pods);
    add(s.external_secrets);
    add(s.jobs);
    add(s.routes);
    add(s.events);
    add(s.url);
    for (const auto& a : s.artifacts) {
        add(a);
    }
    return errors;
}

}  // namespace preview
