// frame_scan: the noise screen of every syslog message, in C, for all the frames of one read at once (a TCP chunk,
// a UDP batch). It is the same decision as the JavaScript reference, src/parse/frame-screen.ts (prefilter.ts, then
// sniffNode on noise), byte for byte: a test holds the two equal over the corpus and random frames. JavaScript then
// touches only what is not noise and each run of one node's noise, instead of every frame (issue 11: the JavaScript
// prefilter was a third of the TCP path's busy time, and its per-frame objects fed the collector).
//
// JavaScript API (see src/parse/native-frame-screen.ts):
//   screen(buf, frames, count, out): frames (Int32Array) holds count pairs [start, end) into buf; out (Int32Array)
//   gets three numbers per frame: its verdict, and the node name's [start, end) in buf when the verdict is NODE.
//   Verdicts: 0 NODE (noise; node in buf[start..end)), 1 SAME_NODE (noise; the same bytes as the last NODE of this
//   call), 2 HEADER (noise; no label or plain header names the node: JavaScript reads the header), 3 MIGHT_BE_ALARM,
//   4 NOT_TEXT.
#define NAPI_VERSION 8
#include <node_api.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { NODE = 0, SAME_NODE = 1, HEADER = 2, MIGHT_BE_ALARM = 3, NOT_TEXT = 4 };

#define CUT_TAG_WINDOW 12
#define MAX_NODE_BYTES 255
#define HEADER_SNIFF_BYTES 256

typedef struct {
  const uint8_t *b;
  size_t n;
} frame_t;

/** The byte at k, or -1 past the end (the JavaScript reads undefined there, which equals nothing). */
static inline int at(frame_t f, size_t k) { return k < f.n ? f.b[k] : -1; }

// ---- the prefilter (prefilter.ts) ----
// The same verdict as prefilter(), reached with fewer stops: the forward pass looks only at the bytes a mark or a
// non-text byte can start at ('-', 'f', '_' in the last CUT_TAG_WINDOW bytes, control bytes, bytes >= 0x80), 16 at a
// time where SSE2 is there; the node labels are then found backwards, for noise only (findNodeLabels' way: CUCM puts
// NodeID near the end).

/** 1 for the bytes the forward pass skips: printable ASCII and space, but not '-' nor 'f'. In the last
 * CUT_TAG_WINDOW bytes '_' is looked at too (plain_tail). */
static uint8_t plain_head[256], plain_tail[256];

static void init_plain(void) {
  for (int c = 0x20; c < 0x7f; c++) plain_head[c] = plain_tail[c] = 1;
  plain_head['-'] = plain_head['f'] = 0;
  plain_tail['-'] = plain_tail['f'] = plain_tail['_'] = 0;
}

/** The first byte at or after i, before end, that plain_head does not skip (end when none). */
static size_t skip_plain_head(const uint8_t *b, size_t i, size_t end) {
#if defined(__SSE2__)
  const __m128i below_space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
  const __m128i dash = _mm_set1_epi8('-'), small_f = _mm_set1_epi8('f');
  while (i + 16 <= end) {
    __m128i v = _mm_loadu_si128((const __m128i *)(b + i));
    // Signed compare: the bytes >= 0x80 are negative, so below ' ' as well.
    __m128i stop = _mm_or_si128(_mm_cmplt_epi8(v, below_space), _mm_cmpeq_epi8(v, del));
    stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_cmpeq_epi8(v, small_f)));
    unsigned mask = (unsigned)_mm_movemask_epi8(stop);
    if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    i += 16;
  }
#endif
  while (i < end && plain_head[b[i]]) i++;
  return i;
}

static bool is_tag_word(frame_t f, size_t k) {
  uint8_t b0 = f.b[k], b1 = f.b[k + 1], b2 = f.b[k + 2], b3 = f.b[k + 3];
  if (b0 == 'C') return (b1 == 'E' && b2 == 'R' && b3 == 'T') || (b1 == 'e' && b2 == 'r' && b3 == 't');
  return b0 == 'c' && b1 == 'e' && b2 == 'r' && b3 == 't';
}

static const char MESSAGE_MARK[] = "ertificate name";
#define MESSAGE_MARK_F 4

static inline bool is_continuation(frame_t f, size_t k) { return k < f.n && (f.b[k] & 0xc0) == 0x80; }

