// An std::ostream writing straight to a file descriptor (unbuffered beyond one line). The run
// command writes the console through a duplicate of fd 1 taken at start-up, because the test
// runner redirects fds 1 and 2 into its capture files while tests run.
#pragma once

#include <unistd.h>

#include <ostream>
#include <streambuf>

namespace pyspace::app {

class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd) { setp(buffer_, buffer_ + sizeof(buffer_)); }
  ~FdStreamBuf() override { sync(); }

  // core::EmergencyFlush: writes what is buffered with write(2) only (a fatal signal's handler
  // calls it; the buffer is left as it is, the process is about to die).
  static void emergency_flush(void* self) {
    auto* buf = static_cast<FdStreamBuf*>(self);
    const char* data = buf->pbase();
    while (data < buf->pptr()) {
      ssize_t written = ::write(buf->fd_, data, static_cast<size_t>(buf->pptr() - data));
      if (written <= 0) return;
      data += written;
    }
  }

 protected:
  int_type overflow(int_type ch) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
      if (ch == '\n' && sync() != 0) return traits_type::eof();
    }
    return traits_type::not_eof(ch);
  }

  int sync() override {
    const char* data = pbase();
    while (data < pptr()) {
      ssize_t written = ::write(fd_, data, static_cast<size_t>(pptr() - data));
      if (written <= 0) return -1;
      data += written;
    }
    setp(buffer_, buffer_ + sizeof(buffer_));
    return 0;
  }

 private:
  int fd_;
  char buffer_[4096];
};

class FdOStream : public std::ostream {
 public:
  explicit FdOStream(int fd) : std::ostream(&buf_), buf_(fd) {}
  ~FdOStream() override { flush(); }

  FdStreamBuf& buffer() { return buf_; }

 private:
  FdStreamBuf buf_;
};

}  // namespace pyspace::app
