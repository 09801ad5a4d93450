/*
 * udp_batch: a UDP receiver that reads datagrams with recvmmsg() and hands them to JavaScript in
 * batches, one call per batch.
 *
 * Why native: Node's dgram socket costs about 8 µs of CPU per datagram on the 2-core benchmark
 * machine with an empty handler (one recvmsg, a 64 KiB allocation, a Buffer, an rinfo object and a
 * JS callback with its microtask checkpoint per datagram). At 20 k pps that is 15 % of a core taken
 * from PostgreSQL, which shares the machine. Here one recvmmsg() reads up to BATCH datagrams and
 * JavaScript gets one Buffer with them packed back to back plus their lengths.
 *
 * The socket is this module's own (socket/bind/setsockopt), watched with a uv_poll_t on Node's
 * loop, so no libuv handle of Node's shares the fd. Linux only (recvmmsg); the JS side falls back
 * to dgram when this module is missing or fails to load.
 *
 * JS API (see src/pipeline/sources/udp-batch.ts):
 *   open(host, port, family 4|6, receiveBufferBytes) -> { handle, port, receiveBuffer }
 *   start(handle, onBatch(buffer, count), lengths: Int32Array(BATCH))
 *   stats(handle) -> { truncated, errors }
 *   close(handle)
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define BATCH 64
/* Largest UDP payload over IPv6 is 65527 bytes; one slot holds any datagram. */
#define SLOT 65536
/* recvmmsg calls per readable event: one, then the loop serves the database sockets and timers
 * (more rounds starved the writer: the queue grew while datagrams were read faster). */
#define MAX_ROUNDS 1

typedef struct {
  int fd;
  int closing;
  int started;
  /* The JS handle was garbage-collected: the struct goes when libuv is done with it too. */
  int collected;
  /* Resources released (after close, once libuv let go of the poll handle). */
  int released;
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_ref lengths_ref;
  napi_ref resource;
  napi_async_context async_ctx;
  int32_t *lengths;
  size_t lengths_count;
  char *scratch;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  double truncated;
  double errors;
} reader_t;

static napi_value throw_errno(napi_env env, const char *what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

#define CHECK(env, call)                                                                         \
  do {                                                                                           \
    if ((call) != napi_ok) {                                                                     \
      napi_throw_error((env), NULL, "udp_batch: N-API call failed: " #call);                     \
      return NULL;                                                                               \
    }                                                                                            \
  } while (0)

static reader_t *reader_of(napi_env env, napi_value value) {
  void *data = NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == NULL) {
    napi_throw_type_error(env, NULL, "udp_batch: not a receiver handle");
    return NULL;
  }
  return (reader_t *)data;
}

/* argv[0..want) of a call whose first argument is a receiver handle; NULL (exception thrown) otherwise. */
static reader_t *reader_arg(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "udp_batch: missing arguments");
    return NULL;
  }
  return reader_of(env, argv[0]);
}

static int set_number(napi_env env, napi_value object, const char *name, double value) {
  napi_value number;
  return napi_create_double(env, value, &number) == napi_ok &&
         napi_set_named_property(env, object, name, number) == napi_ok;
}

static void deliver(reader_t *r, int n) {
  napi_env env = r->env;
  size_t total = 0;
  int whole = 0;
  for (int i = 0; i < n; i++) {
    if (r->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
      r->truncated++; /* cannot happen with 64 KiB slots; counted as a guard */
      continue;
    }
    total += r->msgs[i].msg_len;
    whole++;
  }
  if (whole == 0) return;
  int kept = 0;
  void *data = NULL;
  napi_value buffer;
  if (napi_create_buffer(env, total, &data, &buffer) != napi_ok) {
    r->errors++;
    return;
  }
  char *out = (char *)data;
  for (int i = 0; i < n; i++) {
    if (r->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) continue;
    unsigned int len = r->msgs[i].msg_len;
    memcpy(out, r->scratch + (size_t)i * SLOT, len);
    out += len;
    if ((size_t)kept < r->lengths_count) r->lengths[kept] = (int32_t)len;
    kept++;
  }
  napi_value callback, resource, count, result;
  napi_get_reference_value(env, r->callback, &callback);
  napi_get_reference_value(env, r->resource, &resource);
  napi_create_int32(env, kept, &count);
  napi_value argv[2] = {buffer, count};
  napi_status status = napi_make_callback(env, r->async_ctx, resource, callback, 2, argv, &result);
  if (status == napi_pending_exception) {
    napi_value error;
    napi_get_and_clear_last_exception(env, &error);
    napi_fatal_exception(env, error);
  }
}