/** Length of the well-formed UTF-8 sequence of 2 to 4 bytes at i (lead >= 0x80), else 0 (as Node's isUtf8). */
static size_t utf8_length(frame_t f, size_t i) {
  uint8_t lead = f.b[i];
  if (lead >= 0xc2 && lead <= 0xdf) return is_continuation(f, i + 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (i + 2 >= f.n) return 0;
    uint8_t b1 = f.b[i + 1], low = lead == 0xe0 ? 0xa0 : 0x80, high = lead == 0xed ? 0x9f : 0xbf;
    return b1 >= low && b1 <= high && is_continuation(f, i + 2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (i + 3 >= f.n) return 0;
    uint8_t b1 = f.b[i + 1], low = lead == 0xf0 ? 0x90 : 0x80, high = lead == 0xf4 ? 0x8f : 0xbf;
    return b1 >= low && b1 <= high && is_continuation(f, i + 2) && is_continuation(f, i + 3) ? 4 : 0;
  }
  return 0;
}

/** NODE (noise), MIGHT_BE_ALARM or NOT_TEXT, as prefilter() decides. */
static int prefilter(frame_t f) {
  const size_t n = f.n;
  // From here on a '_' may start the cut tag `_CERT` (prefilter.ts: CUT_TAG_WINDOW).
  const size_t tail = n > CUT_TAG_WINDOW ? n - CUT_TAG_WINDOW : 0;
  bool blank = true;
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    i = skip_plain_head(f.b, i, tail > i ? tail : i);
    while (i < n && i >= tail && plain_tail[f.b[i]]) i++; // a head's run that reached the tail goes on in it
    for (size_t k = run; blank && k < i; k++) if (f.b[k] != ' ') blank = false;
    if (i == n) break;
    uint8_t b = f.b[i];
    if (b == '-') {
      if (i >= 4 && is_tag_word(f, i - 4)) return MIGHT_BE_ALARM;
    } else if (b == 'f') {
      if (i >= MESSAGE_MARK_F && i - MESSAGE_MARK_F + sizeof MESSAGE_MARK - 1 <= n
          && memcmp(f.b + i - MESSAGE_MARK_F, MESSAGE_MARK, sizeof MESSAGE_MARK - 1) == 0) return MIGHT_BE_ALARM;
    } else if (b == '_') {
      if (i + 4 < n && f.b[i + 1] == 'C' && f.b[i + 2] == 'E' && f.b[i + 3] == 'R' && f.b[i + 4] == 'T') return MIGHT_BE_ALARM;
    } else if (b < 0x80) {
      if (b == 0x00) {
        if (i != n - 1) return NOT_TEXT;
      } else if (b != 0x0a && b != 0x0d && b != 0x09) {
        blank = false;
      }
      i++;
      continue;
    } else {
      size_t length = utf8_length(f, i);
      if (length == 0) return NOT_TEXT;
      blank = false;
      i += length;
      continue;
    }
    blank = false;
    i++;
  }
  return blank ? NOT_TEXT : NODE;
}

// ---- the node labels (node-labels.ts) ----

typedef struct {
  long node_id, node_space_id, node_id_lower, legacy;
} labels_t;

static bool node_before(frame_t f, size_t end) {
  return end >= 4 && f.b[end - 4] == 'N' && f.b[end - 3] == 'o' && f.b[end - 2] == 'd' && f.b[end - 1] == 'e';
}

/** labelEndingAt: the label whose value starts after f.b[i] (an '=' or ':' at i >= 6), or NULL. */
static long *label_ending_at(frame_t f, size_t i, labels_t *l) {
  uint8_t c = f.b[i], last = f.b[i - 1];
  if ((last != 'D' && last != 'd') || f.b[i - 2] != 'I') return NULL;
  if (c == '=') {
    if (last == 'D' && node_before(f, i - 2)) return &l->node_id;
    if (last == 'D' && f.b[i - 3] == ' ' && node_before(f, i - 3)) return &l->node_space_id;
    if (last == 'd' && node_before(f, i - 2)) return &l->node_id_lower;
  } else if (c == ':' && last == 'D' && f.b[i - 3] == ' ' && node_before(f, i - 3) && i >= 8 && f.b[i - 8] == ' ') {
    return &l->legacy;
  }
  return NULL;
}

/** Notes the label ending at i (if any) where none was found yet; true when it was the `NodeID=` to stop at. */
static inline bool note_label(frame_t f, size_t i, bool stop_at_node_id, labels_t *l) {
  long *label = label_ending_at(f, i, l);
  if (label == NULL) return false;
  if (*label < 0) *label = (long)i + 1;
  return label == &l->node_id && stop_at_node_id;
}

/** findNodeLabels: the last position of each label, in one backwards pass (16 bytes at a time where SSE2 is there);
 * with stop_at_node_id it ends at the last `NodeID=` (the others are then only those after it). */
