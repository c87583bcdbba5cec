/*
 * test_buf.c - the building blocks every stage stands on: struct nw_buf
 * (never-NULL, NUL-terminated, hard cap), the arena (alignment, zero fill,
 * big blocks, reuse), strict UTF-8 (decode, valid, repair, encode), the
 * JSON string writer (read back with jansson) and struct nw_err.
 *
 * Files go to a mkdtemp directory under /tmp that is removed at the end.
 * Probes that may crash on a bug (arena size overflow) run in a forked
 * child so one failure does not hide the other cases.  The whole program
 * runs in well under a second.
 */
#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "err.h"
#include "buf.h"
#include "arena.h"
#include "utf8.h"
#include "json.h"
#include "t.h"

#define FFFD "\xEF\xBF\xBD"

/* Let an impossible allocation return NULL under ASan instead of aborting. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* A fresh directory under /tmp; removed (with its files) by rm_tmpdir. */
static char *make_tmpdir(void)
{
	static char tmpl[64];

	snprintf(tmpl, sizeof(tmpl), "/tmp/nw-test-buf-XXXXXX");
	return mkdtemp(tmpl);
}

static void rm_tmpdir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd)) {
		/* a leftover directory in /tmp is harmless */
	}
}

static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return 0;
	ok = fwrite(data, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

/* The invariant of buf.h, checked after every operation. */
static int buf_ok(const struct nw_buf *b)
{
	return b->data != NULL && b->data[b->len] == '\0' && b->len <= b->max &&
	       (b->cap == 0 || b->len < b->cap);
}

/* ---- struct nw_buf ---- */

static void buf_invariants(void)
{
	struct nw_buf b;

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 0);
	T_STREQ(b.data, "");

	/* truncate and reset of a buffer that never allocated */
	nw_buf_truncate(&b, 0);
	nw_buf_reset(&b);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "");

	T_EXPECT(nw_buf_add(&b, "hello", 5) == NW_OK);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 5);
	T_STREQ(b.data, "hello");
	T_EXPECT(nw_buf_addstr(&b, ", world") == NW_OK);
	T_EXPECT(nw_buf_addch(&b, '!') == NW_OK);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "hello, world!");

	/* zero-length appends change nothing */
	T_EXPECT(nw_buf_add(&b, "xyz", 0) == NW_OK);
	T_EXPECT(nw_buf_addstr(&b, "") == NW_OK);
	T_EXPECT(b.len == 13);

	nw_buf_truncate(&b, 5);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 5);
	T_STREQ(b.data, "hello");
	nw_buf_truncate(&b, 100); /* longer than len: no change */
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 5);

	nw_buf_reset(&b);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 0);
	T_STREQ(b.data, "");
	T_EXPECT(nw_buf_addstr(&b, "again") == NW_OK);
	T_STREQ(b.data, "again");

	nw_buf_release(&b);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 0);
	T_EXPECT(b.max == NW_BUF_NOCAP);
	T_STREQ(b.data, "");
	nw_buf_release(&b); /* twice is harmless */
	T_ASSERT(buf_ok(&b));
}

static void buf_binary(void)
{
	static const char bin[] = {'a', '\0', 'b', '\0', '\xff'};
	struct nw_buf b;

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_buf_add(&b, bin, sizeof(bin)) == NW_OK);
	T_EXPECT(nw_buf_addch(&b, 0) == NW_OK);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == sizeof(bin) + 1);
	T_EXPECT(!memcmp(b.data, bin, sizeof(bin)));
	T_EXPECT(b.data[sizeof(bin)] == '\0');
	nw_buf_release(&b);
}

