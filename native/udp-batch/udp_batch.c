// udp_batch: a UDP socket read in batches with recvmmsg(2) by a thread of its own, each batch handed to JavaScript
// in one call (Node's dgram makes one recvmsg and one JS call per datagram: that is where it tops out).
//
// JavaScript API (see src/ingest/udp-batch-reader.ts):
//   open(host, family, port, recvBufferBytes, maxMessageBytes, onBatch) -> {
//     port, address, effectiveRecvBufferBytes, recvBufferError (errno name or ""), next(), close() }
//   onBatch(data, lengths, sources, readAtMs) per batch: lengths[i] is datagram i's real length; a datagram longer
//   than maxMessageBytes (or cut by the kernel) has no bytes in `data`; the others follow each other in `data`.
//   readAtMs: when recvmmsg returned, in milliseconds of CLOCK_MONOTONIC (the clock of process.hrtime).
//   onBatch(null, null, null, readAtMs, errorName) when a read fails (the reader keeps going, like dgram's 'error').
//   next(): JavaScript asks for the batches read since the last delivery; they come in a later turn of the loop.
//
// Threads: the reader thread only calls recvmmsg and napi_call_threadsafe_function; everything JavaScript happens
// on the main thread. A fixed pool of batches bounds the memory: when JavaScript falls behind, the reader waits for a
// batch to come back and the kernel's receive buffer absorbs (or drops, counted in /proc/net/udp) what arrives.
//
// One delivery per turn of the event loop: a delivery hands over the batches read so far (at most BATCHES) and no
// more until JavaScript calls next() (from setImmediate, after the turn's other work). Without that gate a flood
// never lets the loop move on: Node runs every thread-safe call queued while it dispatches, up to 1000 in one go,
// and the reader refills a batch as soon as it is given back, so up to 64,000 datagrams went by in one turn while
// the timers, immediates and socket reads of that turn (the batched persist to Redis and its reply) waited: a whole
// backlog whenever JavaScript was the slower side (bench/udp-turns.ts; issue 11).
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <node_api.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

// 64 datagrams per recvmmsg, as rsyslog's imudp reads; 4 batches in flight bound the memory to 4 x 64 slots.
#define SLOTS 64
#define BATCHES 4

typedef struct batch {
  struct mmsghdr msgs[SLOTS];
  struct iovec iov[SLOTS];
  struct sockaddr_storage from[SLOTS];
  int count;
  int error; // errno of a failed read (count is then 0)
  double read_at_ms; // CLOCK_MONOTONIC when recvmmsg returned: the datagrams' receipt, however long they wait here
  char *data; // SLOTS slots of slot_bytes, in the reader's pool
} batch_t;

typedef struct reader {
  int fd;
  size_t max_message_bytes;
  size_t slot_bytes;
  pthread_t thread;
  bool thread_started;
  bool stopped; // main thread only: the thread has been joined and the fd closed
  volatile int closing; // set by the main thread, read by the reader thread (__atomic)
  napi_threadsafe_function tsfn;
  napi_ref handle_ref; // keeps the JS handle alive while the socket is open, as dgram does
  bool delivering; // main thread only: false once close() ran, so queued batches are discarded
  int refs; // main thread only: the tsfn and the JS handle each hold one; the last to go frees
  batch_t batches[BATCHES];
  char *pool; // the datagram slots of every batch, mapped on open and unmapped when the reader goes
  size_t pool_bytes;
  batch_t *free_list[BATCHES];
  int free_count;
  batch_t *ready[BATCHES]; // read, waiting for the next delivery, oldest first
  int ready_count;
  bool armed; // JavaScript waits for batches: the next one read calls the thread-safe function (else it only waits)
  pthread_mutex_t lock;
  pthread_cond_t returned;
} reader_t;

static const char *errno_name(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char *name = strerrorname_np(err);
  if (name != NULL) return name;
#endif
  static __thread char fallback[24];
  snprintf(fallback, sizeof fallback, "E%d", err);
  return fallback;
}

