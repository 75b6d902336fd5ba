// SPDX-License-Identifier: Apache-2.0
// Bounded HTTP load against a running camfarm estate: reads the ground truth, opens
// keep-alive connections to the devices' port 80 in turn and sends GET requests until the
// request count or the time limit is reached. Loopback addresses only.
//   camfarm_load TRUTH.jsonl REQUESTS CONCURRENCY SECONDS
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

constexpr auto kUseTuple = asio::experimental::as_tuple(asio::use_awaitable);

struct Load {
  std::vector<std::string> targets;
  std::atomic<long> remaining{0};
  std::atomic<long> done{0};
  std::atomic<long> errors{0};
  std::chrono::steady_clock::time_point deadline;
};

asio::awaitable<void> worker(Load& load, std::size_t first) {
  auto executor = co_await asio::this_coro::executor;
  std::size_t index = first;
  while (load.remaining > 0 && std::chrono::steady_clock::now() < load.deadline) {
    const std::string& ip = load.targets[index++ % load.targets.size()];
    asio::ip::tcp::socket socket(executor);
    auto [ec] = co_await socket.async_connect({asio::ip::make_address_v4(ip), 80}, kUseTuple);
    if (ec) {
      ++load.errors;
      continue;
    }
    // Up to 20 requests per connection; devices that close (Connection: close) end it sooner.
    std::string buffer;
    for (int i = 0; i < 20 && load.remaining-- > 0; ++i) {
      std::string request = "GET / HTTP/1.1\r\nHost: " + ip + "\r\n\r\n";
      auto [ec1, n1] = co_await asio::async_write(socket, asio::buffer(request), kUseTuple);
      if (ec1) break;
      auto [ec2, head] = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n\r\n", kUseTuple);
      if (ec2) {
        ++load.errors;
        break;
      }
      std::string lower = buffer.substr(0, head);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t length = 0;
      if (auto p = lower.find("content-length:"); p != std::string::npos) length = std::stoul(lower.substr(p + 15));
      if (buffer.size() < head + length) {
        auto [ec3, n3] = co_await asio::async_read(socket, asio::dynamic_buffer(buffer),
                                                   asio::transfer_exactly(head + length - buffer.size()), kUseTuple);
        if (ec3) {
          ++load.errors;
          break;
        }
      }
      buffer.erase(0, head + length);
      ++load.done;
      if (lower.find("connection: close") != std::string::npos) break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: camfarm_load TRUTH.jsonl REQUESTS CONCURRENCY SECONDS\n";
    return 2;
  }
  Load load;
  std::ifstream in(argv[1]);
  std::string line;
  while (std::getline(in, line)) {
    auto device = nlohmann::json::parse(line);
    std::string ip = device["ip"];
    bool has80 = false;
    for (auto& p : device["ports"]) has80 = has80 || p == 80;
    if (has80 && ip.rfind("127.", 0) == 0) load.targets.push_back(ip);  // loopback only
  }
  if (load.targets.empty()) {
    std::cerr << "no loopback device with port 80 in " << argv[1] << "\n";
    return 2;
  }
  load.remaining = std::stol(argv[2]);
  int concurrency = std::stoi(argv[3]);
  load.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(argv[4]));
  asio::io_context context(1);
  for (int i = 0; i < concurrency; ++i) {
    asio::co_spawn(context, worker(load, static_cast<std::size_t>(i) * 7919), asio::detached);
  }
  auto start = std::chrono::steady_clock::now();
  context.run();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "requests " << load.done << " errors " << load.errors << " seconds " << seconds << " rps "
            << static_cast<long>(static_cast<double>(load.done) / seconds) << " devices " << load.targets.size()
            << "\n";
  return 0;
}
