/*
 * test_tag.c - the tagger (pipeline/tag.h, entity.h) on short texts of our own.
 *
 * Each case is a text and the events it must yield, one summary per event:
 *   designation|AUTHORITY|TARGET;TARGET|DATE|bg     (DATE "-" when none)
 *   denial|BY|state                                 (or "private")
 *   accusation|BY|AGAINST;AGAINST
 * Summaries are compared as a whole list, in the tagger's order.
 */
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "err.h"
#include "json.h"
#include "lexicon.h"
#include "t.h"
#include "tag.h"

struct tag_case {
	const char *published; /* ISO date, or NULL */
	const char *text;
	const char *want; /* summaries separated by '\n', "" for no event */
};

static const struct tag_case tag_cases[] = {
    {"2024-03-15", /* a Friday */
     "The US Treasury on Thursday imposed sanctions on Orion Delta Trading LLC and its "
     "director Kim Chol Su.",
     "designation|US Treasury|Orion Delta Trading LLC;Kim Chol Su|2024-03-14|-"},
    {"2024-03-18",
     "The United States on Monday sanctioned a Hong Kong firm and its owner.\n\n"
     "The new sanctions target Harbor Light Shipping Ltd and its owner Chen Wei, the "
     "Treasury Department said.",
     "designation|US Treasury|Harbor Light Shipping Ltd;Chen Wei|2024-03-18|-"},
    {NULL, "Lakeview Metals JSC was sanctioned by the EU Council for supplying drones.",
     "designation|EU Council|Lakeview Metals JSC|-|-"},
    {NULL, "Washington could impose sanctions on Blue Crane Ltd if the talks fail.", ""},
    {NULL, "Lawmakers urged the administration to sanction Redwood Mining Co over its mines.", ""},
    {NULL, "The EU Council extended its sanctions on Borealis Holdings JSC for six months.", ""},
    {"2024-05-10", "The US Treasury on Friday lifted sanctions on Maple Grain Co, a trading firm.",
     "delisting|US Treasury|Maple Grain Co|2024-05-10|-"},
    {NULL, "The UN Security Council committee added the tanker Ocean Pearl to its sanctions list.",
     "designation|UN Security Council|Ocean Pearl|-|-"},
    {NULL,
     "The EU Council imposed sanctions on Ivan Petrov, Sergei Volkov, Anna Smirnova, Oleg "
     "Ivanov and Baltic Star Shipping LLC.",
     "designation|EU Council|Ivan Petrov;Sergei Volkov;Anna Smirnova;Oleg Ivanov;Baltic Star "
     "Shipping LLC|-|-"},
    {NULL, "US sanctions Golden Reed Bank over arms deals",
     "designation|United States|Golden Reed Bank|-|-"},
    {"2024-06-21",
     "Earlier this month Washington sanctioned Sinbong Trading Co, a Pyongyang exporter.",
     "designation|United States|Sinbong Trading Co|-|bg"},
    {NULL,
     "The sanctions drew an angry response. Xinhua said the sanctions were groundless and "
     "politically motivated.",
     "denial|Xinhua|state"},
    {NULL,
     "Asked about the sanctions, Chinese Foreign Ministry spokesman Zhao Lei said China firmly "
     "opposes unilateral sanctions.",
     "denial|Foreign Ministry|state"},
    {NULL, "Britain accused Iran of evading UN sanctions by shipping oil to Syria.",
     "accusation|United Kingdom|Iran"},
    {NULL,
     "Tan Boon Hock was charged with violating US sanctions on North Korea, the Justice "
     "Department said.",
     "enforcement|US Justice Department|Tan Boon Hock|-|-"},
    {NULL,
     "The Treasury sanctioned Kestrel Maritime Ltd on Tuesday.\n\n"
     "\xE2\x80\x9C"
     "The accusations are baseless. We have never traded with North Korea,\xE2\x80\x9D said Lee "
     "Jae-won, a "
     "manager at Kestrel Maritime.",
     "designation|US Treasury|Kestrel Maritime Ltd|-|-\ndenial|Lee Jae-won|private"},
    {NULL,
     "Sanctions experts said the case was typical. \xE2\x80\x9C"
     "Denying it is routine,\xE2\x80\x9D said "
     "analyst Maria Lopez.",
     ""},
    {NULL, "Kim Min-jun won the Busan marathon on Sunday in record time.", ""},
};

static void summarize(const struct nw_tags *tags, struct nw_buf *b)
{
	size_t i, k;

	for (i = 0; i < tags->nev; i++) {
		const struct nw_event *ev = &tags->ev[i];
		const struct nw_entity *ent = tags->ents.ent;
		char day[11];

		if (i)
			nw_buf_addch(b, '\n');
		nw_buf_printf(b, "%s|", nw_event_name(ev->type));
		if (ev->type == NW_EV_DENIAL) {
			nw_buf_printf(b, "%s|%s", ev->by >= 0 ? ent[ev->by].name : "?",
				      ev->state ? "state" : "private");
			continue;
		}
		if (ev->type == NW_EV_ACCUSATION)
			nw_buf_printf(b, "%s|", ev->by >= 0 ? ent[ev->by].name : "?");
		else
			nw_buf_printf(b, "%s|", ev->authority >= 0 ? ent[ev->authority].name : "?");
		for (k = 0; k < ev->ntargets; k++)
			nw_buf_printf(b, "%s%s", k ? ";" : "", ent[ev->targets[k]].name);
		if (ev->type == NW_EV_ACCUSATION)
			continue;
		if (ev->date != NW_DATE_NONE)
			nw_date_day(ev->date * 86400, day);
		nw_buf_printf(b, "|%s|%s", ev->date != NW_DATE_NONE ? day : "-",
			      ev->background ? "bg" : "-");
	}
}