static napi_value throw_errno(napi_env env, const char *syscall, int err) {
  char message[160];
  snprintf(message, sizeof message, "%s %s: %s", syscall, errno_name(err), strerror(err));
  napi_throw_error(env, errno_name(err), message);
  return NULL;
}

// ---- the pool (both threads) ----

static batch_t *take_batch(reader_t *r) {
  pthread_mutex_lock(&r->lock);
  while (r->free_count == 0 && !__atomic_load_n(&r->closing, __ATOMIC_ACQUIRE)) pthread_cond_wait(&r->returned, &r->lock);
  batch_t *b = r->free_count > 0 && !__atomic_load_n(&r->closing, __ATOMIC_ACQUIRE) ? r->free_list[--r->free_count] : NULL;
  pthread_mutex_unlock(&r->lock);
  return b;
}

static void give_back(reader_t *r, batch_t *b) {
  pthread_mutex_lock(&r->lock);
  r->free_list[r->free_count++] = b;
  pthread_cond_signal(&r->returned);
  pthread_mutex_unlock(&r->lock);
}

/** Adds a read batch to the ready ones; true when JavaScript was waiting, so the caller must wake it (once). */
static bool make_ready(reader_t *r, batch_t *b) {
  pthread_mutex_lock(&r->lock);
  r->ready[r->ready_count++] = b;
  bool wake = r->armed;
  r->armed = false;
  pthread_mutex_unlock(&r->lock);
  return wake;
}

static double monotonic_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

// ---- the reader thread ----

static void *read_loop(void *arg) {
  reader_t *r = arg;
  for (;;) {
    batch_t *b = take_batch(r);
    if (b == NULL) return NULL;
    for (int i = 0; i < SLOTS; i++) {
      b->msgs[i].msg_hdr.msg_namelen = sizeof b->from[i];
      b->msgs[i].msg_hdr.msg_flags = 0;
      b->msgs[i].msg_len = 0;
    }
    // MSG_WAITFORONE: block for the first datagram, then take what is queued without waiting. MSG_TRUNC: msg_len is
    // the datagram's real length even when it did not fit its slot, so an oversized one is reported with its size.
    int n = recvmmsg(r->fd, b->msgs, SLOTS, MSG_WAITFORONE | MSG_TRUNC, NULL);
    if (__atomic_load_n(&r->closing, __ATOMIC_ACQUIRE)) {
      give_back(r, b);
      return NULL;
    }
    if (n == 0 || (n < 0 && (errno == EINTR || errno == EAGAIN))) {
      give_back(r, b);
      continue;
    }
    b->count = n < 0 ? 0 : n;
    b->error = n < 0 ? errno : 0;
    b->read_at_ms = monotonic_ms();
    // A batch the wake-up fails for stays ready: the tsfn only fails when it is closing, and the pool goes with it.
    if (make_ready(r, b) && napi_call_threadsafe_function(r->tsfn, NULL, napi_tsfn_nonblocking) != napi_ok) return NULL;
    if (n < 0) {
      // A failing socket must not spin a core; dgram reports and keeps reading too.
      struct timespec pause = {0, 10 * 1000 * 1000};
      nanosleep(&pause, NULL);
    }
  }
}

// ---- the main thread ----

static void format_address(const struct sockaddr_storage *from, char *out, size_t size) {
  out[0] = '\0';
  if (from->ss_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)from)->sin_addr, out, (socklen_t)size);
  } else if (from->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)from;
    inet_ntop(AF_INET6, &a6->sin6_addr, out, (socklen_t)size);
    // Node appends the interface of a link-local source (fe80::1%eth0); so do we, for the same strings.
    if (IN6_IS_ADDR_LINKLOCAL(&a6->sin6_addr) && a6->sin6_scope_id > 0) {
      size_t len = strlen(out);
      char name[IF_NAMESIZE];
      if (if_indextoname(a6->sin6_scope_id, name) != NULL) snprintf(out + len, size - len, "%%%s", name);
      else snprintf(out + len, size - len, "%%%u", a6->sin6_scope_id);
    }
  }
}

