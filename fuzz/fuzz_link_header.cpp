// The HTTP Link header (include/preview/api/link_header.hpp): next_link.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"

#include "preview/api/link_header.hpp"

using namespace preview;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view header = fuzz::as_text(data, size);
    const auto next = next_link(header);
    fuzz::check(next == next_link(header), "next_link", "not deterministic");
    if (!next) {
        return 0;
    }
    // The target is the trimmed text between '<' and '>' of one link-value of the header.
    fuzz::check(!next->empty(), "next_link", "an empty target");
    fuzz::check(next->find('>') == std::string::npos, "next_link", "the target contains '>'");
    fuzz::check(next->front() != ' ' && next->back() != ' ', "next_link", "untrimmed target");
    fuzz::check(header.find(*next) != std::string_view::npos, "next_link",
                "the target is not from the header");
    // A canonical header with the same next link yields it again.
    const std::string canonical = "<" + *next + ">; rel=\"next\"";
    fuzz::check(next_link(canonical) == next, "next_link", "canonical form not read back");
    return 0;
}
