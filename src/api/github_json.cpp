#include "preview/api/github_json.hpp"

#include "body_text.hpp"
#include "json_fields.hpp"
#include <nlohmann/json.hpp>

namespace preview {
namespace {

using api_detail::Fields;
using api_detail::Json;
using api_detail::Node;

std::vector<std::string> read_label_names(Fields& f, const Node& at, std::string_view path) {
    std::vector<std::string> names;
    for (const Node& label : f.objects(at, path)) {
        std::string name = f.str(label, "name");
        if (!name.empty()) {
            names.push_back(std::move(name));
        }
    }
    return names;
}

// Splits "owner/repo"; a value without a slash is taken as the repository name.
void split_full_name(std::string_view full_name, PullRequest& pr) {
    const std::size_t slash = full_name.find('/');
    if (slash == std::string_view::npos) {
        pr.repo = std::string(full_name);
        return;
    }
    pr.owner = std::string(full_name.substr(0, slash));
    pr.repo = std::string(full_name.substr(slash + 1));
}

// Reads the number and names the subject after it; a PR or issue without one is a shape error.
int read_number(Fields& f, const Node& item, std::string_view noun) {
    const int number = f.int32(item, "number");
    if (f.failed()) {
        return 0;
    }
    if (number <= 0) {
        f.fail("has no number");
        return 0;
    }
    f.set_subject(std::string(noun) + " #" + std::to_string(number));
    return number;
}

// The fields the pulls and the issues payloads share.
void read_common(Fields& f, const Node& item, PullRequest& pr) {
    pr.state = f.str(item, "state");
    pr.title = f.str(item, "title");
    pr.author = f.str(item, "user.login");
    pr.draft = f.boolean(item, "draft");
    pr.html_url = f.str(item, "html_url");
    pr.created_at = f.str(item, "created_at");
    pr.updated_at = f.str(item, "updated_at");
    pr.closed_at = f.str(item, "closed_at");
    pr.labels = read_label_names(f, item, "labels");
}

// One object of the pulls API (`GET .../pulls/{n}` or an item of `GET .../pulls`).
PullRequest read_pull(Fields& f, const Node& root) {
    PullRequest pr;
    pr.number = read_number(f, root, "pull request");
    read_common(f, root, pr);
    pr.merged = f.boolean(root, "merged");
    pr.merged_at = f.str(root, "merged_at");
    pr.merged = pr.merged || !pr.merged_at.empty();
    pr.head_sha = f.str(root, "head.sha");
    pr.head_ref = f.str(root, "head.ref");
    pr.base_ref = f.str(root, "base.ref");
    const std::string full_name = f.str(root, "base.repo.full_name");
    pr.mergeable_state = f.str(root, "mergeable_state");
    pr.head_repo = f.str(root, "head.repo.full_name");
    // head.repo is null when the fork was deleted; a payload without the key says nothing.
    const bool head_repo_gone = f.has_key(root, "head.repo") && !f.object(root, "head.repo");
    pr.from_fork = head_repo_gone ||
                   (!pr.head_repo.empty() && !full_name.empty() && pr.head_repo != full_name);
    if (!full_name.empty()) {
        split_full_name(full_name, pr);
    } else {
        pr.owner = f.str(root, "base.repo.owner.login");
        pr.repo = f.str(root, "base.repo.name");
    }
    return pr;
}

}  // namespace

Result<PullRequest> parse_pull_request(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the pull request");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the pull request");
    PullRequest pr = read_pull(f, Node{&doc.value(), ""});
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return pr;
}