static void buf_cap(void)
{
	struct nw_buf b;

	nw_buf_init(&b, 10);
	T_EXPECT(nw_buf_addstr(&b, "abcdef") == NW_OK);
	/* 6 + 5 > 10: refused, nothing appended */
	T_EXPECT(nw_buf_add(&b, "12345", 5) == NW_ETOOBIG);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 6);
	T_STREQ(b.data, "abcdef");
	T_EXPECT(nw_buf_printf(&b, "%s", "12345") == NW_ETOOBIG);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "abcdef");
	/* exactly max is fine */
	T_EXPECT(nw_buf_add(&b, "1234", 4) == NW_OK);
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 10);
	T_STREQ(b.data, "abcdef1234");
	T_EXPECT(nw_buf_addch(&b, 'x') == NW_ETOOBIG);
	T_EXPECT(nw_buf_addstr(&b, "x") == NW_ETOOBIG);
	T_EXPECT(nw_buf_printf(&b, "%d", 7) == NW_ETOOBIG);
	T_EXPECT(nw_buf_add(&b, "", 0) == NW_OK);
	T_EXPECT(nw_buf_printf(&b, "%s", "") == NW_OK);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "abcdef1234");
	/* room again after truncating */
	nw_buf_truncate(&b, 8);
	T_EXPECT(nw_buf_addstr(&b, "zz") == NW_OK);
	T_STREQ(b.data, "abcdef12zz");
	nw_buf_release(&b);
	T_EXPECT(b.max == 10);

	/* a zero cap takes nothing and stays a valid empty string */
	nw_buf_init(&b, 0);
	T_EXPECT(nw_buf_addch(&b, 'a') == NW_ETOOBIG);
	T_EXPECT(nw_buf_printf(&b, "x") == NW_ETOOBIG);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "");
	nw_buf_release(&b);

	/* a huge append against NOCAP must fail cleanly, not wrap around */
	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_buf_addstr(&b, "ab") == NW_OK);
	T_EXPECT(nw_buf_add(&b, "x", NW_BUF_NOCAP) == NW_ETOOBIG);
	T_EXPECT(nw_buf_add(&b, "x", (size_t)-1) == NW_ETOOBIG);
	T_ASSERT(buf_ok(&b));
	T_STREQ(b.data, "ab");
	nw_buf_release(&b);
}

static void buf_printf_growth(void)
{
	struct nw_buf b;
	char *want = malloc(64 * 1024), *big = malloc(100001);
	size_t wlen = 0;
	int i;

	T_ASSERT(want && big);
	nw_buf_init(&b, NW_BUF_NOCAP);
	for (i = 0; i < 5000; i++) {
		T_EXPECT(nw_buf_printf(&b, "%05d:%s;", i, i % 2 ? "odd" : "even") == NW_OK);
		wlen += (size_t)snprintf(want + wlen, 64 * 1024 - wlen, "%05d:%s;", i,
					 i % 2 ? "odd" : "even");
	}
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len == wlen);
	T_EXPECT(b.len > 40000);
	T_EXPECT(!memcmp(b.data, want, wlen));

	/* one conversion much larger than the current capacity */
	memset(big, 'q', 100000);
	big[100000] = '\0';
	nw_buf_reset(&b);
	T_EXPECT(nw_buf_printf(&b, "<%s>", big) == NW_OK);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len == 100002);
	T_EXPECT(b.data[0] == '<' && b.data[100001] == '>' && b.data[50000] == 'q');
	nw_buf_release(&b);
	free(want);
	free(big);
}

static void buf_detach(void)
{
	struct nw_buf b;
	size_t len = 99;
	char *p;

	nw_buf_init(&b, 1000);
	T_EXPECT(nw_buf_addstr(&b, "keep me") == NW_OK);
	p = nw_buf_detach(&b, &len);
	T_ASSERT(p != NULL);
	T_EXPECT(len == 7);
	T_STREQ(p, "keep me");
	free(p);
	/* the buffer is re-initialised and usable, cap kept */
	T_ASSERT(buf_ok(&b));
	T_EXPECT(b.len == 0);
	T_EXPECT(b.max == 1000);
	T_STREQ(b.data, "");
	T_EXPECT(nw_buf_addstr(&b, "next") == NW_OK);
	T_STREQ(b.data, "next");
	nw_buf_release(&b);

	/* detaching an empty buffer still gives a free()able string */
	nw_buf_init(&b, 10);
	len = 99;
	p = nw_buf_detach(&b, &len);
	T_ASSERT(p != NULL);
	T_EXPECT(len == 0);
	T_STREQ(p, "");
	free(p);
	p = nw_buf_detach(&b, NULL);
	T_ASSERT(p != NULL);
	free(p);
	T_ASSERT(buf_ok(&b));
}

