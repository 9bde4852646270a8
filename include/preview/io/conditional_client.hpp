#pragma once

#include <memory>
#include <string>

#include "preview/io/http.hpp"

namespace preview {

/// Wraps `inner` with a cache of conditional GETs for URLs starting with `url_prefix` (the GitHub
/// API): a repeated GET carries `If-None-Match` with the ETag of the previous 200, and a 304 is
/// handed on as that cached 200 with HttpResponse::not_modified set (GitHub does not count a 304
/// against the rate limit). Everything else passes through unchanged.
std::unique_ptr<HttpClient> make_conditional_client(std::unique_ptr<HttpClient> inner,
                                                    std::string url_prefix);

}  // namespace preview
