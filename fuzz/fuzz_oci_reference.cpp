// OCI references (include/preview/api/oci_reference.hpp): parse_oci_reference.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

#include "preview/api/oci_reference.hpp"

using namespace preview;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const auto ref = parse_oci_reference(text);
    if (!ref) {
        fuzz::check(ref.error().kind == ErrorKind::config, "parse_oci_reference",
                    "an error that is not a config error");
        return 0;
    }
    fuzz::check(!ref->registry.empty() && !ref->repository.empty() && !ref->tag.empty(),
                "parse_oci_reference", "an empty part");
    // The fully qualified form names the same artifact.
    const std::string full = ref->registry + "/" + ref->repository + ":" + ref->tag;
    const auto again = parse_oci_reference(full);
    fuzz::check(again && again->registry == ref->registry && again->repository == ref->repository &&
                    again->tag == ref->tag,
                "parse_oci_reference", "the qualified form differs: " + full);
    return 0;
}
