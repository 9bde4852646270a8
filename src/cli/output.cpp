#include "preview/cli/output.hpp"

#include <algorithm>
#include <ostream>

#include "preview/core/sanitize.hpp"

namespace preview {

void print_error(std::ostream& err, const Error& error) {
    // Messages quote what servers said: one line each, so a message cannot fake a "hint:".
    err << "preview: " << sanitize_line(error.message, kMessageWidth) << '\n';
    if (!error.hint.empty()) {
        err << "hint: " << sanitize_line(error.hint, kMessageWidth) << '\n';
    }
    err << std::flush;
}

namespace {

// "cannot list pods in namespace x: connection refused" -> {"list pods in namespace x",
// "connection refused"}; other messages have no subject.
std::pair<std::string, std::string> split_subject(const std::string& message) {
    constexpr std::string_view kPrefix = "cannot ";
    const auto colon = message.find(": ");
    if (!message.starts_with(kPrefix) || colon == std::string::npos) {
        return {{}, message};
    }
    return {message.substr(kPrefix.size(), colon - kPrefix.size()), message.substr(colon + 2)};
}

}  // namespace

std::vector<Error> merge_common_causes(const std::vector<Error>& errors) {
    struct Group {
        Error error;
        std::string subject;  // of the first error
        std::string cause;
        int count = 1;
    };
    std::vector<Group> groups;
    for (const auto& e : errors) {
        auto [subject, cause] = split_subject(e.message);
        // Captured by name: clang before 16 cannot capture a structured binding implicitly.
        auto same = std::find_if(groups.begin(), groups.end(),
                                 [&, &subject = subject, &cause = cause](const Group& g) {
                                     return !subject.empty() && g.error.kind == e.kind &&
                                            g.error.hint == e.hint && g.cause == cause;
                                 });
        if (same == groups.end()) {
            groups.push_back({e, std::move(subject), std::move(cause), 1});
        } else {
            ++same->count;
            same->error.message = "cannot " + same->subject + " and " +
                                  std::to_string(same->count - 1) + " more: " + same->cause;
        }
    }
    std::vector<Error> merged;
    merged.reserve(groups.size());
    for (auto& g : groups) {
        merged.push_back(std::move(g.error));
    }
    return merged;
}

std::vector<Error> snapshot_errors(const Snapshot& s) {
    std::vector<Error> errors;
    auto add = [&](const auto& observed) {
        if (observed.ok() || observed.error().not_gathered) {
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
    add(s.label_events);
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

ExitCode report_read_errors(const std::vector<Error>& errors, std::ostream& err,
                            bool deadline_reached) {
    ExitCode code = ExitCode::ok;
    for (const auto& e : errors) {
        if (deadline_reached && e.cut_by_deadline) {
            continue;
        }
        // A missing API is an API failure here; "not found" as usage error is for what the
        // user named (the PR, a context).
        code = worse(code, e.kind == ErrorKind::not_found ? ExitCode::failure : exit_code_for(e));
    }
    for (const auto& e : merge_common_causes(errors)) {
        print_error(err, e);
    }
    return code;
}

ExitCode report_snapshot_errors(const Snapshot& snapshot, std::ostream& err,
                                bool deadline_reached) {
    ExitCode code = report_read_errors(snapshot_errors(snapshot), err, deadline_reached);
    if (!snapshot.pr.ok() && !(deadline_reached && snapshot.pr.error().cut_by_deadline)) {
        code = worse(code, exit_code_for(snapshot.pr.error()));
    }
    return code;
}

}  // namespace preview
