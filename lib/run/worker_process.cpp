#include "run/worker_process.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

namespace pyspace::run {
namespace {

constexpr std::size_t kHeader = sizeof(std::uint32_t);

std::string signal_text(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", signal);
}

std::string framed(WorkerMessage kind, const std::string& payload) {
  const auto length = static_cast<std::uint32_t>(payload.size() + 1);
  std::string frame(reinterpret_cast<const char*>(&length), kHeader);
  frame.push_back(static_cast<char>(kind));
  frame += payload;
  return frame;
}

// One whole framed message onto the socket; false when the other end is gone.
bool send_frame(int fd, WorkerMessage kind, const std::string& payload) {
  const std::string frame = framed(kind, payload);
  const char* data = frame.data();
  std::size_t left = frame.size();
  while (left > 0) {
    ssize_t sent = ::send(fd, data, left, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data += sent;
    left -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

void WorkerOutput::send(WorkerMessage kind, const std::string& payload) {
  if (!send_frame(fd_, kind, payload)) _exit(1);  // the parent is gone: nobody would report what runs next
}

void WorkerOutput::wait_ack() {
  WorkerFrame frame;
  while (read_frame(frame, true)) {
    if (frame.kind == WorkerMessage::Ack) return;
    deferred_.push_back(std::move(frame));
  }
}

bool WorkerOutput::receive(WorkerFrame& frame, bool wait) {
  if (!deferred_.empty()) {
    frame = std::move(deferred_.front());
    deferred_.pop_front();
    return true;
  }
  while (read_frame(frame, wait))
    if (frame.kind != WorkerMessage::Ack) return true;
  return false;
}

bool WorkerOutput::read_frame(WorkerFrame& frame, bool wait) {
  for (;;) {
    if (received_.pop(frame)) return true;
    pollfd fds{fd_, POLLIN, 0};
    const int ready = poll(&fds, 1, wait ? -1 : 0);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return false;
    char chunk[4096];
    ssize_t got = ::read(fd_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) _exit(1);  // the parent is gone
    received_.append(chunk, static_cast<std::size_t>(got));
  }
}

std::unique_ptr<WorkerProcess> WorkerProcess::start(const std::function<int(int crash_fd, int channel_fd)>& fork,
                                                    const std::function<void(WorkerOutput&)>& child,
                                                    std::string& error) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    error = strerror(errno);
    return nullptr;
  }
  const int crash_fd = memfd_create("pyspace-test-crash", MFD_CLOEXEC);
  if (crash_fd < 0) {
    error = strerror(errno);
    ::close(ends[0]);
    ::close(ends[1]);
    return nullptr;
  }
  const pid_t parent = getpid();
  const int pid = fork(crash_fd, ends[1]);
  if (pid < 0) {
    const int saved = errno;  // the caller tells ENOSYS (no fork at all) from a failed fork
    error = strerror(saved);
    ::close(ends[0]);
    ::close(ends[1]);
    ::close(crash_fd);
    errno = saved;
    return nullptr;
  }
  if (pid == 0) {
    ::close(ends[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);  // the parent died before the line above
    WorkerOutput output(ends[1]);
    try {
      child(output);
    } catch (...) {
      // `child` reports its own errors (WorkerMessage::Error); nothing may unwind past fork.
    }
    ::shutdown(ends[1], SHUT_RDWR);  // the parent goes on now, not once this address space is freed
    _exit(0);
  }
  ::close(ends[1]);
  std::unique_ptr<WorkerProcess> process(new WorkerProcess());
  process->pid_ = pid;
  process->socket_ = ends[0];
  process->crash_fd_ = crash_fd;
  return process;
}

WorkerProcess::~WorkerProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
  }
  if (socket_ >= 0) ::close(socket_);
  if (crash_fd_ >= 0) ::close(crash_fd_);
}

bool FrameBuffer::ready() const {
  const std::size_t held = buffer_.size() - read_at_;
  if (held < kHeader) return false;
  std::uint32_t length;
  std::memcpy(&length, buffer_.data() + read_at_, kHeader);
  return length > 0 && held >= kHeader + length;
}

bool FrameBuffer::pop(WorkerFrame& frame) {
  if (!ready()) return false;
  std::uint32_t length;
  std::memcpy(&length, buffer_.data() + read_at_, kHeader);
  frame.kind = static_cast<WorkerMessage>(buffer_[read_at_ + kHeader]);
  frame.payload.assign(buffer_, read_at_ + kHeader + 1, length - 1);
  read_at_ += kHeader + length;
  return true;
}

void FrameBuffer::append(const char* data, std::size_t size) {
  buffer_.erase(0, read_at_);  // what was read goes before the buffer grows (once per read)
  read_at_ = 0;
  buffer_.append(data, size);
}

WorkerProcess::Wait WorkerProcess::next(Message& message, int timeout_ms, int wake_fd) {
  for (;;) {
    if (received_.pop(message)) return Wait::Message;
    pollfd fds[2] = {{socket_, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int ready = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) return Wait::Woken;
      return Wait::Ended;
    }
    if (ready == 0) return Wait::Timeout;
    if (wake_fd >= 0 && (fds[1].revents & POLLIN)) return Wait::Woken;
    char chunk[65536];
    ssize_t got = ::read(socket_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return Wait::Ended;  // a torn last message is dropped with the child
    received_.append(chunk, static_cast<std::size_t>(got));
  }
}

int WorkerProcess::wait_any(const std::vector<WorkerProcess*>& processes, int timeout_ms) {
  for (std::size_t i = 0; i < processes.size(); ++i)
    if (processes[i]->received_.ready()) return static_cast<int>(i);
  std::vector<pollfd> fds;
  for (auto* process : processes) fds.push_back({process->socket_, POLLIN, 0});
  const int ready = poll(fds.data(), fds.size(), timeout_ms);
  if (ready <= 0) return -1;
  for (std::size_t i = 0; i < fds.size(); ++i)
    if (fds[i].revents) return static_cast<int>(i);
  return -1;
}

void WorkerProcess::send(WorkerMessage kind, const std::string& payload) {
  send_frame(socket_, kind, payload);  // a child gone: next() says Ended
}

void WorkerProcess::ack() { send(WorkerMessage::Ack, {}); }

int stack_dump_signal() { return SIGRTMIN + 3; }

void WorkerProcess::detach() { reaped_ = true; }

void WorkerProcess::stop_with_stacks() {
  if (pid_ <= 0 || reaped_) return;
  ::kill(pid_, stack_dump_signal());
  // faulthandler writes from the signal handler: done when the file stops growing (it starts
  // within microseconds; a child that ignores the signal is killed after a second).
  off_t last = -1;
  for (int waited_ms = 0; waited_ms < 1000; waited_ms += 20) {
    usleep(20 * 1000);
    struct stat info {};
    if (fstat(crash_fd_, &info) != 0) break;
    if (info.st_size > 0 && info.st_size == last) break;
    last = info.st_size;
  }
  ::kill(pid_, SIGKILL);
}

void WorkerProcess::kill(int signal) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, signal);
}

std::string WorkerProcess::reap() {
  if (!reaped_) {
    while (waitpid(pid_, &status_, 0) < 0) {
      if (errno != EINTR) {
        reaped_ = true;
        return "lost";
      }
    }
    reaped_ = true;
  }
  if (WIFSIGNALED(status_)) return signal_text(WTERMSIG(status_));
  return fmt::format("exit status {}", WIFEXITED(status_) ? WEXITSTATUS(status_) : -1);
}

std::string WorkerProcess::crash_text() const {
  std::string text;
  char chunk[65536];
  off_t at = 0;
  for (;;) {
    ssize_t got = pread(crash_fd_, chunk, sizeof chunk, at);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.append(chunk, static_cast<std::size_t>(got));
    at += got;
  }
  return text;
}

}  // namespace pyspace::run
