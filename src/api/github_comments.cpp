#include "preview/api/github_comments.hpp"

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
    if (!f.failed() && comment.id <= 0) {
        f.fail("field id is missing");
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return comment;
}

}  // namespace preview