static bool same_source(const struct sockaddr_storage *a, const struct sockaddr_storage *b) {
  if (a->ss_family != b->ss_family) return false;
  if (a->ss_family == AF_INET) {
    return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
  }
  const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a, *b6 = (const struct sockaddr_in6 *)b;
  return memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof a6->sin6_addr) == 0 && a6->sin6_scope_id == b6->sin6_scope_id;
}

static bool is_cut(const reader_t *r, const struct mmsghdr *m) {
  return (m->msg_hdr.msg_flags & MSG_TRUNC) != 0 || m->msg_len > r->max_message_bytes;
}

/** Hands one batch to onBatch; the batch goes back to the pool once its bytes are copied. */
static void deliver_batch(napi_env env, reader_t *r, napi_value on_batch, batch_t *b) {
  napi_value undefined, args[5];
  napi_get_undefined(env, &undefined);
  napi_create_double(env, b->read_at_ms, &args[3]);
  if (b->error != 0) {
    napi_get_null(env, &args[0]);
    args[1] = args[2] = args[0];
    napi_create_string_utf8(env, errno_name(b->error), NAPI_AUTO_LENGTH, &args[4]);
    give_back(r, b);
    napi_call_function(env, undefined, on_batch, 5, args, NULL);
    return;
  }
  size_t total = 0;
  for (int i = 0; i < b->count; i++) {
    if (!is_cut(r, &b->msgs[i])) total += b->msgs[i].msg_len;
  }
  void *bytes = NULL, *length_bytes = NULL;
  napi_value length_buffer, sources;
  napi_create_buffer(env, total, &bytes, &args[0]);
  napi_create_arraybuffer(env, (size_t)b->count * sizeof(uint32_t), &length_bytes, &length_buffer);
  napi_create_typedarray(env, napi_uint32_array, (size_t)b->count, length_buffer, 0, &args[1]);
  napi_create_array_with_length(env, (size_t)b->count, &sources);
  args[2] = sources;
  uint32_t *lengths = length_bytes;
  char *out = bytes;
  napi_value source = NULL;
  for (int i = 0; i < b->count; i++) {
    const struct mmsghdr *m = &b->msgs[i];
    lengths[i] = m->msg_len;
    if (!is_cut(r, m)) {
      memcpy(out, b->data + (size_t)i * r->slot_bytes, m->msg_len);
      out += m->msg_len;
    }
    // One sender usually fills a batch (a CUCM node, a relay): build its address string once.
    if (source == NULL || !same_source(&b->from[i], &b->from[i - 1])) {
      char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
      format_address(&b->from[i], text, sizeof text);
      napi_create_string_latin1(env, text, NAPI_AUTO_LENGTH, &source);
    }
    napi_set_element(env, sources, (uint32_t)i, source);
  }
  give_back(r, b);
  napi_call_function(env, undefined, on_batch, 4, args, NULL);
}

/** The thread-safe function's call: every batch ready now, in the order read. Stays disarmed until next(). */
static void deliver(napi_env env, napi_value on_batch, void *context, void *data) {
  (void)data;
  reader_t *r = context;
  batch_t *taken[BATCHES];
  pthread_mutex_lock(&r->lock);
  int count = r->ready_count;
  memcpy(taken, r->ready, (size_t)count * sizeof taken[0]);
  r->ready_count = 0;
  // Nothing ready (next() was asked twice in one turn): no onBatch, so no next() would follow; wait for a read.
  if (count == 0) r->armed = true;
  pthread_mutex_unlock(&r->lock);
  for (int i = 0; i < count; i++) {
    if (env == NULL || !r->delivering) give_back(r, taken[i]);
    else deliver_batch(env, r, on_batch, taken[i]);
  }
}

static void release(reader_t *r) {
  if (--r->refs > 0) return;
  pthread_mutex_destroy(&r->lock);
  pthread_cond_destroy(&r->returned);
  if (r->pool != NULL) munmap(r->pool, r->pool_bytes);
  free(r);
}