static void buf_read_file(void)
{
	char *dir = make_tmpdir(), path[256], missing[256];
	size_t n = 200000, i;
	char *data = malloc(n);
	struct nw_err e = {0};
	struct nw_buf b;

	T_ASSERT(dir && data);
	for (i = 0; i < n; i++)
		data[i] = (char)(i * 7 + i / 251); /* includes NUL bytes */
	snprintf(path, sizeof(path), "%s/data.bin", dir);
	T_ASSERT(write_file(path, data, n));

	nw_buf_init(&b, NW_BUF_NOCAP);
	T_EXPECT(nw_buf_read_file(&b, path, &e) == NW_OK);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len == n);
	T_EXPECT(b.len == n && !memcmp(b.data, data, n));
	nw_buf_release(&b);

	/* exactly the cap is fine */
	nw_buf_init(&b, n);
	T_EXPECT(nw_buf_read_file(&b, path, &e) == NW_OK);
	T_EXPECT(b.len == n);
	nw_buf_release(&b);

	/* one byte over the cap */
	nw_buf_init(&b, n - 1);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_buf_read_file(&b, path, &e) == NW_ETOOBIG);
	T_EXPECT(e.code == NW_ETOOBIG);
	T_EXPECT(strstr(e.msg, path) != NULL);
	T_EXPECT(buf_ok(&b));
	nw_buf_release(&b);

	/* far over the cap */
	nw_buf_init(&b, 1000);
	T_EXPECT(nw_buf_read_file(&b, path, NULL) == NW_ETOOBIG);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len <= 1000);
	nw_buf_release(&b);

	/* missing file: NW_EIO naming the path and the reason */
	snprintf(missing, sizeof(missing), "%s/no-such-file.txt", dir);
	nw_buf_init(&b, NW_BUF_NOCAP);
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_buf_read_file(&b, missing, &e) == NW_EIO);
	T_EXPECT(e.code == NW_EIO);
	T_EXPECT(strstr(e.msg, missing) != NULL);
	T_EXPECT(strstr(e.msg, strerror(ENOENT)) != NULL);
	T_EXPECT(nw_buf_read_file(&b, missing, NULL) == NW_EIO);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len == 0);

	/* a directory opens but cannot be read */
	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_buf_read_file(&b, dir, &e) == NW_EIO);
	T_EXPECT(strstr(e.msg, dir) != NULL);

	/* an empty file */
	snprintf(path, sizeof(path), "%s/empty", dir);
	T_ASSERT(write_file(path, "", 0));
	T_EXPECT(nw_buf_read_file(&b, path, &e) == NW_OK);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len == 0);
	nw_buf_release(&b);
	free(data);
	rm_tmpdir(dir);
}

/* ---- struct nw_arena ---- */

static int all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void arena_alloc_align_zero(void)
{
	enum { N = 3000 };
	static unsigned char *ptr[N];
	static size_t size[N];
	struct nw_arena a;
	size_t i, k;

	nw_arena_init(&a);
	/* sizes 1..97 in many blocks' worth: every pointer aligned, zeroed, separate */
	for (i = 0; i < N; i++) {
		size[i] = 1 + (i * 37) % 97;
		ptr[i] = nw_arena_alloc(&a, size[i]);
		T_ASSERT(ptr[i] != NULL);
		T_EXPECT((uintptr_t)ptr[i] % alignof(max_align_t) == 0);
		T_EXPECT(all_zero(ptr[i], size[i]));
		memset(ptr[i], (int)(i & 0xff) | 1, size[i]);
	}
	for (i = 0; i < N; i++)
		for (k = 0; k < size[i]; k++)
			if (ptr[i][k] != ((i & 0xff) | 1)) {
				T_EXPECT(!"an allocation was overwritten by another");
				i = N;
				break;
			}
	T_EXPECT(a.used_total >= N);
	T_EXPECT(nw_arena_alloc(&a, 0) != NULL);

	/* release then reuse: fresh memory is zeroed again */
	nw_arena_release(&a);
	T_EXPECT(a.head == NULL);
	T_EXPECT(a.used_total == 0);
	for (i = 0; i < 100; i++) {
		unsigned char *p = nw_arena_alloc(&a, 1000);

		T_ASSERT(p != NULL);
		T_EXPECT((uintptr_t)p % alignof(max_align_t) == 0);
		T_EXPECT(all_zero(p, 1000));
		memset(p, 0xAA, 1000);
	}
	nw_arena_release(&a);
	nw_arena_release(&a); /* twice is harmless */
}

