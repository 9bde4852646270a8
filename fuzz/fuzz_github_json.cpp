// GitHub REST JSON -> structs (include/preview/api/github_json.hpp): every parse_* function.
// The first byte picks the parser: p pull request, c check runs, b bot comment (the marker is the
// first line, the body the rest), l labels, i issue list.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "json_invariants.hpp"

#include "preview/api/github_json.hpp"

using namespace preview;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input = fuzz::as_text(data, size);
    switch (fuzz::select(input, "pcbli")) {
        case 0:
            fuzz::check_json_parser(input, parse_pull_request, "parse_pull_request");
            if (const auto pr = parse_pull_request(input)) {
                fuzz::check(pr->number > 0, "parse_pull_request", "a PR without a number");
            }
            break;
        case 1:
            fuzz::check_json_parser(input, parse_check_runs, "parse_check_runs");
            break;
        case 2: {
            const std::string_view marker = fuzz::take_line(input);
            fuzz::check_json_parser(
                input,
                [marker](std::string_view body) { return parse_bot_comment(body, marker, {}); },
                "parse_bot_comment");
            break;
        }
        case 3:
            fuzz::check_json_parser(input, parse_labels, "parse_labels");
            break;
        default:
            fuzz::check_json_parser(input, parse_issue_pull_requests, "parse_issue_pull_requests");
            if (const auto prs = parse_issue_pull_requests(input)) {
                for (const auto& pr : *prs) {
                    fuzz::check(pr.number > 0, "parse_issue_pull_requests",
                                "a PR without a number");
                }
            }
            break;
    }
    return 0;
}
