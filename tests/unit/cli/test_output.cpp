#include <sstream>

#include <doctest/doctest.h>

#include "preview/cli/exit_codes.hpp"
#include "preview/cli/output.hpp"

using namespace preview;

TEST_SUITE("cli::output") {
    TEST_CASE("a piece not gathered is no error, whatever reason a server gives") {
        Snapshot snapshot;  // every piece starts as Snapshot::not_read()
        CHECK(snapshot_errors(snapshot).empty());
        // The reason is the server's word: one that spells the placeholder's reason is still
        // an error to report.
        Error refused(ErrorKind::api, "cannot list pods: boom", {}, 500, "NotGathered");
        snapshot.pods = refused;
        const std::vector<Error> errors = snapshot_errors(snapshot);
        REQUIRE(errors.size() == 1U);
        CHECK(errors.front().message == "cannot list pods: boom");
    }

    TEST_CASE("errors with one cause fold into one paragraph") {
        const std::string cause = "the API server rejected the credentials (Unauthorized)";
        std::vector<Error> errors{
            Error(ErrorKind::auth, "cannot read namespace x: " + cause, "log in again"),
            Error(ErrorKind::auth, "cannot list pods in namespace x: " + cause, "log in again"),
            Error(ErrorKind::auth, "cannot list Jobs in namespace x: " + cause, "log in again"),
            Error(ErrorKind::network, "cannot read pull request #1 of o/r: connection refused"),
        };
        auto merged = merge_common_causes(errors);
        REQUIRE(merged.size() == 2);
        CHECK(merged[0].message == "cannot read namespace x and 2 more: " + cause);
        CHECK(merged[0].hint == "log in again");
        CHECK(merged[1].message == errors[3].message);
    }

    TEST_CASE("a paragraph: message, then the hint") {
        std::ostringstream err;
        print_error(err, Error(ErrorKind::config, "bad thing", "do this"));
        CHECK(err.str() == "preview: bad thing\nhint: do this\n");
    }

    TEST_CASE("exit codes follow the contract") {
        CHECK(exit_code_for(Error(ErrorKind::usage, "")) == ExitCode::usage);
        CHECK(exit_code_for(Error(ErrorKind::config, "")) == ExitCode::usage);
        CHECK(exit_code_for(Error(ErrorKind::auth, "")) == ExitCode::auth);
        CHECK(exit_code_for(Error(ErrorKind::permission, "")) == ExitCode::auth);
        CHECK(exit_code_for(Error(ErrorKind::network, "")) == ExitCode::failure);
        CHECK(exit_code_for(Error(ErrorKind::tls, "")) == ExitCode::failure);
        CHECK(exit_code_for(Error(ErrorKind::interrupted, "")) == ExitCode::interrupted);
        CHECK(static_cast<int>(ExitCode::interrupted) == 130);
        CHECK(worse(ExitCode::failure, ExitCode::auth) == ExitCode::auth);
        CHECK(worse(ExitCode::ok, ExitCode::usage) == ExitCode::usage);
    }

    TEST_CASE("a follow that timed out counts reads its deadline cut as that timeout") {
        Error cut(ErrorKind::timeout, "cannot list pods in namespace x: no answer from k8s");
        cut.cut_by_deadline = true;
        const Error refused(ErrorKind::network, "cannot read namespace x: connection refused");
        std::ostringstream err;
        CHECK(report_read_errors({cut}, err, /*deadline_reached=*/true) == ExitCode::ok);
        CHECK(err.str().find("no answer from k8s") != std::string::npos);  // still shown
        CHECK(report_read_errors({cut}, err) == ExitCode::failure);  // status: incomplete picture
        CHECK(report_read_errors({cut, refused}, err, true) == ExitCode::failure);
    }
}
