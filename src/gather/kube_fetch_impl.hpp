#pragma once

// Template definitions for kube_fetch.hpp.

#include <algorithm>

#include "gather/paging.hpp"

#include "preview/api/kube_json.hpp"

namespace preview {

template <class T, class Parse>
Fetch list_objects(const Result<KubeEndpoint>& endpoint, const Result<KubePath>& path,
                   QueryParams query, std::string what, Parse parse, Observed<std::vector<T>>& out,
                   std::function<bool(FetchRounds&)> on_missing_api, std::vector<T> so_far,
                   std::vector<std::string> tokens) {
    QueryParams with_limit = query;
    with_limit.emplace_back("limit", "500");
    auto handle = [&endpoint, &out, path, query = std::move(query), what, parse,
                   on_missing_api = std::move(on_missing_api), so_far = std::move(so_far),
                   tokens = std::move(tokens)](const HttpOutcome& outcome,
                                               FetchRounds& rounds) mutable {
        if (outcome.ok() && outcome->status == 404 && resource_not_served(*outcome) &&
            on_missing_api && on_missing_api(rounds)) {
            return;
        }
        if (!outcome.ok() || outcome->status != 200) {
            out = kube_failure(outcome, what);
            return;
        }
        auto page = parse(outcome->body);
        if (!page.ok()) {
            out = page.error();
            return;
        }
        if (so_far.size() + page->size() > kMaxListItems) {
            out = list_cut_short(what, fmt::format("it has more than {} objects", kMaxListItems));
            return;
        }
        for (auto& item : page.value()) {
            so_far.push_back(std::move(item));
        }
        const std::string token = list_continue_token(outcome->body);
        if (token.empty()) {
            out = std::move(so_far);
            return;
        }
        // `tokens` holds one token per page so far: the page count, and a server that hands out
        // a token twice would page in a circle.
        if (std::find(tokens.begin(), tokens.end(), token) != tokens.end()) {
            out = list_cut_short(what, "the server sent the same continue token twice");
            return;
        }
        if (tokens.size() + 1 >= static_cast<std::size_t>(kMaxListPages)) {
            out = list_cut_short(what, fmt::format("it did not end after {} pages", kMaxListPages));
            return;
        }
        tokens.push_back(token);
        // The next page is the first request's query plus this token, not plus every token so
        // far: `query` of a follow-up already carries the previous one.
        QueryParams next;
        for (const auto& param : query) {
            if (param.first != "continue") {
                next.push_back(param);
            }
        }
        next.emplace_back("continue", token);
        rounds.add(list_objects<T>(endpoint, path, std::move(next), what, parse, out, {},
                                   std::move(so_far), std::move(tokens)));
    };
    return Fetch{kube_request(endpoint, "GET", path, with_limit), std::move(handle),
                 endpoint.ok() ? &endpoint.value() : nullptr};
}

}  // namespace preview