/** Wakes the reader (shutdown ends a blocking recvmmsg; the broadcast ends a wait for a batch), joins it, closes. */
static void stop(reader_t *r) {
  if (r->stopped) return;
  r->stopped = true;
  __atomic_store_n(&r->closing, 1, __ATOMIC_RELEASE);
  // On an unconnected UDP socket shutdown() answers ENOTCONN yet marks the socket shut and wakes its readers.
  shutdown(r->fd, SHUT_RDWR);
  pthread_mutex_lock(&r->lock);
  pthread_cond_broadcast(&r->returned);
  pthread_mutex_unlock(&r->lock);
  if (r->thread_started) pthread_join(r->thread, NULL);
  close(r->fd);
}

static void tsfn_finalized(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  reader_t *r = data;
  stop(r); // the environment is going away without close(): still join before the memory goes
  release(r);
}

static void handle_collected(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  release(data);
}

/** next(): the batches read since the last delivery come in the next turn (at once when some are ready, else as
 * soon as one is read). Called on the main thread outside a delivery, so the wake-up cannot join the running one. */
static napi_value next_delivery(napi_env env, napi_callback_info info) {
  napi_value self;
  reader_t *r;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  if (napi_unwrap(env, self, (void **)&r) != napi_ok || r->stopped) return NULL;
  pthread_mutex_lock(&r->lock);
  bool wake = r->ready_count > 0;
  r->armed = !wake;
  pthread_mutex_unlock(&r->lock);
  if (wake) napi_call_threadsafe_function(r->tsfn, NULL, napi_tsfn_nonblocking);
  return NULL;
}

static napi_value close_reader(napi_env env, napi_callback_info info) {
  napi_value self;
  reader_t *r;
  napi_get_cb_info(env, info, NULL, NULL, &self, NULL);
  if (napi_unwrap(env, self, (void **)&r) != napi_ok || r->stopped) return NULL;
  r->delivering = false;
  stop(r);
  napi_release_threadsafe_function(r->tsfn, napi_tsfn_abort);
  napi_delete_reference(env, r->handle_ref);
  return NULL;
}

static bool get_uint32(napi_env env, napi_value v, uint32_t *out) {
  return napi_get_value_uint32(env, v, out) == napi_ok;
}