static void on_readable(uv_poll_t *poll, int status, int events) {
  reader_t *r = (reader_t *)poll->data;
  (void)events;
  if (status < 0 || r->closing) return;
  napi_handle_scope scope;
  if (napi_open_handle_scope(r->env, &scope) != napi_ok) return;
  for (int round = 0; round < MAX_ROUNDS && !r->closing; round++) {
    for (int i = 0; i < BATCH; i++) r->msgs[i].msg_hdr.msg_flags = 0;
    int n = recvmmsg(r->fd, r->msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) r->errors++;
      break;
    }
    if (n == 0) break;
    deliver(r, n);
    if (n < BATCH) break;
  }
  napi_close_handle_scope(r->env, scope);
}

/* Socket, scratch memory and JS references; the struct itself stays while the JS handle lives, so a
 * call on a closed handle finds `closing` set instead of freed memory. */
static void release(reader_t *r) {
  if (r->released) return;
  r->released = 1;
  napi_env env = r->env;
  if (r->fd >= 0) close(r->fd);
  r->fd = -1;
  free(r->scratch);
  r->scratch = NULL;
  if (r->callback) napi_delete_reference(env, r->callback);
  if (r->lengths_ref) napi_delete_reference(env, r->lengths_ref);
  if (r->resource) napi_delete_reference(env, r->resource);
  if (r->async_ctx) napi_async_destroy(env, r->async_ctx);
  r->callback = r->lengths_ref = r->resource = NULL;
  r->async_ctx = NULL;
}

static void on_closed(uv_handle_t *handle) {
  reader_t *r = (reader_t *)handle->data;
  release(r);
  if (r->collected) free(r);
}

static void close_reader(reader_t *r) {
  if (r->closing) return;
  r->closing = 1;
  if (r->started) {
    uv_poll_stop(&r->poll);
    /* The fd is closed in on_closed, after libuv let go of the poll handle. */
    uv_close((uv_handle_t *)&r->poll, on_closed);
  } else {
    release(r);
  }
}

