#include "io/curl_transfer.hpp"

namespace preview::curl {

namespace {

/// Keeps only the last response's headers: a status line (after a 100 Continue or a proxy's
/// CONNECT answer) starts over.
void add_header_line(Transfer& transfer, std::string_view line) {
    if (line.substr(0, 5) == "HTTP/") {
        transfer.response_headers.clear();
        return;
    }
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        if (!transfer.response_headers.empty() && !trim(line).empty()) {
            auto& value = transfer.response_headers.back().second;
            value += ' ';
            value += trim(line);
        }
        return;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return;
    }
    std::string name(trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(), to_lower);
    transfer.response_headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
}

}  // namespace

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (transfer.body.size() + bytes > transfer.request.max_body_bytes) {
        transfer.body_too_large = true;
        return 0;
    }
    try {
        transfer.body.append(data, bytes);
    } catch (...) {  // no exception may cross libcurl's C frames
        return 0;
    }
    return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    const size_t bytes = size * count;
    try {
        add_header_line(*static_cast<Transfer*>(user), std::string_view(data, bytes));
    } catch (...) {  // no exception may cross libcurl's C frames
        return 0;
    }
    return bytes;
}
}  // namespace preview::curl
