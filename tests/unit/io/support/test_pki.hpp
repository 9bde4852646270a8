#pragma once

#include <string>

namespace preview::test {

/// Certificates made with the openssl CLI in a temporary directory, once per test run: one CA,
/// and leaf certificates it issued. Paths are files in that directory; *_pem are their contents.
struct TestPki {
    std::string dir;
    std::string ca_file;  ///< the CA certificate
    std::string ca_pem;
    std::string server_cert_file;  ///< for 127.0.0.1 and localhost
    std::string server_key_file;
    std::string named_cert_file;  ///< for kube.internal only (not the connect host)
    std::string named_key_file;
    std::string client_cert_pem;  ///< a client certificate (clientAuth)
    std::string client_key_pem;
};

/// The run's PKI; created on first use, deleted at exit. Throws when openssl fails.
const TestPki& test_pki();

}  // namespace preview::test
