/*
 * hep-sender: paced HEP-over-UDP load generator for `npm run bench:ingest`.
 *
 * Why C: on a 2-core machine the load generator competes with the server under test and with
 * PostgreSQL. sendmmsg() in bursts costs a few hundred ns per packet, so the sender's own CPU stays
 * small (reference/limits.md §1 used the same design). Loopback delivery (softirq) is charged to
 * the sending CPU, which shows up here as system time.
 *
 * Usage: hep-sender --port P --file F --rate PPS --seconds S [--host 127.0.0.1] [--step N]
 *                   [--burst 32] [--max-packets N]
 *
 * The file holds records of a 12-byte little-endian header (u32 length, u16 Call-ID slot offset,
 * u16 HEP time-seconds value offset, u16 time-microseconds value offset, u16 0) followed by one
 * HEPv3 datagram (see bench/lib/packet-file.ts). The sender cycles through the records; before
 * each packet goes out it writes "SSSSCCCCCCCC" (step and cycle, hex) into the Call-ID slot and
 * the current wall-clock time into the HEP time chunks, so every datagram is distinct and
 * timestamped at send time.
 *
 * Pacing: a burst leaves only when packets_sent <= elapsed * rate, sleeping to the exact due time
 * with clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), so the average rate is exact and bursts
 * are at most --burst packets.
 *
 * Output: one JSON line on stdout when done (or on SIGINT/SIGTERM).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_BURST 256
#define NO_PATCH 0xffff
#define SLOT_CHARS 12

struct record {
  uint8_t *data;
  uint32_t len;
  uint16_t slot;
  uint16_t tsec;
  uint16_t tusec;
};

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static void wr32be(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static void write_hex(uint8_t *dst, uint64_t value, int width) {
  static const char digits[] = "0123456789abcdef";
  for (int i = width - 1; i >= 0; i--) {
    dst[i] = (uint8_t)digits[value & 0xf];
    value >>= 4;
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: hep-sender --port P --file F --rate PPS --seconds S [--host 127.0.0.1] [--step N] "
          "[--burst 32] [--max-packets N]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *host = "127.0.0.1";
  const char *file = NULL;
  int port = 0;
  double rate = 0, seconds = 0;
  unsigned step = 0;
  int burst = 32;
  uint64_t max_packets = UINT64_MAX;

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (i + 1 >= argc) usage();
    const char *v = argv[++i];
    if (!strcmp(a, "--host")) host = v;
    else if (!strcmp(a, "--port")) port = atoi(v);
    else if (!strcmp(a, "--file")) file = v;
    else if (!strcmp(a, "--rate")) rate = atof(v);
    else if (!strcmp(a, "--seconds")) seconds = atof(v);
    else if (!strcmp(a, "--step")) step = (unsigned)strtoul(v, NULL, 10);
    else if (!strcmp(a, "--burst")) burst = atoi(v);
    else if (!strcmp(a, "--max-packets")) max_packets = strtoull(v, NULL, 10);
    else usage();
  }
  if (!file || port <= 0 || port > 65535 || seconds <= 0 || rate < 0 || burst < 1 || burst > MAX_BURST) usage();

  /* Load the whole packet file: it is tens of MB, and reading it up front keeps the send loop free of I/O. */
  FILE *f = fopen(file, "rb");
  if (!f) {
    perror("open packet file");
    return 1;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || st.st_size <= 0) {
    fprintf(stderr, "empty packet file\n");
    return 1;
  }
  uint8_t *buf = malloc((size_t)st.st_size);
  if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
    fprintf(stderr, "cannot read packet file\n");
    return 1;
  }
  fclose(f);

  size_t count = 0, cap = 1024;
  struct record *recs = malloc(cap * sizeof *recs);
  for (size_t off = 0; off + 12 <= (size_t)st.st_size;) {
    uint32_t len = rd32(buf + off);
    if (len == 0 || off + 12 + len > (size_t)st.st_size) {
      fprintf(stderr, "corrupt packet file at offset %zu\n", off);
      return 1;
    }
    if (count == cap) recs = realloc(recs, (cap *= 2) * sizeof *recs);
    struct record *r = &recs[count++];
    r->data = buf + off + 12;
    r->len = len;
    r->slot = rd16(buf + off + 4);
    r->tsec = rd16(buf + off + 6);
    r->tusec = rd16(buf + off + 8);
    if ((r->slot != NO_PATCH && r->slot + (uint32_t)SLOT_CHARS > len) || (r->tsec != NO_PATCH && r->tsec + 4u > len) ||
        (r->tusec != NO_PATCH && r->tusec + 4u > len)) {
      fprintf(stderr, "patch offset outside packet %zu\n", count - 1);
      return 1;
    }
    off += 12 + len;
  }
  /* Packets are patched in place, so one burst must never hold the same record twice. */
  if (count < (size_t)burst) {
    fprintf(stderr, "packet file has %zu packets, fewer than the burst size %d\n", count, burst);
    return 1;
  }

  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    perror("socket");
    return 1;
  }
  int sndbuf = 4 * 1024 * 1024;
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "bad IPv4 host %s\n", host);
    return 1;
  }
  if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
    perror("connect");
    return 1;
  }

  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  struct mmsghdr msgs[MAX_BURST];
  struct iovec iov[MAX_BURST];
  memset(msgs, 0, sizeof msgs);
  for (int i = 0; i < MAX_BURST; i++) {
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }

  uint64_t sent = 0, attempted = 0, errors = 0, refused = 0, cycle = 0;
  size_t idx = 0;
  double t0 = mono_now();
  double tend = t0 + seconds;
  struct timespec t0spec;
  clock_gettime(CLOCK_MONOTONIC, &t0spec);

  while (!stop_requested && attempted < max_packets) {
    double now = mono_now();
    if (now >= tend) break;
    if (rate > 0) {
      double due = t0 + (double)attempted / rate;
      if (due > now) {
        /* Sleep to the exact due time (absolute), not a fixed tick: keeps the average rate exact. */
        double when = due < tend ? due : tend;
        double rel = when - t0;
        struct timespec ts = t0spec;
        ts.tv_sec += (time_t)rel;
        ts.tv_nsec += (long)((rel - (double)(time_t)rel) * 1e9);
        if (ts.tv_nsec >= 1000000000L) {
          ts.tv_sec++;
          ts.tv_nsec -= 1000000000L;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
        continue;
      }
    }
    int n = burst;
    if (max_packets - attempted < (uint64_t)n) n = (int)(max_packets - attempted);

    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    for (int i = 0; i < n; i++) {
      struct record *r = &recs[idx];
      if (r->slot != NO_PATCH) {
        write_hex(r->data + r->slot, step & 0xffff, 4);
        write_hex(r->data + r->slot + 4, cycle & 0xffffffffu, 8);
      }
      if (r->tsec != NO_PATCH) wr32be(r->data + r->tsec, (uint32_t)wall.tv_sec);
      if (r->tusec != NO_PATCH) wr32be(r->data + r->tusec, (uint32_t)(wall.tv_nsec / 1000));
      iov[i].iov_base = r->data;
      iov[i].iov_len = r->len;
      if (++idx == count) {
        idx = 0;
        cycle++;
      }
    }
    int done = 0;
    while (done < n) {
      int r = sendmmsg(s, msgs + done, (unsigned)(n - done), 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        /* A connected UDP socket reports an earlier ICMP port-unreachable as ECONNREFUSED: the
           datagram at this position was not sent; count it and move on. */
        if (errno == ECONNREFUSED) refused++;
        else errors++;
        done++;
        continue;
      }
      sent += (uint64_t)r;
      done += r;
    }
    attempted += (uint64_t)n;
  }
  double elapsed = mono_now() - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double utime = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  double stime = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  printf("{\"sent\":%llu,\"attempted\":%llu,\"errors\":%llu,\"refused\":%llu,\"elapsed\":%.6f,"
         "\"rate\":%.1f,\"cycles\":%llu,\"packetsInFile\":%zu,\"cpuUserSec\":%.3f,\"cpuSysSec\":%.3f}\n",
         (unsigned long long)sent, (unsigned long long)attempted, (unsigned long long)errors,
         (unsigned long long)refused, elapsed, elapsed > 0 ? (double)sent / elapsed : 0.0,
         (unsigned long long)cycle, count, utime, stime);
  fflush(stdout);
  close(s);
  free(recs);
  free(buf);
  return 0;
}
