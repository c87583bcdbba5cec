/*
 * text.c - tokens and sentences; see text.h.
 *
 * The tokenizer classifies by code point only where it must (quotes,
 * dashes, white space beyond ASCII); every other non-ASCII character is a
 * letter, which is right for the scripts names come in.
 */
#include <stdint.h>
#include <string.h>

#include <libstemmer.h>

#include "arena.h"
#include "err.h"
#include "text.h"
#include "utf8.h"

enum cclass { C_SPACE, C_NL, C_WORD, C_PUNCT };

/* Class and ASCII stand-in of the code point at s; *len gets its length. */
static enum cclass classify(const char *s, size_t n, size_t *len, char *ascii)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	*len = 1;
	*ascii = (char)c;
	if (c == '\n')
		return C_NL;
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
		return C_SPACE;
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			return C_WORD;
		return c < 0x20 ? C_SPACE : C_PUNCT;
	}
	*len = nw_utf8_decode(s, n, &cp);
	if (!*len) {
		*len = 1;
		return C_SPACE;
	}
	if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 || cp == 0xFEFF)
		return C_SPACE;
	if (cp == 0x2028 || cp == 0x2029)
		return C_NL;
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) {
		*ascii = '\'';
		return C_PUNCT;
	}
	if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F || cp == 0xAB ||
	    cp == 0xBB || cp == 0x2033) {
		*ascii = '"';
		return C_PUNCT;
	}
	if (cp >= 0x2010 && cp <= 0x2015) {
		*ascii = '-';
		return C_PUNCT;
	}
	if (cp == 0x2026) {
		*ascii = '.';
		return C_PUNCT;
	}
	if ((cp >= 0x2016 && cp <= 0x206F) || (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 ||
	    cp == 0xF7 || (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0xFF01 && cp <= 0xFF0F)) {
		*ascii = '*';
		return C_PUNCT;
	}
	return C_WORD;
}

static int is_upper_start(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (!nw_utf8_decode(s, n, &cp))
		return 0;
	return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	       (cp >= 0x100 && cp <= 0x17F && !(cp & 1)) || (cp >= 0x391 && cp <= 0x3A9) ||
	       (cp >= 0x400 && cp <= 0x42F);
}

static uint32_t fold_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 32;
	if (cp >= 0x100 && cp <= 0x17F && !(cp & 1) && cp != 0x130 && cp != 0x138)
		return cp + 1;
	if (cp >= 0x391 && cp <= 0x3A9)
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	if (cp == 0x2018 || cp == 0x2019)
		return '\'';
	return cp;
}

size_t nw_fold(const char *s, size_t n, char *out, size_t outsize)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	while (i < n && o + 4 < outsize) {
		if ((unsigned char)s[i] < 0x80) {
			out[o++] = (char)fold_cp((unsigned char)s[i++]);
			continue;
		}
		k = nw_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		o += nw_utf8_encode(fold_cp(cp), out + o);
		i += k;
	}
	out[o] = '\0';
	return o;
}

static int is_letter(const char *s, size_t n)
{
	size_t len;
	char ascii;

	return n > 0 && classify(s, n, &len, &ascii) == C_WORD;
}

/*
 * Length of the word starting at s: letters and digits, plus the inner
 * punctuation that belongs to a word: apostrophes between letters (but not
 * a final 's), periods of acronyms (U.S., D.P.R.K.) and the separators of
 * numbers (1,000.50).
 */
static size_t word_length(const char *s, size_t n)
{
	size_t i = 0, len;
	int dots = 0;
	char ascii;

	while (i < n) {
		enum cclass c = classify(s + i, n - i, &len, &ascii);

		if (c == C_WORD) {
			i += len;
			continue;
		}
		if (c != C_PUNCT)
			break;
		if (ascii == '\'' && is_letter(s + i + len, n - i - len)) {
			size_t after = i + len;

			/* possessive: 's followed by a non-letter */
			if ((s[after] == 's' || s[after] == 'S') &&
			    !is_letter(s + after + 1, n - after - 1))
				break;
			i = after;
			continue;
		}
		if (ascii == '.' && len == 1 && i + 1 < n) {
			/* U.S.: one letter, a period, a letter, a period */
			if (((i == 1 && !dots) || dots) && is_letter(s + i + 1, n - i - 1) &&
			    (i + 2 >= n || s[i + 2] == '.')) {
				dots++;
				i++;
				continue;
			}
			if (dots) {
				i++;
				break;
			}
		}
		if ((ascii == ',' || ascii == '.') && len == 1 && i > 0 && s[i - 1] >= '0' &&
		    s[i - 1] <= '9' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
			i++;
			continue;
		}
		break;
	}
	if (dots && i < n && s[i] == '.' && s[i - 1] != '.')
		i++;
	return i;
}

