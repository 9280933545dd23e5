/* search.c - see search.h */
#include "search.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void search_plain_text(const char *html, size_t max, buf *out)
{
	const char *p = html;
	size_t start = out->len;
	int space = 1;
	while (*p && out->len - start < max) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			if (!e)
				break;
			p = e + 1;
			if (!space) {
				buf_putc(out, ' ');
				space = 1;
			}
			continue;
		}
		if (*p == '&') {
			static const struct { const char *ent, *ch; } ents[] = {
				{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
				{"&quot;", "\""}, {"&#39;", "'"}};
			size_t i;
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
				if (!strncmp(p, ents[i].ent, strlen(ents[i].ent)))
					break;
			if (i < sizeof ents / sizeof ents[0]) {
				buf_puts(out, ents[i].ch);
				p += strlen(ents[i].ent);
				space = 0;
				continue;
			}
		}
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!space)
				buf_putc(out, ' ');
			space = 1;
		} else {
			buf_putc(out, *p);
			space = 0;
		}
		p++;
	}
	/* never end inside a UTF-8 sequence */
	while (out->len > start && ((unsigned char)out->ptr[out->len - 1] & 0xC0) == 0x80) {
		size_t k = out->len - 1;
		while (k > start && ((unsigned char)out->ptr[k] & 0xC0) == 0x80)
			k--;
		/* k is the lead byte; keep the sequence only if complete */
		{
			unsigned char lead = (unsigned char)out->ptr[k];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (out->len - k == need)
				break;
			out->len = k;
		}
	}
	while (out->len > start && out->ptr[out->len - 1] == ' ')
		out->len--;
	if (out->ptr)
		out->ptr[out->len] = '\0';
}

long search_write(const site *s, outdir *o, err_list *errs)
{
	size_t l, i;
	long files = 0;
	for (l = 0; l < s->cfg->nlangs; l++) {
		value *list = val_list();
		buf json = BUF_INIT;
		char *rel;
		for (i = 0; i < s->npages; i++) {
			const page *p = s->pages[i];
			value *e;
			buf text = BUF_INIT;
			if (p->lang != (int)l || p->kind == PAGE_404 || p->kind == PAGE_TAXONOMY ||
			    page_is_search(p))
				continue;
			e = val_map();
			val_set_str(e, "t", p->title ? p->title : "");
			val_set_str(e, "u", p->url);
			val_set_str(e, "s", p->summary ? p->summary : "");
			search_plain_text(p->md.html ? p->md.html : "", SEARCH_TEXT_MAX, &text);
			val_set(e, "x", val_str_take(buf_detach(&text)));
			val_push(list, e);
		}
		val_to_json(list, &json);
		buf_putc(&json, '\n');
		rel = xasprintf("search/index.%s.json", s->cfg->langs[l].code);
		if (out_write(o, rel, json.ptr, json.len, errs) == 0)
			files++;
		free(rel);
		buf_free(&json);
		val_unref(list);
	}
	return files;
}
