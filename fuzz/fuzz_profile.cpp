// Profile YAML (include/preview/core/profile.hpp): parse_profile, then render_targets for every
// profile it accepts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fingerprint.hpp"
#include "fuzz_check.hpp"

#include "preview/core/profile.hpp"

using namespace preview;

namespace {

constexpr std::string_view kSource = "fuzz.preview.yaml";
constexpr std::string_view kSha = "0123456789abcdef0123456789abcdef01234567";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view yaml = fuzz::as_text(data, size);
    const auto profile = parse_profile(yaml, kSource);
    fuzz::check(fuzz::fingerprint(profile) == fuzz::fingerprint(parse_profile(yaml, kSource)),
                "parse_profile", "not deterministic");
    if (!profile) {
        fuzz::check(profile.error().kind == ErrorKind::config, "parse_profile",
                    "an error that is not a config error");
        fuzz::check(profile.error().message.starts_with(kSource), "parse_profile",
                    "the message does not name the file: " + profile.error().message);
        return 0;
    }
    fuzz::check(!profile->label.empty(), "parse_profile", "an empty label was accepted");

    // parse_profile checked every template, so rendering with every value known can only fail on
    // a naming rule, never on template syntax or a missing value.
    const PrRef pr{"owner", "repo", 42};
    for (const std::string_view sha : {kSha, std::string_view()}) {
        const auto targets = render_targets(*profile, pr, sha);
        if (!targets) {
            const std::string& message = targets.error().message;
            fuzz::check(targets.error().kind == ErrorKind::config, "render_targets",
                        "an error that is not a config error");
            // "FILE:LINE: KEY renders to ..." is a naming rule; "FILE:LINE: \"KEY\": ..." is the
            // template itself (the value is quoted with escapes, so it cannot forge the quote).
            // Without a SHA, a template using {sha} fails on purpose.
            const auto after_location = message.find(": ");
            fuzz::check(sha.empty() || (after_location != std::string::npos &&
                                        message.compare(after_location + 2, 1, "\"") != 0),
                        "render_targets", "a template parse_profile accepted fails: " + message);
            continue;
        }
        fuzz::check(targets->number == 42 && targets->pr_label_value == "42", "render_targets",
                    "the PR number was not carried");
        fuzz::check(sha.empty() ? targets->artifacts.empty()
                                : targets->artifacts.size() == profile->artifacts.size(),
                    "render_targets", "artifacts rendered without a SHA or left out with one");
        fuzz::check(targets->url.empty() == profile->url.empty(), "render_targets",
                    "the URL appeared or vanished");
    }
    return 0;
}
