#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>

namespace preview::test {

/// An HTTP or HTTPS server on 127.0.0.1 (ephemeral port) answering from its own threads, for as
/// long as the object lives. Handlers are registered on server() before the first request.
class TestServer {
  public:
    /// Plain HTTP.
    static std::unique_ptr<TestServer> http();
    /// HTTPS with this certificate chain and key (files); with client_ca_file, clients must
    /// present a certificate issued by that CA. tls12_only: TLS 1.2 at most, where a missing
    /// client certificate fails the handshake itself (TLS 1.3 reports it after the handshake,
    /// racing with the client's first write).
    static std::unique_ptr<TestServer> https(const std::string& cert_file,
                                             const std::string& key_file,
                                             const std::string& client_ca_file = {},
                                             bool tls12_only = false);

    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;
    ~TestServer();

    httplib::Server& server() { return *server_; }
    int port() const { return port_; }
    /// "http(s)://127.0.0.1:PORT" + path.
    std::string url(const std::string& path) const;

    /// Waits up to `duration` inside a handler; returns early when the server shuts down, so a
    /// test never waits for a handler it no longer cares about.
    void pause(std::chrono::milliseconds duration);

  private:
    TestServer(std::unique_ptr<httplib::Server> server, bool tls);
    void start();

    std::unique_ptr<httplib::Server> server_;
    bool tls_;
    int port_ = 0;
    int listen_fd_ = -1;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable stopping_cv_;
    bool stopping_ = false;
};

/// A port on 127.0.0.1 nobody listens on (bound, then released).
int unused_port();

}  // namespace preview::test
