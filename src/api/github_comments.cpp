#include "preview/api/github_comments.hpp"

#include "body_text.hpp"
#include "json_fields.hpp"

namespace preview {

Result<std::string> parse_user_login(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the token's user");
    if (!doc.ok()) {
        return doc.error();
    }
    api_detail::Fields f("the token's user");
    const api_detail::Node root{&doc.value(), ""};
    std::string login = f.str(root, "login");
    if (!f.failed() && login.empty()) {
        f.fail("field login is missing");
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return login;
}

bool is_installation_refusal(long status, std::string_view body) {
    if (status != 403) {
        return false;
    }
    auto doc = api_detail::parse_object(body, "read the refusal");
    if (!doc.ok()) {
        return false;
    }
    const auto message = doc->find("message");
    return message != doc->end() && message->is_string() &&
           message->get<std::string>() == "Resource not accessible by integration";
}

Result<std::vector<MarkedComment>> parse_marked_comments(std::string_view body,
                                                         std::string_view marker) {
    auto doc = api_detail::parse_array(body, "read the PR comments");
    if (!doc.ok()) {
        return doc.error();
    }
    api_detail::Fields f("the PR comments");
    const api_detail::Node root{&doc.value(), ""};
    std::vector<MarkedComment> out;
    for (const api_detail::Node& listed : f.objects(root, "")) {
        const api_detail::Node item{listed.value, ""};
        MarkedComment comment;
        comment.id = f.int64(item, "id");
        f.set_subject("comment " + std::to_string(comment.id));
        const std::string text = f.str(item, "body");
        if (f.failed()) {
            break;
        }
        if (!api_detail::trim(text).starts_with(marker)) {
            continue;
        }
        comment.author = f.str(item, "user.login");
        comment.html_url = f.str(item, "html_url");
        if (f.failed()) {
            break;
        }
        out.push_back(std::move(comment));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

Result<IssueComment> parse_issue_comment(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the comment");
    if (!doc.ok()) {
        return doc.error();
    }
    api_detail::Fields f("the comment");
    const api_detail::Node root{&doc.value(), ""};
    IssueComment comment;
    comment.id = f.int64(root, "id");
    comment.html_url = f.str(root, "html_url");
    comment.author = f.str(root, "user.login");
    if (!f.failed() && comment.id <= 0) {
        f.fail("field id is missing");
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return comment;
}

}  // namespace preview