static void arena_big(void)
{
	struct nw_arena a;
	unsigned char *small1, *big, *small2, *huge;

	nw_arena_init(&a);
	/* an allocation larger than a block on an empty arena */
	huge = nw_arena_alloc(&a, 1 << 20);
	T_ASSERT(huge != NULL);
	T_EXPECT((uintptr_t)huge % alignof(max_align_t) == 0);
	T_EXPECT(all_zero(huge, 1 << 20));
	memset(huge, 1, 1 << 20);

	small1 = nw_arena_alloc(&a, 100);
	T_ASSERT(small1 != NULL);
	memset(small1, 2, 100);
	big = nw_arena_alloc(&a, 200000);
	T_ASSERT(big != NULL);
	T_EXPECT((uintptr_t)big % alignof(max_align_t) == 0);
	T_EXPECT(all_zero(big, 200000));
	memset(big, 3, 200000);
	small2 = nw_arena_alloc(&a, 100);
	T_ASSERT(small2 != NULL);
	T_EXPECT(all_zero(small2, 100));
	memset(small2, 4, 100);
	T_EXPECT(huge[(1 << 20) - 1] == 1 && small1[99] == 2 && big[199999] == 3);
	nw_arena_release(&a);
}

static void arena_strings(void)
{
	static const char notnul[4] = {'a', 'b', 'c', 'd'}; /* no terminator */
	struct nw_arena a;
	char *big = malloc(100001), *p;

	T_ASSERT(big != NULL);
	nw_arena_init(&a);
	T_STREQ(nw_arena_strndup(&a, notnul, 4), "abcd");
	T_STREQ(nw_arena_strndup(&a, "hello world", 5), "hello");
	T_STREQ(nw_arena_strndup(&a, "x", 0), "");
	T_STREQ(nw_arena_strdup(&a, "copy"), "copy");
	T_STREQ(nw_arena_strdup(&a, ""), "");
	T_STREQ(nw_arena_printf(&a, "%s-%d-%c", "id", 42, 'z'), "id-42-z");
	T_STREQ(nw_arena_printf(&a, "%s", ""), "");

	/* the copy is independent of its source */
	memcpy(big, "abc", 4);
	p = nw_arena_strdup(&a, big);
	big[0] = 'X';
	T_STREQ(p, "abc");

	/* a printf result larger than a block */
	memset(big, 'w', 100000);
	big[100000] = '\0';
	p = nw_arena_printf(&a, "[%s]", big);
	T_ASSERT(p != NULL);
	T_EXPECT(strlen(p) == 100002);
	T_EXPECT(p[0] == '[' && p[100001] == ']' && p[777] == 'w');
	p = nw_arena_strndup(&a, big, 100000);
	T_ASSERT(p != NULL);
	T_EXPECT(strlen(p) == 100000);
	nw_arena_release(&a);

	/* reuse after release */
	T_STREQ(nw_arena_strdup(&a, "after"), "after");
	nw_arena_release(&a);
	free(big);
}

/* Run the impossible sizes in a child: a wrapped size may crash. */
static int arena_overflow_child(void)
{
	static const size_t sizes[] = {(size_t)-1, (size_t)-1 - 8, (size_t)-1 - 31,
				       (size_t)-1 - 64 * 1024};
	struct nw_arena a;
	size_t i;
	int bad = 0;

	nw_arena_init(&a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (nw_arena_alloc(&a, sizes[i]) != NULL) {
			printf("#   nw_arena_alloc(SIZE_MAX - %zu) returned non-NULL\n",
			       (size_t)-1 - sizes[i]);
			bad = 1;
		}
	}
	nw_arena_release(&a);
	return bad;
}

