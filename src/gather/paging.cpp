#include "gather/paging.hpp"

#include <fmt/format.h>

namespace preview {

Error list_cut_short(const std::string& what, std::string_view why) {
    Error e(ErrorKind::api, fmt::format("cannot {}: {}; the list is incomplete", what, why),
            "preview stops there rather than show part of a list as if it were all of it; "
            "check the server (a proxy or API that pages without end)");
    e.reason = "ListTooLong";
    return e;
}

}  // namespace preview
