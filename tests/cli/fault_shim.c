/* Test-only fault injection, loaded with LD_PRELOAD: read(2) on fd 0 fails
 * with EIO once FAULT_READ_AFTER bytes have been read, write(2) on fd 1 once
 * FAULT_WRITE_AFTER bytes have been written. Built by the tests that use it
 * (cc -shared -fPIC fault_shim.c -ldl). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static long long left(const char* name, long long* cache, int* set) {
  if (!*set) {
    const char* v = getenv(name);
    *cache = v ? atoll(v) : -1;
    *set = 1;
  }
  return *cache;
}

static long long read_left, write_left;
static int read_set, write_set;

ssize_t read(int fd, void* buf, size_t n) {
  static ssize_t (*real)(int, void*, size_t);
  if (!real) real = (ssize_t(*)(int, void*, size_t))dlsym(RTLD_NEXT, "read");
  if (fd != 0 || left("FAULT_READ_AFTER", &read_left, &read_set) < 0) return real(fd, buf, n);
  if (read_left == 0) {
    errno = EIO;
    return -1;
  }
  if ((long long)n > read_left) n = (size_t)read_left;
  ssize_t got = real(fd, buf, n);
  if (got > 0) read_left -= got;
  return got;
}

ssize_t write(int fd, const void* buf, size_t n) {
  static ssize_t (*real)(int, const void*, size_t);
  if (!real) real = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  if (fd != 1 || left("FAULT_WRITE_AFTER", &write_left, &write_set) < 0) return real(fd, buf, n);
  if (write_left == 0) {
    errno = EIO;
    return -1;
  }
  if ((long long)n > write_left) n = (size_t)write_left;
  ssize_t put = real(fd, buf, n);
  if (put > 0) write_left -= put;
  return put;
}