static void arena_overflow(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	T_ASSERT(pid >= 0);
	if (pid == 0) {
		setvbuf(stdout, NULL, _IONBF, 0); /* say what failed before a crash */
		_exit(arena_overflow_child());
	}
	T_ASSERT(waitpid(pid, &status, 0) == pid);
	T_EXPECT(WIFEXITED(status));
	T_EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- UTF-8 ---- */

struct dec_case {
	const char *s;
	size_t n;
	size_t want_len; /* 0: invalid */
	uint32_t want_cp;
};

static const struct dec_case dec_cases[] = {
    /* valid, 1 to 4 bytes, and the edges of each length */
    {"A", 1, 1, 0x41},
    {"\0", 1, 1, 0},
    {"\x7f", 1, 1, 0x7f},
    {"\xC2\x80", 2, 2, 0x80},
    {"\xC3\xA9", 2, 2, 0xE9},
    {"\xDF\xBF", 2, 2, 0x7FF},
    {"\xE0\xA0\x80", 3, 3, 0x800},
    {"\xE2\x82\xAC", 3, 3, 0x20AC},
    {"\xED\x9F\xBF", 3, 3, 0xD7FF},
    {"\xEE\x80\x80", 3, 3, 0xE000},
    {"\xEF\xBF\xBD", 3, 3, 0xFFFD},
    {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
    {"\xF0\x90\x80\x80", 4, 4, 0x10000},
    {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
    {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
    /* decoding stops at the first code point */
    {"ab", 2, 1, 0x61},
    {"\xC3\xA9z", 3, 2, 0xE9},
    /* overlong */
    {"\xC0\x80", 2, 0, 0},
    {"\xC0\xAF", 2, 0, 0},
    {"\xC1\xBF", 2, 0, 0},
    {"\xE0\x80\x80", 3, 0, 0},
    {"\xE0\x80\xAF", 3, 0, 0},
    {"\xE0\x9F\xBF", 3, 0, 0},
    {"\xF0\x80\x80\x80", 4, 0, 0},
    {"\xF0\x80\x80\xAF", 4, 0, 0},
    {"\xF0\x8F\xBF\xBF", 4, 0, 0},
    /* surrogates */
    {"\xED\xA0\x80", 3, 0, 0},
    {"\xED\xAD\xBF", 3, 0, 0},
    {"\xED\xB0\x80", 3, 0, 0},
    {"\xED\xBF\xBF", 3, 0, 0},
    /* past U+10FFFF, and lead bytes that can never start a sequence */
    {"\xF4\x90\x80\x80", 4, 0, 0},
    {"\xF5\x80\x80\x80", 4, 0, 0},
    {"\xF7\xBF\xBF\xBF", 4, 0, 0},
    {"\xF8\x88\x80\x80\x80", 5, 0, 0},
    {"\xFC\x84\x80\x80\x80\x80", 6, 0, 0},
    {"\xFE", 1, 0, 0},
    {"\xFF", 1, 0, 0},
    /* truncated: by the end of the input, or by n */
    {"\xC3", 1, 0, 0},
    {"\xE2\x82", 2, 0, 0},
    {"\xF0\x9F\x98", 3, 0, 0},
    {"\xE2\x82\xAC", 2, 0, 0},
    {"\xF0\x9F\x98\x80", 3, 0, 0},
    /* a lead byte followed by something other than a continuation */
    {"\xC3\x41", 2, 0, 0},
    {"\xC3\xC3\xA9", 3, 0, 0},
    {"\xE2\x28\xA1", 3, 0, 0},
    {"\xE2\x82\x28", 3, 0, 0},
    {"\xF0\x9F\x98\x41", 4, 0, 0},
    /* stray continuation bytes */
    {"\x80", 1, 0, 0},
    {"\xBF", 1, 0, 0},
    {"\x80\x80", 2, 0, 0},
};

static void utf8_decode_valid(void)
{
	size_t i;

	for (i = 0; i < sizeof(dec_cases) / sizeof(dec_cases[0]); i++) {
		const struct dec_case *c = &dec_cases[i];
		uint32_t cp = 12345;
		size_t k = nw_utf8_decode(c->s, c->n, &cp);
		int ok = k == c->want_len && cp == (c->want_len ? c->want_cp : 0xFFFD);

		if (!ok)
			printf("#   case %zu: decode gave len %zu cp U+%04X\n", i, k, (unsigned)cp);
		T_EXPECT(ok);
		/* a whole sequence is valid exactly when it decodes to its own length */
		if (c->want_len == 0 || c->want_len == c->n) {
			int v = nw_utf8_valid(c->s, c->n);

			if (v != (c->want_len != 0))
				printf("#   case %zu: valid gave %d\n", i, v);
			T_EXPECT(v == (c->want_len != 0));
		}
	}
	T_EXPECT(nw_utf8_valid("", 0));
	T_EXPECT(nw_utf8_valid("plain ascii\n\t", 13));
	T_EXPECT(nw_utf8_valid("a\0b", 3));
	T_EXPECT(nw_utf8_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14));
	/* one bad byte anywhere spoils the whole */
	T_EXPECT(!nw_utf8_valid("caf\xC3\xA9 \x80 ok", 10));
	T_EXPECT(!nw_utf8_valid("valid then truncated \xE2\x82", 23));
	T_EXPECT(!nw_utf8_valid("\xED\xA0\x80\xED\xB0\x80", 6)); /* CESU-8 pair */
	/* n bounds the check: the bad byte after n is not looked at */
	T_EXPECT(nw_utf8_valid("ok\xFF", 2));
}

struct repair_case {
	const char *in;
	size_t n;
	const char *want;
	size_t wlen;
};

#define R(in, want)                                                                                \
	{                                                                                          \
		in, sizeof(in) - 1, want, sizeof(want) - 1                                         \
	}

/* Each byte that cannot start a valid sequence becomes one U+FFFD. */
static const struct repair_case repair_cases[] = {
    R("plain", "plain"),
    R("", ""),
    R("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
    R("a\x80z", "a" FFFD "z"),
    R("\xFF\xFE", FFFD FFFD),
    R("a\xC0\xAFz", "a" FFFD FFFD "z"),
    R("\xED\xA0\x80!", FFFD FFFD FFFD "!"),
    R("\xF4\x90\x80\x80z", FFFD FFFD FFFD FFFD "z"),
    R("x\xE2\x82", "x" FFFD FFFD),
    R("\xC3\x41\xC3\xA9", FFFD "A\xC3\xA9"),
    R("\xC3\xA9\xFF\xE2\x82\xAC", "\xC3\xA9" FFFD "\xE2\x82\xAC"),
    R("\xE2\x28\xA1", FFFD "(" FFFD),
    R("nul\0kept", "nul\0kept"),
};

static void utf8_repair(void)
{
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, NW_BUF_NOCAP);
	for (i = 0; i < sizeof(repair_cases) / sizeof(repair_cases[0]); i++) {
		const struct repair_case *c = &repair_cases[i];

		nw_buf_reset(&b);
		T_EXPECT(nw_utf8_repair(&b, c->in, c->n) == NW_OK);
		T_EXPECT(buf_ok(&b));
		if (b.len != c->wlen || memcmp(b.data, c->want, c->wlen)) {
			printf("#   repair case %zu: got '%s' want '%s'\n", i, b.data, c->want);
			T_EXPECT(!"repair output");
		}
		T_EXPECT(nw_utf8_valid(b.data, b.len));
	}

	/* repair appends to what is already there */
	nw_buf_reset(&b);
	T_EXPECT(nw_buf_addstr(&b, "pre:") == NW_OK);
	T_EXPECT(nw_utf8_repair(&b, "x\xFFy", 3) == NW_OK);
	T_STREQ(b.data, "pre:x" FFFD "y");
	nw_buf_release(&b);

	/* every two-byte input repairs to valid UTF-8 */
	nw_buf_init(&b, NW_BUF_NOCAP);
	for (i = 0; i < 65536; i++) {
		char in[2] = {(char)(i >> 8), (char)(i & 0xff)};

		nw_buf_reset(&b);
		if (nw_utf8_repair(&b, in, 2) || !nw_utf8_valid(b.data, b.len)) {
			printf("#   repair of %02zx %02zx\n", i >> 8, i & 0xff);
			T_EXPECT(!"two-byte repair");
			break;
		}
	}
	nw_buf_release(&b);

	/* the cap still applies */
	nw_buf_init(&b, 4);
	T_EXPECT(nw_utf8_repair(&b, "toolong", 7) == NW_ETOOBIG);
	T_EXPECT(buf_ok(&b));
	nw_buf_release(&b);
}

static void utf8_encode_roundtrip(void)
{
	static const uint32_t bad[] = {0xD800,	 0xDBFF,     0xDC00,	0xDFFF,
				       0x110000, 0x7FFFFFFF, 0xFFFFFFFF};
	char out[8];
	uint32_t cp, back;
	size_t i, n, k, fails = 0;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		memset(out, 0, sizeof(out));
		n = nw_utf8_encode(cp, out);
		k = nw_utf8_decode(out, n, &back);
		if (n != (cp < 0x80	 ? 1u
			  : cp < 0x800	 ? 2u
			  : cp < 0x10000 ? 3u
					 : 4u) ||
		    k != n || back != cp || out[n] != 0) {
			if (fails++ < 5)
				printf("#   U+%04X: encode len %zu, decode len %zu U+%04X\n",
				       (unsigned)cp, n, k, (unsigned)back);
		}
	}
	T_EXPECT(fails == 0);
	/* code points that cannot be encoded still give valid UTF-8 */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 0, sizeof(out));
		n = nw_utf8_encode(bad[i], out);
		T_EXPECT(n >= 1 && n <= 4);
		T_EXPECT(nw_utf8_valid(out, n));
		T_EXPECT(out[4] == 0);
	}
}