static void test_cases(void)
{
	struct nw_tagger tg;
	struct nw_err e;
	size_t i;

	T_ASSERT(nw_tagger_init(&tg, NULL, &e) == NW_OK);
	for (i = 0; i < sizeof(tag_cases) / sizeof(tag_cases[0]); i++) {
		const struct tag_case *c = &tag_cases[i];
		int64_t pub =
		    c->published ? nw_date_parse(c->published, strlen(c->published)) : NW_DATE_NONE;
		struct nw_arena a;
		struct nw_tags tags;
		struct nw_buf got;

		nw_arena_init(&a);
		nw_buf_init(&got, NW_BUF_NOCAP);
		T_EXPECT(nw_tag(&tg, c->text, strlen(c->text), pub, &a, &tags) == NW_OK);
		summarize(&tags, &got);
		if (strcmp(got.data, c->want))
			printf("# case %zu: %.60s...\n", i, c->text);
		T_STREQ(got.data, c->want);
		nw_buf_release(&got);
		nw_arena_release(&a);
	}
	nw_tagger_release(&tg);
}

static void test_entities(void)
{
	static const char text[] =
	    "China's Foreign Ministry Spokesman Geng Li said Beijing opposed the move. "
	    "The sanctions hit China-based Yanbian Starlight Network Technology Co, its North "
	    "Korean chief "
	    "executive Ri Song Chol and a Russia-based sister company, Volga Starlight. Ri "
	    "declined to comment. Starlight staff were not reached.";
	static const char *const want[] = {"Foreign Ministry|gov|CN",
					   "Geng Li|person|CN",
					   "Yanbian Starlight Network Technology Co|org|CN",
					   "Ri Song Chol|person|KP",
					   "Volga Starlight|org|RU",
					   NULL};
	struct nw_tagger tg;
	struct nw_err e;
	struct nw_arena a;
	struct nw_tags tags;
	size_t i, k;

	T_ASSERT(nw_tagger_init(&tg, NULL, &e) == NW_OK);
	nw_arena_init(&a);
	T_ASSERT(nw_tag(&tg, text, strlen(text), NW_DATE_NONE, &a, &tags) == NW_OK);
	for (k = 0; want[k]; k++) {
		int found = 0;

		for (i = 0; i < tags.ents.nent; i++) {
			const struct nw_entity *en = &tags.ents.ent[i];
			char got[256];

			snprintf(got, sizeof(got), "%s|%s|%s", en->name, nw_kind_name(en->kind),
				 en->country);
			found |= !strcmp(got, want[k]);
		}
		if (!found)
			printf("# missing entity %s\n", want[k]);
		T_EXPECT(found);
	}
	/* "Ri" is the chief executive named before */
	for (i = 0; i < tags.ents.nent; i++)
		if (!strcmp(tags.ents.ent[i].name, "Ri Song Chol"))
			T_EXPECT(tags.ents.ent[i].mentions == 2);
	nw_arena_release(&a);
	nw_tagger_release(&tg);
}

static void test_json(void)
{
	static const char text[] = "The EU Council sanctioned Nord \"Quote\" Ltd.\n";
	struct nw_tagger tg;
	struct nw_err e;
	struct nw_arena a;
	struct nw_tags tags;
	struct nw_buf b;

	T_ASSERT(nw_tagger_init(&tg, NULL, &e) == NW_OK);
	nw_arena_init(&a);
	nw_buf_init(&b, NW_BUF_NOCAP);
	T_ASSERT(nw_tag(&tg, text, strlen(text), NW_DATE_NONE, &a, &tags) == NW_OK);
	T_ASSERT(nw_tags_json(&tags, &b) == NW_OK);
	T_EXPECT(strstr(b.data, "\"evidence\":{\"sentence\":\"The EU Council sanctioned Nord "
				"\\\"Quote\\\" Ltd.\",\"start\":0,\"end\":43}") != NULL);
	nw_buf_release(&b);
	nw_arena_release(&a);
	nw_tagger_release(&tg);
}

static void test_published_line(void)
{
	static const char text[] =
	    "Monday, June 3, 2024\n\nHeadline\n\nUpdate : 14 Sep 2018, 02:29 PM\n";
	char iso[NW_DATE_ISO_SIZE];

	nw_date_iso(nw_tag_find_published(text, strlen(text)), iso);
	T_STREQ(iso, "2018-09-14T14:29:00Z");
	T_EXPECT(nw_tag_find_published("Monday, June 3, 2024\n", 21) == NW_DATE_NONE);
}

static void test_lexicon_override(void)
{
	char dir[] = "/tmp/nw-lex-XXXXXX", path[64];
	struct nw_tagger tg;
	struct nw_err e;
	FILE *f;

	T_ASSERT(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/media.txt", dir);
	T_ASSERT((f = fopen(path, "w")) != NULL);
	fputs("Kestrel Wire\tKP\tstate\n", f);
	fclose(f);
	T_ASSERT(nw_tagger_init(&tg, dir, &e) == NW_OK);
	nw_tagger_release(&tg);
	/* a malformed line names the file and line */
	T_ASSERT((f = fopen(path, "w")) != NULL);
	fputs("# comment\nonly-one-field\n", f);
	fclose(f);
	T_EXPECT(nw_tagger_init(&tg, dir, &e) == NW_EINVAL);
	T_EXPECT(strstr(e.msg, "media.txt:2") != NULL);
	remove(path);
	rmdir(dir);
}

T_MAIN(T_CASE(test_cases), T_CASE(test_entities), T_CASE(test_json), T_CASE(test_published_line),
       T_CASE(test_lexicon_override))