struct tokenizer {
	struct nw_text *t;
	struct nw_arena *a;
	struct sb_stemmer *stemmer;
	size_t cap;
};

static int push(struct tokenizer *tz, uint32_t start, uint32_t end, uint16_t flags, char punct)
{
	struct nw_text *t = tz->t;
	struct nw_token *tok;
	char fold[256];
	size_t flen;

	if (t->ntok == tz->cap) {
		/* English runs about one token per five bytes */
		size_t cap = tz->cap ? tz->cap * 2 : t->n / 5 + 64;
		struct nw_token *nt = nw_arena_alloc_raw(tz->a, cap * sizeof(*nt));

		if (!nt)
			return NW_ENOMEM;
		if (t->ntok)
			memcpy(nt, t->tok, t->ntok * sizeof(*nt));
		t->tok = nt;
		tz->cap = cap;
	}
	tok = &t->tok[t->ntok++];
	tok->start = start;
	tok->end = end;
	tok->flags = flags;
	tok->punct = punct;
	tok->lexmax[0] = tok->lexmax[1] = 255;
	if (punct) {
		fold[0] = punct;
		fold[1] = '\0';
		flen = 1;
	} else {
		flen = nw_fold(t->s + start, end - start, fold, sizeof(fold));
	}
	if (!(tok->fold = nw_arena_strndup(tz->a, fold, flen)))
		return NW_ENOMEM;
	tok->stem = tok->fold;
	if ((flags & NW_TOK_WORD) && !(flags & NW_TOK_NUM) && flen >= 3 && tz->stemmer) {
		const sb_symbol *st =
		    sb_stemmer_stem(tz->stemmer, (const sb_symbol *)fold, (int)flen);

		if (st && strcmp((const char *)st, fold) &&
		    !(tok->stem = nw_arena_strdup(tz->a, (const char *)st)))
			return NW_ENOMEM;
	}
	return NW_OK;
}

static int tokenize(struct tokenizer *tz)
{
	const char *s = tz->t->s;
	size_t n = tz->t->n, i = 0, len;
	uint16_t nl = 0;
	char ascii;
	int rc;

	while (i < n) {
		enum cclass c = classify(s + i, n - i, &len, &ascii);
		uint16_t flags = nl;

		if (c == C_NL || c == C_SPACE) {
			if (c == C_NL)
				nl = NW_TOK_NL;
			i += len;
			continue;
		}
		nl = 0;
		if (c == C_WORD) {
			size_t wl = word_length(s + i, n - i);
			int upper = 0, letters = 0;
			size_t k;

			for (k = 0; k < wl; k++) {
				if (s[i + k] >= 'a' && s[i + k] <= 'z')
					upper = -1;
				else if (s[i + k] >= 'A' && s[i + k] <= 'Z' && upper >= 0)
					upper = 1, letters++;
			}
			flags |= NW_TOK_WORD;
			if (is_upper_start(s + i, n - i))
				flags |= NW_TOK_CAP;
			if (upper > 0 && letters >= 2)
				flags |= NW_TOK_UPPER;
			if (s[i] >= '0' && s[i] <= '9')
				flags |= NW_TOK_NUM;
			if ((rc = push(tz, (uint32_t)i, (uint32_t)(i + wl), flags, 0)))
				return rc;
			i += wl;
			continue;
		}
		if (ascii == '\'' && i + len < n && (s[i + len] == 's' || s[i + len] == 'S') &&
		    i > 0 && !is_letter(s + i + len + 1, n - i - len - 1) && tz->t->ntok &&
		    tz->t->tok[tz->t->ntok - 1].end == i) {
			if ((rc = push(tz, (uint32_t)i, (uint32_t)(i + len + 1),
				       flags | NW_TOK_POSS, 0)))
				return rc;
			i += len + 1;
			continue;
		}
		flags |= NW_TOK_PUNCT;
		if (ascii == '"' || ascii == '\'')
			flags |= NW_TOK_QUOTE;
		if (ascii == '-' && i > 0 && i + len < n && is_letter(s + i + len, n - i - len) &&
		    tz->t->ntok && tz->t->tok[tz->t->ntok - 1].end == i)
			flags |= NW_TOK_JOINED;
		if ((rc = push(tz, (uint32_t)i, (uint32_t)(i + len), flags, ascii)))
			return rc;
		i += len;
	}
	return NW_OK;
}