/* ---- JSON strings ---- */

struct json_case {
	const char *in;
	size_t n;
	const char *want;    /* the exact JSON text */
	const char *decoded; /* what a JSON reader gets back */
	size_t dlen;
};

#define J(in, want, decoded)                                                                       \
	{                                                                                          \
		in, sizeof(in) - 1, want, decoded, sizeof(decoded) - 1                             \
	}

static const struct json_case json_cases[] = {
    J("plain text", "\"plain text\"", "plain text"),
    J("", "\"\"", ""),
    J("say \"no\"", "\"say \\\"no\\\"\"", "say \"no\""),
    J("back\\slash", "\"back\\\\slash\"", "back\\slash"),
    J("a\nb\rc\td", "\"a\\nb\\rc\\td\"", "a\nb\rc\td"),
    J("\x01\x08\x0c\x1b\x1f", "\"\\u0001\\u0008\\u000c\\u001b\\u001f\"", "\x01\x08\x0c\x1b\x1f"),
    J("nul\0here", "\"nul\\u0000here\"", "nul\0here"),
    J("ls\xE2\x80\xA8ps\xE2\x80\xA9", "\"ls\\u2028ps\\u2029\"", "ls\xE2\x80\xA8ps\xE2\x80\xA9"),
    J("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
    J("bad\xFF"
      "byte",
      "\"bad" FFFD "byte\"", "bad" FFFD "byte"),
    J("\xC0\xAF", "\"" FFFD FFFD "\"", FFFD FFFD),
    J("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"", FFFD FFFD FFFD),
    J("cut \xE2\x82", "\"cut " FFFD FFFD "\"", "cut " FFFD FFFD),
    J("\"\xFF\n", "\"\\\"" FFFD "\\n\"", "\"" FFFD "\n"),
};

/* Parse a JSON string value with jansson; 1 when it decodes to want. */
static int json_reads_as(const char *text, size_t len, const char *want, size_t wlen)
{
	json_error_t err;
	json_t *v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	int ok;

	if (!v) {
		printf("#   jansson: %s in %s\n", err.text, text);
		return 0;
	}
	ok = json_is_string(v) && json_string_length(v) == wlen &&
	     !memcmp(json_string_value(v), want, wlen);
	json_decref(v);
	return ok;
}

static void json_escaping(void)
{
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, NW_BUF_NOCAP);
	for (i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
		const struct json_case *c = &json_cases[i];

		nw_buf_reset(&b);
		T_EXPECT(nw_json_strn(&b, c->in, c->n) == NW_OK);
		T_EXPECT(buf_ok(&b));
		if (strlen(b.data) != b.len || strcmp(b.data, c->want)) {
			printf("#   json case %zu: got %s want %s\n", i, b.data, c->want);
			T_EXPECT(!"json output");
		}
		T_EXPECT(nw_utf8_valid(b.data, b.len));
		T_EXPECT(json_reads_as(b.data, b.len, c->decoded, c->dlen));
	}

	nw_buf_reset(&b);
	T_EXPECT(nw_json_str(&b, NULL) == NW_OK);
	T_STREQ(b.data, "null");
	nw_buf_reset(&b);
	T_EXPECT(nw_json_str(&b, "a\"b") == NW_OK);
	T_STREQ(b.data, "\"a\\\"b\"");
	nw_buf_reset(&b);
	T_EXPECT(nw_json_key(&b, "title") == NW_OK);
	T_STREQ(b.data, "\"title\":");
	/* writers append, the caller writes the punctuation */
	T_EXPECT(nw_json_str(&b, "x") == NW_OK);
	T_STREQ(b.data, "\"title\":\"x\"");
	nw_buf_release(&b);

	/* the cap: refused whole or in part, never past max */
	nw_buf_init(&b, 8);
	T_EXPECT(nw_json_str(&b, "much too long") == NW_ETOOBIG);
	T_EXPECT(buf_ok(&b));
	T_EXPECT(b.len <= 8);
	nw_buf_release(&b);
}

/* Every byte value, then pseudo-random junk: always valid JSON, always UTF-8. */
static void json_junk(void)
{
	enum { N = 20000 };
	char *in = malloc(N);
	struct nw_buf b, want;
	uint32_t x = 2463534242u;
	size_t i;

	T_ASSERT(in != NULL);
	for (i = 0; i < 256; i++)
		in[i] = (char)i;
	for (; i < N; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		in[i] = (char)(x % 3 ? x & 0xff : (x >> 8) & 0x3f); /* many control bytes */
	}
	nw_buf_init(&b, NW_BUF_NOCAP);
	nw_buf_init(&want, NW_BUF_NOCAP);
	T_ASSERT(nw_json_strn(&b, in, N) == NW_OK);
	T_EXPECT(nw_utf8_valid(b.data, b.len));
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] < 0x20)
			break;
	T_EXPECT(i == b.len);
	T_EXPECT(memmem(b.data, b.len, "\xE2\x80\xA8", 3) == NULL);
	T_EXPECT(memmem(b.data, b.len, "\xE2\x80\xA9", 3) == NULL);
	/* what jansson reads back is the repaired input */
	T_ASSERT(nw_utf8_repair(&want, in, N) == NW_OK);
	T_EXPECT(json_reads_as(b.data, b.len, want.data, want.len));
	nw_buf_release(&b);
	nw_buf_release(&want);
	free(in);
}