static void find_node_labels(frame_t f, bool stop_at_node_id, labels_t *l) {
  l->node_id = l->node_space_id = l->node_id_lower = l->legacy = -1;
  size_t i = f.n; // every byte at or after i was looked at
#if defined(__SSE2__)
  const __m128i equals = _mm_set1_epi8('='), colon = _mm_set1_epi8(':');
  while (i >= 16 + 6) {
    __m128i v = _mm_loadu_si128((const __m128i *)(f.b + i - 16));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, equals), _mm_cmpeq_epi8(v, colon)));
    while (mask != 0) { // the last one first
      int bit = 31 - __builtin_clz(mask);
      if (note_label(f, i - 16 + (size_t)bit, stop_at_node_id, l)) return;
      mask &= ~(1u << bit);
    }
    i -= 16;
  }
#endif
  while (i-- > 6) {
    uint8_t c = f.b[i];
    if ((c == '=' || c == ':') && note_label(f, i, stop_at_node_id, l)) return;
  }
}

// ---- the node of a noise frame (sniff-node.ts) ----

static inline bool is_trimmed(int c) { return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0xa0; }
static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static inline bool is_alnum(int c) { return is_digit(c) || is_upper(c) || is_lower(c); }
static inline bool is_host_char(int c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; }
static inline bool is_token_end(int c) { return is_trimmed(c) || c == '|' || c == ']'; }

typedef struct {
  size_t from, to;
} range_t;

/** nameAt: f.b[from..to) trimmed, when it is a node name (isNodeNameChars). */
static bool name_at(frame_t f, size_t from, size_t to, range_t *out) {
  while (from < to && is_trimmed(f.b[from])) from++;
  while (to > from && is_trimmed(f.b[to - 1])) to--;
  if (to == from || to - from > MAX_NODE_BYTES || !is_alnum(f.b[from])) return false;
  for (size_t i = from + 1; i < to; i++) {
    uint8_t c = f.b[i];
    if (!(is_alnum(c) || c == '_' || ((c == '.' || c == '-') && i < to - 1))) return false;
  }
  out->from = from;
  out->to = to;
  return true;
}

static bool bracket_value(frame_t f, size_t start, range_t *out) {
  size_t limit = start + MAX_NODE_BYTES < f.n ? start + MAX_NODE_BYTES : f.n;
  size_t end = start;
  while (end < limit && f.b[end] != ']') end++;
  return name_at(f, start, end, out);
}

/** `%UC_` or `%CCM_` wholly within f.b[0..end). */
static bool has_cisco_tag(frame_t f, size_t end) {
  for (const uint8_t *at = memchr(f.b, '%', end); at != NULL; at = memchr(at + 1, '%', end - (size_t)(at + 1 - f.b))) {
    size_t p = (size_t)(at - f.b);
    if (p + 4 <= end && f.b[p + 1] == 'U' && f.b[p + 2] == 'C' && f.b[p + 3] == '_') return true;
    if (p + 5 <= end && f.b[p + 1] == 'C' && f.b[p + 2] == 'C' && f.b[p + 3] == 'M' && f.b[p + 4] == '_') return true;
  }
  return false;
}

static bool is_ipv4(frame_t f, size_t from, size_t to) {
  size_t i = from;
  for (int groups = 0; groups < 4;) {
    size_t digits_start = i;
    while (i < to && i - digits_start < 3 && is_digit(at(f, i))) i++;
    if (i == digits_start) return false;
    if (++groups < 4) {
      if (at(f, i) != '.' || i >= to) return false;
      i++;
    }
  }
  return i == to;
}

/** rfc3164Host: the host of `<PRI>Mmm dd hh:mm:ss HOST `, short form. */
static bool rfc3164_host(frame_t f, range_t *out) {
  size_t i = 0;
  if (at(f, 0) == '<') {
    int digits = 0;
    for (i = 1; is_digit(at(f, i)) && digits < 3; i++) digits++;
    if (digits == 0 || at(f, i) != '>') return false;
    i++;
  }
  if (!is_upper(at(f, i)) || !is_lower(at(f, i + 1)) || !is_lower(at(f, i + 2)) || at(f, i + 3) != ' ') return false;
  i += 4;
  if (at(f, i) == ' ') i++;
  if (!is_digit(at(f, i))) return false;
  i += is_digit(at(f, i + 1)) ? 2 : 1;
  if (at(f, i) != ' ' || !is_digit(at(f, i + 1)) || !is_digit(at(f, i + 2)) || at(f, i + 3) != ':'
      || !is_digit(at(f, i + 4)) || !is_digit(at(f, i + 5)) || at(f, i + 6) != ':' || !is_digit(at(f, i + 7))
      || !is_digit(at(f, i + 8)) || at(f, i + 9) != ' ') return false;
  i += 10;
  size_t start = i;
  if (!is_alnum(at(f, i))) return false;
  long first_dot = -1;
  while (i < f.n && i - start < MAX_NODE_BYTES && is_host_char(f.b[i])) {
    if (f.b[i] == '.' && first_dot < 0) first_dot = (long)i;
    i++;
  }
  if (at(f, i) != ' ' || i >= HEADER_SNIFF_BYTES) return false;
  if (has_cisco_tag(f, f.n < HEADER_SNIFF_BYTES ? f.n : HEADER_SNIFF_BYTES)) return false;
  int last = at(f, i - 1);
  if (last == '.' || last == '-') return false;
  out->from = start;
  out->to = first_dot < 0 || is_ipv4(f, start, i) ? i : (size_t)first_dot;
  return true;
}