static int ends_sentence(const struct nw_text *t, size_t i, nw_abbrev_fn is_abbrev, const void *ctx)
{
	const struct nw_token *p = &t->tok[i];
	const struct nw_token *w = i > 0 ? &t->tok[i - 1] : NULL;

	if (p->punct == '!' || p->punct == '?')
		return 1;
	if (p->punct != '.')
		return 0;
	if (!w || w->end != p->start || !(w->flags & NW_TOK_WORD))
		return 1;
	if (w->end - w->start == 1 && (w->flags & NW_TOK_CAP))
		return 0; /* an initial: "John F. Kennedy" */
	return !(is_abbrev && is_abbrev(w->fold, ctx));
}

static int split_sentences(struct nw_text *t, struct nw_arena *a, nw_abbrev_fn is_abbrev,
			   const void *ctx)
{
	size_t i, first = 0, cap = 16;

	t->sent = nw_arena_alloc(a, cap * sizeof(*t->sent));
	if (!t->sent)
		return NW_ENOMEM;
	for (i = 0; i <= t->ntok; i++) {
		int brk = i == t->ntok || (i > first && (t->tok[i].flags & NW_TOK_NL));

		if (!brk && i > first && ends_sentence(t, i - 1, is_abbrev, ctx)) {
			const struct nw_token *nx = &t->tok[i];

			/* closing quotes and brackets stay with the sentence they close */
			if ((nx->flags & NW_TOK_QUOTE || nx->punct == ')') &&
			    nx->start == t->tok[i - 1].end)
				continue;
			brk = (nx->flags & (NW_TOK_CAP | NW_TOK_NUM | NW_TOK_QUOTE)) ||
			      nx->punct == '(';
		} else if (!brk && i > first + 1 && (t->tok[i - 1].flags & NW_TOK_QUOTE) &&
			   t->tok[i - 1].start == t->tok[i - 2].end &&
			   ends_sentence(t, i - 2, is_abbrev, ctx)) {
			brk = (t->tok[i].flags & (NW_TOK_CAP | NW_TOK_NUM | NW_TOK_QUOTE)) != 0;
		}
		if (!brk || i == first)
			continue;
		if (t->nsent == cap) {
			struct nw_sentence *ns = nw_arena_alloc(a, 2 * cap * sizeof(*ns));

			if (!ns)
				return NW_ENOMEM;
			memcpy(ns, t->sent, cap * sizeof(*ns));
			t->sent = ns;
			cap *= 2;
		}
		t->sent[t->nsent].first = (uint32_t)first;
		t->sent[t->nsent].last = (uint32_t)i;
		t->sent[t->nsent].start = t->tok[first].start;
		t->sent[t->nsent].end = t->tok[i - 1].end;
		t->nsent++;
		first = i;
	}
	return NW_OK;
}

int nw_text_analyze(struct nw_text *t, const char *s, size_t n, struct sb_stemmer *stemmer,
		    nw_abbrev_fn is_abbrev, const void *abbrev_ctx, struct nw_arena *a)
{
	struct tokenizer tz = {t, a, stemmer, 0};
	int rc;

	memset(t, 0, sizeof(*t));
	t->s = s;
	t->n = n;
	if ((rc = tokenize(&tz)))
		return rc;
	return split_sentences(t, a, is_abbrev, abbrev_ctx);
}