/* ---- struct nw_err ---- */

static void err_messages(void)
{
	static const int codes[] = {NW_OK,     NW_ENOMEM, NW_EIO,     NW_EPARSE, NW_ETOOBIG,
				    NW_EFETCH, NW_EINVAL, NW_EDENIED, NW_EBUSY};
	struct nw_err e;
	char long_arg[2000];
	size_t i, k;

	memset(&e, 0, sizeof(e));
	T_EXPECT(nw_errorf(&e, NW_EPARSE, "%s:%d: %s", "feed.xml", 12, "bad") == NW_EPARSE);
	T_EXPECT(e.code == NW_EPARSE);
	T_STREQ(e.msg, "feed.xml:12: bad");
	T_EXPECT(nw_errorf(NULL, NW_EIO, "ignored %d", 1) == NW_EIO);

	/* a long message is cut, still terminated */
	memset(long_arg, 'm', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	T_EXPECT(nw_errorf(&e, NW_EINVAL, "%s", long_arg) == NW_EINVAL);
	T_EXPECT(strlen(e.msg) == sizeof(e.msg) - 1);

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const char *s = nw_strcode(codes[i]);

		T_ASSERT(s != NULL && s[0] != '\0');
		T_EXPECT(strcmp(s, nw_strcode(-99)) != 0);
		for (k = 0; k < i; k++)
			T_EXPECT(strcmp(s, nw_strcode(codes[k])) != 0);
	}
	T_EXPECT(nw_strcode(-99) != NULL);
	T_EXPECT(nw_strcode(12345) != NULL);
}