static void set_number(napi_env env, napi_value obj, const char *key, double value) {
  napi_value v;
  napi_create_double(env, value, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_string(napi_env env, napi_value obj, const char *key, const char *value) {
  napi_value v;
  napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, key, v);
}

static napi_value open_reader(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char host[INET6_ADDRSTRLEN];
  size_t host_len;
  uint32_t family, port, recv_buffer, max_message;
  napi_valuetype fn_type;
  if (argc < 6 || napi_get_value_string_utf8(env, argv[0], host, sizeof host, &host_len) != napi_ok
      || !get_uint32(env, argv[1], &family) || !get_uint32(env, argv[2], &port) || !get_uint32(env, argv[3], &recv_buffer)
      || !get_uint32(env, argv[4], &max_message) || napi_typeof(env, argv[5], &fn_type) != napi_ok || fn_type != napi_function
      || (family != 4 && family != 6) || port > 65535 || max_message == 0) {
    napi_throw_type_error(env, NULL, "open(host, family 4|6, port, recvBufferBytes, maxMessageBytes, onBatch)");
    return NULL;
  }

  struct sockaddr_storage addr;
  socklen_t addr_len;
  memset(&addr, 0, sizeof addr);
  if (family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)&addr;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    addr_len = sizeof *a;
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return throw_errno(env, "inet_pton", EINVAL);
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&addr;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    addr_len = sizeof *a;
    if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1) return throw_errno(env, "inet_pton", EINVAL);
  }

  // Blocking on purpose: only the reader thread reads it. No SO_REUSEADDR, like dgram without reuseAddr: a second
  // certwatch on the port fails with EADDRINUSE instead of quietly taking half the datagrams.
  int fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  if (bind(fd, (struct sockaddr *)&addr, addr_len) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "bind", err);
  }
  int requested = recv_buffer > INT32_MAX ? INT32_MAX : (int)recv_buffer;
  int recv_buffer_error = recv_buffer > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &requested, sizeof requested) != 0 ? errno : 0;
  int effective = 0;
  socklen_t effective_len = sizeof effective;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &effective, &effective_len);
  struct sockaddr_storage bound;
  socklen_t bound_len = sizeof bound;
  memset(&bound, 0, sizeof bound);
  getsockname(fd, (struct sockaddr *)&bound, &bound_len);
  char bound_text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  format_address(&bound, bound_text, sizeof bound_text);
  uint16_t bound_port = ntohs(bound.ss_family == AF_INET ? ((struct sockaddr_in *)&bound)->sin_port : ((struct sockaddr_in6 *)&bound)->sin6_port);

  reader_t *r = calloc(1, sizeof *r);
  if (r == NULL) {
    close(fd);
    return throw_errno(env, "calloc", ENOMEM);
  }
  r->fd = fd;
  r->max_message_bytes = max_message;
  r->slot_bytes = (size_t)max_message + 1;
  pthread_mutex_init(&r->lock, NULL);
  pthread_cond_init(&r->returned, NULL);
  // mmap rather than malloc: the slots go back to the kernel at close, instead of staying in the heap, fragmented.
  r->pool_bytes = BATCHES * SLOTS * r->slot_bytes;
  void *pool = mmap(NULL, r->pool_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pool == MAP_FAILED) {
    int err = errno;
    r->refs = 1;
    release(r);
    close(fd);
    return throw_errno(env, "mmap", err);
  }
  r->pool = pool;
  for (int i = 0; i < BATCHES; i++) {
    batch_t *b = &r->batches[i];
    b->data = r->pool + (size_t)i * SLOTS * r->slot_bytes;
    for (int s = 0; s < SLOTS; s++) {
      b->iov[s].iov_base = b->data + (size_t)s * r->slot_bytes;
      b->iov[s].iov_len = r->slot_bytes;
      b->msgs[s].msg_hdr.msg_iov = &b->iov[s];
      b->msgs[s].msg_hdr.msg_iovlen = 1;
      b->msgs[s].msg_hdr.msg_name = &b->from[s];
    }
    r->free_list[r->free_count++] = b;
  }

  napi_value handle, close_fn, next_fn, resource_name;
  napi_create_object(env, &handle);
  napi_create_string_utf8(env, "certwatch:udp-batch", NAPI_AUTO_LENGTH, &resource_name);
  r->refs = 2;
  if (napi_create_threadsafe_function(env, argv[5], NULL, resource_name, 0, 1, r, tsfn_finalized, r, deliver, &r->tsfn) != napi_ok) {
    r->refs = 1;
    release(r);
    close(fd);
    napi_throw_error(env, NULL, "napi_create_threadsafe_function failed");
    return NULL;
  }
  napi_wrap(env, handle, r, handle_collected, NULL, NULL);
  napi_create_reference(env, handle, 1, &r->handle_ref);
  r->delivering = true;
  r->armed = true;
  set_number(env, handle, "port", bound_port);
  set_string(env, handle, "address", bound_text);
  set_number(env, handle, "effectiveRecvBufferBytes", effective);
  set_string(env, handle, "recvBufferError", recv_buffer_error != 0 ? errno_name(recv_buffer_error) : "");
  napi_create_function(env, "close", NAPI_AUTO_LENGTH, close_reader, NULL, &close_fn);
  napi_set_named_property(env, handle, "close", close_fn);
  napi_create_function(env, "next", NAPI_AUTO_LENGTH, next_delivery, NULL, &next_fn);
  napi_set_named_property(env, handle, "next", next_fn);

  int err = pthread_create(&r->thread, NULL, read_loop, r);
  if (err != 0) {
    napi_call_function(env, handle, close_fn, 0, NULL, NULL);
    return throw_errno(env, "pthread_create", err);
  }
  r->thread_started = true;
  return handle;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "open", NAPI_AUTO_LENGTH, open_reader, NULL, &fn);
  napi_set_named_property(env, exports, "open", fn);
  return exports;
}
