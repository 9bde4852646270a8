// PR references (include/preview/core/pr_ref.hpp): parse_pr_ref and parse_repo_slug. The first
// byte picks the function: 'r' parse_repo_slug, anything else parse_pr_ref.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

#include "preview/core/pr_ref.hpp"

using namespace preview;

namespace {

void check_error(const Error& e, std::string_view name) {
    fuzz::check(e.kind == ErrorKind::usage, name, "an error that is not a usage error");
    fuzz::check(!e.message.empty() && fuzz::serialisable(e.message), name,
                "the message is empty or not valid UTF-8: " + e.message);
}

bool same(const PrRef& a, const PrRef& b) {
    return a.owner == b.owner && a.repo == b.repo && a.number == b.number;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input = fuzz::as_text(data, size);
    if (!input.empty() && input.front() == 'r') {
        input.remove_prefix(1);
        const auto slug = parse_repo_slug(input);
        if (!slug) {
            check_error(slug.error(), "parse_repo_slug");
            return 0;
        }
        fuzz::check(!slug->owner.empty() && !slug->repo.empty() && slug->number == 0,
                    "parse_repo_slug", "incomplete slug");
        const auto again = parse_repo_slug(slug->repo_slug());
        fuzz::check(again && same(*again, *slug), "parse_repo_slug",
                    "OWNER/REPO not read back: " + slug->repo_slug());
        return 0;
    }
    const auto ref = parse_pr_ref(input);
    if (!ref) {
        check_error(ref.error(), "parse_pr_ref");
        return 0;
    }
    fuzz::check(ref->number >= 1, "parse_pr_ref", "a number below 1");
    fuzz::check(ref->owner.empty() == ref->repo.empty(), "parse_pr_ref", "half a repository");
    // Every accepted reference has a canonical form that reads back the same.
    const std::string canonical = ref->repo_slug() + "#" + std::to_string(ref->number);
    const auto again = parse_pr_ref(canonical);
    fuzz::check(again && same(*again, *ref), "parse_pr_ref", "not read back: " + canonical);
    if (!ref->owner.empty()) {
        const auto url = parse_pr_ref("https://github.com/" + ref->repo_slug() + "/pull/" +
                                      std::to_string(ref->number));
        fuzz::check(url && same(*url, *ref), "parse_pr_ref", "URL form not read back");
    }
    return 0;
}