/* nw_grow: room for need elements, contents kept, nothing changed on failure. */
static void grow_array(void)
{
	int *a = NULL;
	size_t cap = 0, i;

	T_ASSERT(nw_grow((void **)&a, &cap, 1, sizeof(*a)) == NW_OK && cap >= 1);
	for (i = 0; i < 1000; i++) {
		T_ASSERT(nw_grow((void **)&a, &cap, i + 1, sizeof(*a)) == NW_OK && cap >= i + 1);
		a[i] = (int)i;
	}
	for (i = 0; i < 1000; i++)
		T_EXPECT(a[i] == (int)i);
	T_EXPECT(nw_grow((void **)&a, &cap, 10, sizeof(*a)) == NW_OK && cap >= 1000);
	{
		int *before = a;
		size_t cap_before = cap;

		T_EXPECT(nw_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof(*a)) == NW_ENOMEM);
		T_EXPECT(a == before && cap == cap_before);
	}
	free(a);
}

T_MAIN(T_CASE(grow_array), T_CASE(buf_invariants), T_CASE(buf_binary), T_CASE(buf_cap),
       T_CASE(buf_printf_growth), T_CASE(buf_detach), T_CASE(buf_read_file),
       T_CASE(arena_alloc_align_zero), T_CASE(arena_big), T_CASE(arena_strings),
       T_CASE(arena_overflow), T_CASE(utf8_decode_valid), T_CASE(utf8_repair),
       T_CASE(utf8_encode_roundtrip), T_CASE(json_escaping), T_CASE(json_junk),
       T_CASE(err_messages))