static void finalize_reader(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  reader_t *r = (reader_t *)data;
  r->collected = 1;
  if (!r->closing) close_reader(r); /* dropped without close(): stop reading, free when closed */
  else if (r->released) free(r);
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "udp_batch.open(host, port, family, receiveBufferBytes)");
    return NULL;
  }
  char host[128];
  size_t host_len = 0;
  int32_t port = 0, family = 4, rcvbuf = 0;
  CHECK(env, napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len));
  CHECK(env, napi_get_value_int32(env, argv[1], &port));
  CHECK(env, napi_get_value_int32(env, argv[2], &family));
  CHECK(env, napi_get_value_int32(env, argv[3], &rcvbuf));

  struct sockaddr_storage addr;
  socklen_t addr_len;
  memset(&addr, 0, sizeof addr);
  if (family == 6) {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) {
      napi_throw_error(env, "EINVAL", "udp_batch: not an IPv6 address");
      return NULL;
    }
    addr_len = sizeof *a6;
  } else {
    struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) {
      napi_throw_error(env, "EINVAL", "udp_batch: not an IPv4 address");
      return NULL;
    }
    addr_len = sizeof *a4;
  }

  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "udp_batch: socket");
  if (family == 6) {
    /* Dual stack, as Node's udp6 sockets: "::" also receives IPv4. */
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (bind(fd, (struct sockaddr *)&addr, addr_len) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return throw_errno(env, "udp_batch: bind");
  }
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  int bound_port = ntohs(family == 6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                     : ((struct sockaddr_in *)&bound)->sin_port);
  int granted = 0;
  socklen_t granted_len = sizeof granted;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &granted_len);

  reader_t *r = (reader_t *)calloc(1, sizeof *r);
  char *scratch = (char *)malloc((size_t)BATCH * SLOT);
  if (r == NULL || scratch == NULL) {
    free(r);
    free(scratch);
    close(fd);
    napi_throw_error(env, "ENOMEM", "udp_batch: out of memory");
    return NULL;
  }
  r->fd = fd;
  r->env = env;
  r->scratch = scratch;
  for (int i = 0; i < BATCH; i++) {
    r->iov[i].iov_base = scratch + (size_t)i * SLOT;
    r->iov[i].iov_len = SLOT;
    r->msgs[i].msg_hdr.msg_iov = &r->iov[i];
    r->msgs[i].msg_hdr.msg_iovlen = 1;
  }

  napi_value result, handle;
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_create_external(env, r, finalize_reader, NULL, &handle));
  CHECK(env, napi_set_named_property(env, result, "handle", handle));
  if (!set_number(env, result, "port", bound_port) || !set_number(env, result, "receiveBuffer", granted)) {
    napi_throw_error(env, NULL, "udp_batch: could not build the result");
    return NULL;
  }
  return result;
}

static napi_value js_start(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  reader_t *r = reader_arg(env, info, 3, argv);
  if (r == NULL) return NULL;
  if (r->started || r->closing) {
    napi_throw_error(env, NULL, "udp_batch: already started or closed");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length = 0, offset = 0;
  void *data = NULL;
  napi_value arraybuffer;
  if (napi_get_typedarray_info(env, argv[2], &type, &length, &data, &arraybuffer, &offset) != napi_ok ||
      type != napi_int32_array || length < BATCH) {
    napi_throw_type_error(env, NULL, "udp_batch.start: lengths must be an Int32Array of at least 64");
    return NULL;
  }
  r->lengths = (int32_t *)data;
  r->lengths_count = length;
  napi_value resource, name;
  CHECK(env, napi_create_reference(env, argv[1], 1, &r->callback));
  CHECK(env, napi_create_reference(env, argv[2], 1, &r->lengths_ref));
  CHECK(env, napi_create_object(env, &resource));
  CHECK(env, napi_create_reference(env, resource, 1, &r->resource));
  CHECK(env, napi_create_string_utf8(env, "HomerUdpBatch", NAPI_AUTO_LENGTH, &name));
  CHECK(env, napi_async_init(env, resource, name, &r->async_ctx));

  uv_loop_t *loop = NULL;
  CHECK(env, napi_get_uv_event_loop(env, &loop));
  if (uv_poll_init(loop, &r->poll, r->fd) != 0) {
    napi_throw_error(env, NULL, "udp_batch: uv_poll_init failed");
    return NULL;
  }
  r->poll.data = r;
  uv_poll_start(&r->poll, UV_READABLE, on_readable);
  r->started = 1;
  return NULL;
}

static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value argv[1], result;
  reader_t *r = reader_arg(env, info, 1, argv);
  if (r == NULL) return NULL;
  CHECK(env, napi_create_object(env, &result));
  if (!set_number(env, result, "truncated", r->truncated) || !set_number(env, result, "errors", r->errors)) {
    napi_throw_error(env, NULL, "udp_batch: could not build the result");
    return NULL;
  }
  return result;
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  reader_t *r = reader_arg(env, info, 1, argv);
  if (r != NULL) close_reader(r);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"start", NULL, js_start, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value batch;
  napi_create_int32(env, BATCH, &batch);
  napi_set_named_property(env, exports, "BATCH", batch);
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
