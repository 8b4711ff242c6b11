/* SPDX-License-Identifier: ISC */
/*
 * plan_pdf.c - one page of PDF from a filled-in plan (plan_pdf.h).
 *
 * Pango shapes and wraps the text (Arabic joins and runs right to left,
 * Chinese breaks between characters, a long address wraps at words);
 * cairo writes the PDF through a callback straight into the stream it is
 * given, so no copy of the plan is made anywhere else (no temporary
 * file, no font cache entry holds its text).
 *
 * A letter no font on the machine has would print as an empty box: a
 * plan with one is refused, saying so, rather than handed over with a
 * name the person cannot read.
 *
 * The plan must be one page: it is measured at the largest size, then at
 * smaller ones, and drawn at the first size that fits.  One that does
 * not fit even at the smallest is refused: the template is too long.
 */
#include "plan_pdf.h"

#include <errno.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"

#define PT_PER_MM (72.0 / 25.4)
#define MARGIN 54.0     /* three quarters of an inch */
#define SIZE_MAX_PT 12.0
#define SIZE_MIN_PT 7.0
#define FONT "DejaVu Sans, Noto Sans, Sans"

static void
page_size(enum plan_paper paper, double *w, double *h)
{
	if (paper == PLAN_A4) {
		*w = 210 * PT_PER_MM;
		*h = 297 * PT_PER_MM;
	} else {
		*w = 612;
		*h = 792;
	}
}

/* A layout for text at size points, width wide, bold for headings. */
static PangoLayout *
layout_for(cairo_t *cr, const char *text, double size, int bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Lays the plan out at size from the top margin; draws it when draw is
 * set.  Returns the height used; adds to *unknown the characters no font
 * on the machine has (they would print as empty boxes). */
static double
lay_out(cairo_t *cr, const struct plan *p, double size, double pw, int draw, int *unknown)
{
	double y = MARGIN, width = pw - 2 * MARGIN, indent = size * 1.5;

	for (int i = 0; i < p->n; i++) {
		const struct plan_block *b = &p->blocks[i];
		int heading = b->kind == PLAN_HEADING;
		double x = MARGIN + (b->kind == PLAN_ITEM ? indent : 0), h;
		PangoLayout *l;
		int lw, lh;

		if (b->gap && i > 0)
			y += size * 0.9;
		l = layout_for(cr, b->text, heading ? size * 1.3 : size, heading,
		               width - (x - MARGIN));
		pango_layout_get_size(l, &lw, &lh);
		*unknown += pango_layout_get_unknown_glyphs_count(l);
		h = (double)lh / PANGO_SCALE;
		if (draw) {
			if (b->kind == PLAN_ITEM) {
				PangoLayout *dot = layout_for(cr, "•", size, 0, indent);
				cairo_move_to(cr, MARGIN + size * 0.4, y);
				pango_cairo_show_layout(cr, dot);
				g_object_unref(dot);
			}
			cairo_move_to(cr, x, y);
			pango_cairo_show_layout(cr, l);
		}
		g_object_unref(l);
		y += h + size * 0.25;
	}
	return y + MARGIN;
}

static cairo_status_t
to_stream(void *closure, const unsigned char *data, unsigned int length)
{
	FILE *f = closure;

	return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
	                                            : CAIRO_STATUS_WRITE_ERROR;
}

/* A PDF growing in memory; every copy left behind is wiped. */
struct membuf {
	unsigned char *data;
	size_t len, cap;
};

static cairo_status_t
to_memory(void *closure, const unsigned char *data, unsigned int length)
{
	struct membuf *m = closure;

	if (m->cap - m->len < length) {
		size_t cap = m->cap ? m->cap : 65536;
		unsigned char *grown;

		while (cap - m->len < length)
			cap *= 2;
		if (!(grown = malloc(cap)))
			return CAIRO_STATUS_NO_MEMORY;
		if (m->data) {
			memcpy(grown, m->data, m->len);
			sodium_memzero(m->data, m->cap);
			free(m->data);
		}
		m->data = grown;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, length);
	m->len += length;
	return CAIRO_STATUS_SUCCESS;
}

/* The plan as one page of PDF through write(closure, ...).  bad_io says
 * whether the writer failed on its own (errno tells why). */
static int
render(const struct plan *p, cairo_write_func_t write, void *closure, int (*bad_io)(void *),
       char *err, size_t errlen)
{
	cairo_surface_t *surface;
	cairo_status_t st;
	cairo_t *cr;
	double pw, ph, size = SIZE_MAX_PT;
	int unknown = 0;

	page_size(p->paper, &pw, &ph);
	surface = cairo_pdf_surface_create_for_stream(write, closure, pw, ph);
	cr = cairo_create(surface);
	while (size > SIZE_MIN_PT && lay_out(cr, p, size, pw, 0, &unknown) > ph)
		size -= 0.5;
	unknown = 0;
	if (lay_out(cr, p, size, pw, 0, &unknown) > ph || unknown) {
		cairo_destroy(cr);
		cairo_surface_destroy(surface);
		if (unknown)
			snprintf(err, errlen, "no font on this computer has %d of the plan's letters "
			         "(a name in another script?); they would print as empty boxes, so "
			         "nothing was made: ask the admin to install a font for them, such as "
			         "fonts-noto-core or fonts-wqy-microhei", unknown);
		else
			snprintf(err, errlen, "the plan does not fit on one page: the template, or "
			         "what it holds, is too long");
		return -1;
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	lay_out(cr, p, size, pw, 1, &unknown);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st == CAIRO_STATUS_NO_MEMORY) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (st != CAIRO_STATUS_SUCCESS || bad_io(closure)) {
		snprintf(err, errlen, "the plan could not be written: %s",
		         st == CAIRO_STATUS_WRITE_ERROR || bad_io(closure)
		             ? strerror(errno ? errno : EIO) : cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

static int
stream_failed(void *closure)
{
	return ferror((FILE *)closure);
}

static int
memory_fine(void *closure)
{
	(void)closure;
	return 0;
}

int
plan_pdf_stream(const struct plan *p, FILE *f, char *err, size_t errlen)
{
	return render(p, to_stream, f, stream_failed, err, errlen);
}

int
plan_pdf_memory(const struct plan *p, unsigned char **pdf, size_t *len, char *err,
                size_t errlen)
{
	struct membuf m = {0};

	*pdf = NULL;
	*len = 0;
	if (render(p, to_memory, &m, memory_fine, err, errlen) != 0) {
		plan_pdf_memory_free(m.data, m.cap);
		return -1;
	}
	*pdf = m.data;
	*len = m.len;
	return 0;
}

void
plan_pdf_memory_free(unsigned char *pdf, size_t len)
{
	if (pdf) {
		sodium_memzero(pdf, len);
		free(pdf);
	}
}

int
plan_pdf_write(const struct plan *p, const char *path, char *err, size_t errlen)
{
	struct outfile o;

	if (outfile_open(&o, path, err, errlen) != 0)
		return -1;
	if (plan_pdf_stream(p, o.f, err, errlen) != 0) {
		(void)outfile_failed(&o, errno, err, errlen);
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, err, errlen);
}

void
plan_pdf_release(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