/** sniffNode: NODE with the range, or HEADER (no label or plain header names the node: JavaScript reads the header). */
static int sniff_node(frame_t f, range_t *out) {
  labels_t labels, *l = &labels;
  find_node_labels(f, true, l);
  if (l->node_id >= 0) {
    if (bracket_value(f, (size_t)l->node_id, out)) return NODE;
    find_node_labels(f, false, l); // that NodeID is no node name: the other labels anywhere before it count
  }
  if (l->node_space_id >= 0 && bracket_value(f, (size_t)l->node_space_id, out)) return NODE;
  if (l->node_id_lower >= 0 && bracket_value(f, (size_t)l->node_id_lower, out)) return NODE;
  if (l->legacy >= 0) {
    size_t window_end = (size_t)l->legacy + MAX_NODE_BYTES < f.n ? (size_t)l->legacy + MAX_NODE_BYTES : f.n;
    size_t from = (size_t)l->legacy;
    while (from < window_end && is_trimmed(f.b[from])) from++;
    size_t to = from;
    while (to < window_end && !is_token_end(f.b[to])) to++;
    if (name_at(f, from, to, out)) return NODE;
  }
  return rfc3164_host(f, out) ? NODE : HEADER;
}

// ---- JavaScript ----

static napi_value screen(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *data = NULL, *frames_data = NULL, *out_data = NULL;
  size_t length = 0, frames_length = 0, out_length = 0;
  napi_typedarray_type frames_type, out_type;
  uint32_t count = 0;
  if (argc < 4 || napi_get_buffer_info(env, argv[0], &data, &length) != napi_ok
      || napi_get_typedarray_info(env, argv[1], &frames_type, &frames_length, &frames_data, NULL, NULL) != napi_ok
      || napi_get_value_uint32(env, argv[2], &count) != napi_ok
      || napi_get_typedarray_info(env, argv[3], &out_type, &out_length, &out_data, NULL, NULL) != napi_ok
      || frames_type != napi_int32_array || out_type != napi_int32_array
      || (size_t)count * 2 > frames_length || (size_t)count * 3 > out_length) {
    napi_throw_type_error(env, NULL, "screen(buffer, frames Int32Array[2n], count n, out Int32Array[3n])");
    return NULL;
  }
  const uint8_t *bytes = data;
  const int32_t *frames = frames_data;
  int32_t *out = out_data;
  const uint8_t *last_node = NULL;
  size_t last_node_length = 0;
  for (uint32_t k = 0; k < count; k++) {
    int32_t start = frames[2 * k], end = frames[2 * k + 1];
    int32_t *verdict = out + 3 * k;
    verdict[1] = verdict[2] = -1;
    if (start < 0 || end < start || (size_t)end > length) {
      napi_throw_range_error(env, NULL, "screen: a frame lies outside the buffer");
      return NULL;
    }
    frame_t f = {bytes + start, (size_t)(end - start)};
    int v = prefilter(f);
    if (v == NODE) {
      range_t node;
      v = sniff_node(f, &node);
      if (v == NODE) {
        size_t node_length = node.to - node.from;
        if (last_node != NULL && node_length == last_node_length && memcmp(last_node, f.b + node.from, node_length) == 0) {
          v = SAME_NODE;
        } else {
          last_node = f.b + node.from;
          last_node_length = node_length;
          verdict[1] = start + (int32_t)node.from;
          verdict[2] = start + (int32_t)node.to;
        }
      }
    }
    verdict[0] = v;
  }
  return NULL;
}

NAPI_MODULE_INIT() {
  init_plain();
  napi_value fn;
  napi_create_function(env, "screen", NAPI_AUTO_LENGTH, screen, NULL, &fn);
  napi_set_named_property(env, exports, "screen", fn);
  return exports;
}