Result<std::vector<PullRequest>> parse_pull_request_list(std::string_view body) {
    auto doc = api_detail::parse_array(body, "read the pull request list");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the pull request list");
    std::vector<PullRequest> out;
    std::size_t index = 0;
    for (const Node& listed : f.objects(Node{&doc.value(), ""}, "")) {
        f.set_subject("pull request list item #" + std::to_string(index++));
        out.push_back(read_pull(f, Node{listed.value, ""}));
        if (f.failed()) {
            break;
        }
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

Result<std::vector<CheckRun>> parse_check_runs(std::string_view body) {
    auto doc = api_detail::parse_object(body, "read the check runs");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the check runs");
    const Node root{&doc.value(), ""};
    if (!f.has_key(root, "check_runs")) {
        f.fail("have no check_runs field");
        return api_detail::shape_error(f.failure());
    }
    std::vector<CheckRun> out;
    std::size_t index = 0;
    for (const Node& listed : f.objects(root, "check_runs")) {
        const Node item{listed.value, ""};
        f.set_subject("check run #" + std::to_string(index++));
        CheckRun run;
        run.name = f.str(item, "name");
        f.set_subject(api_detail::quoted_subject("check run", run.name));
        run.status = f.str(item, "status");
        run.conclusion = f.str(item, "conclusion");
        run.html_url = f.str(item, "html_url");
        if (run.html_url.empty()) {
            run.html_url = f.str(item, "details_url");
        }
        run.started_at = f.str(item, "started_at");
        run.completed_at = f.str(item, "completed_at");
        out.push_back(std::move(run));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

Result<std::optional<BotComment>> parse_bot_comment(std::string_view body, std::string_view marker,
                                                    std::string_view author) {
    auto doc = api_detail::parse_array(body, "read the PR comments");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the PR comments");
    const Node root{&doc.value(), ""};
    for (const Node& listed : f.objects(root, "")) {
        const Node item{listed.value, ""};
        const std::int64_t id = f.int64(item, "id");
        f.set_subject("comment " + std::to_string(id));
        const std::string text = f.str(item, "body");
        if (f.failed()) {
            break;
        }
        const std::string_view trimmed = api_detail::trim(text);
        if (trimmed.substr(0, marker.size()) != marker) {
            continue;
        }
        std::string login = f.str(item, "user.login");
        const bool by_author =
            author.empty() ? login.ends_with("[bot]") : api_detail::equals_nocase(login, author);
        if (f.failed()) {
            break;
        }
        if (!by_author) {
            continue;
        }
        BotComment comment;
        comment.id = id;
        comment.author = std::move(login);
        comment.html_url = f.str(item, "html_url");
        comment.updated_at = f.str(item, "updated_at");
        if (f.failed()) {
            break;
        }
        return std::optional<BotComment>(std::move(comment));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return std::optional<BotComment>();
}

Result<std::vector<std::string>> parse_labels(std::string_view body) {
    auto doc = api_detail::parse_array(body, "read the labels");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the labels");
    std::vector<std::string> names = read_label_names(f, Node{&doc.value(), ""}, "");
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return names;
}

Result<std::vector<LabelEvent>> parse_label_events(std::string_view body) {
    auto doc = api_detail::parse_array(body, "read the issue events");
    if (!doc.ok()) {
        return doc.error();
    }
    std::vector<LabelEvent> out;
    for (const Json& item : doc.value()) {
        if (!item.is_object()) {
            continue;
        }
        Fields f("an issue event");
        const Node node{&item, ""};
        LabelEvent e;
        e.event = f.str(node, "event");
        if (e.event != "labeled" && e.event != "unlabeled") {
            continue;
        }
        e.label = f.str(node, "label.name");
        e.actor = f.str(node, "actor.login");
        e.created_at = f.str(node, "created_at");
        if (!f.failed() && !e.label.empty()) {
            out.push_back(std::move(e));
        }
    }
    return out;
}

Result<std::vector<PullRequest>> parse_issue_pull_requests(std::string_view body) {
    auto doc = api_detail::parse_array(body, "read the issue list");
    if (!doc.ok()) {
        return doc.error();
    }
    Fields f("the issue list");
    std::vector<PullRequest> out;
    std::size_t index = 0;
    for (const Node& listed : f.objects(Node{&doc.value(), ""}, "")) {
        const Node item{listed.value, ""};
        f.set_subject("issue list item #" + std::to_string(index++));
        const Node pull = f.object(item, "pull_request");
        if (!pull) {
            continue;  // a plain issue
        }
        PullRequest pr;
        pr.number = read_number(f, item, "pull request");
        read_common(f, item, pr);
        pr.merged_at = f.str(pull, "merged_at");
        pr.merged = !pr.merged_at.empty();
        // repository_url is ".../repos/OWNER/REPO".
        const std::string repository_url = f.str(item, "repository_url");
        const std::size_t repos = repository_url.rfind("/repos/");
        if (repos != std::string::npos) {
            split_full_name(std::string_view(repository_url).substr(repos + 7), pr);
        }
        if (f.failed()) {
            break;
        }
        out.push_back(std::move(pr));
    }
    if (f.failed()) {
        return api_detail::shape_error(f.failure());
    }
    return out;
}

}  // namespace preview
