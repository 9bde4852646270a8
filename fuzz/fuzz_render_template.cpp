// Template rendering (include/preview/core/profile.hpp): render_template. Input lines: template,
// head SHA, owner, repo, PR number; the template is also split in two at its middle.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

#include "preview/core/profile.hpp"

using namespace preview;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input = fuzz::as_text(data, size);
    const std::string_view tmpl = fuzz::take_line(input);
    const std::string_view sha = fuzz::take_line(input);
    PrRef pr;
    pr.owner = std::string(fuzz::take_line(input));
    pr.repo = std::string(fuzz::take_line(input));
    const std::string_view number = fuzz::take_line(input);
    std::from_chars(number.data(), number.data() + number.size(), pr.number);

    const auto whole = render_template(tmpl, pr, sha);
    if (!whole) {
        fuzz::check(whole.error().kind == ErrorKind::config, "render_template",
                    "an error that is not a config error");
        fuzz::check(tmpl.find('{') != std::string_view::npos, "render_template",
                    "a template without placeholders failed: " + whole.error().message);
        return 0;
    }
    if (tmpl.find('{') == std::string_view::npos) {
        fuzz::check(*whole == tmpl, "render_template", "text without placeholders changed");
    }
    // Rendering is compositional: values are inserted, never re-read as template text.
    const std::size_t middle = tmpl.size() / 2;
    const auto head = render_template(tmpl.substr(0, middle), pr, sha);
    const auto tail = render_template(tmpl.substr(middle), pr, sha);
    if (head && tail) {
        fuzz::check(*whole == *head + *tail, "render_template", "rendering is not compositional");
    }
    return 0;
}
