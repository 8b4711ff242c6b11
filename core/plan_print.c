/* SPDX-License-Identifier: ISC */
/*
 * plan_print.c - the release plan to the site's printer (plan_print.h).
 *
 * Two IPP requests on one connection: Get-Printer-Attributes first, so
 * that a queue that does not exist, is stopped or refuses jobs gets its
 * own sentence before anything is sent, then Print-Job with the PDF
 * made in memory (plan_pdf_memory, wiped after).  A queue name goes to
 * the CUPS server libcups is set up for (cupsServer: its socket, or
 * CUPS_SERVER); a URI goes to that printer directly, as ippeveprinter or
 * a network printer answers.
 */
#include "plan_print.h"

#include <cups/cups.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "plan_pdf.h"

#define CONNECT_MS 15000
#define CHUNK 65536

/* Where a printer is: a host (or a socket's path), port, resource,
 * the printer-uri the requests carry and whether TLS is needed. */
struct where {
	char host[256], resource[1024], uri[1024];
	int port;
	http_encryption_t tls;
};

int
plan_printer_check(const char *name)
{
	char scheme[16], user[64], host[256], resource[1024];
	int port;

	if (!name || !*name)
		return -1;
	if (strncmp(name, "ipp://", 6) == 0 || strncmp(name, "ipps://", 7) == 0)
		return strlen(name) < PLAN_PRINTER_MAX &&
		       httpSeparateURI(HTTP_URI_CODING_ALL, name, scheme, sizeof scheme, user,
		                       sizeof user, host, sizeof host, &port, resource,
		                       sizeof resource) >= HTTP_URI_STATUS_OK &&
		       *host ? 0 : -1;
	if (strlen(name) > 127)
		return -1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '/' || *p == '#' || *p == '\\')
			return -1;
	return 0;
}

static int
locate(const char *printer, struct where *w)
{
	char scheme[16], user[64];

	memset(w, 0, sizeof *w);
	if (plan_printer_check(printer) != 0)
		return -1;
	if (strstr(printer, "://")) {
		httpSeparateURI(HTTP_URI_CODING_ALL, printer, scheme, sizeof scheme, user,
		                sizeof user, w->host, sizeof w->host, &w->port, w->resource,
		                sizeof w->resource);
		snprintf(w->uri, sizeof w->uri, "%s", printer);
		w->tls = strcmp(scheme, "ipps") == 0 ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
		return 0;
	}
	snprintf(w->host, sizeof w->host, "%s", cupsServer());
	w->port = ippPort();
	w->tls = cupsEncryption();
	snprintf(w->resource, sizeof w->resource, "/printers/%s", printer);
	httpAssembleURIf(HTTP_URI_CODING_ALL, w->uri, sizeof w->uri, "ipp", NULL, "localhost",
	                 w->port, "/printers/%s", printer);
	return 0;
}

static ipp_t *
request(ipp_op_t op, const struct where *w)
{
	ipp_t *r = ippNewRequest(op);

	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, w->uri);
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
	return r;
}

/* 0 if the printer is there and taking jobs; else -1 with why. */
static int
ready(http_t *http, const struct where *w, const char *printer, char *err, size_t errlen)
{
	static const char *const want[] = {"printer-state", "printer-is-accepting-jobs"};
	ipp_t *r = request(IPP_OP_GET_PRINTER_ATTRIBUTES, w), *resp;
	ipp_attribute_t *state, *accepting;
	int rc = 0;

	ippAddStrings(r, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 2, NULL, want);
	resp = cupsDoRequest(http, r, w->resource);
	if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		ipp_status_t st = cupsLastError();
		if (st == IPP_STATUS_ERROR_NOT_FOUND)
			snprintf(err, errlen, "there is no printer called %s (the setting plan.printer)",
			         printer);
		else
			snprintf(err, errlen, "the printer %s did not answer properly: %s", printer,
			         cupsLastErrorString());
		ippDelete(resp);
		return -1;
	}
	state = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM);
	accepting = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
	if (state && ippGetInteger(state, 0) == IPP_PSTATE_STOPPED) {
		snprintf(err, errlen, "the printer %s is offline (stopped)", printer);
		rc = -1;
	} else if (accepting && !ippGetBoolean(accepting, 0)) {
		snprintf(err, errlen, "the printer %s is not taking jobs now", printer);
		rc = -1;
	}
	ippDelete(resp);
	return rc;
}

/* Print-Job with the PDF as its document. */
static int
send_job(http_t *http, const struct where *w, const char *printer, const unsigned char *pdf,
         size_t len, char *err, size_t errlen)
{
	ipp_t *r = request(IPP_OP_PRINT_JOB, w), *resp;
	http_status_t hs;
	int rc = 0;

	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, "release plan");
	ippAddString(r, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
	             "application/pdf");
	/* The length is the whole body: the request, then the document. */
	hs = cupsSendRequest(http, r, w->resource, ippLength(r) + len);
	for (size_t off = 0; hs == HTTP_STATUS_CONTINUE && off < len; off += CHUNK)
		hs = cupsWriteRequestData(http, (const char *)pdf + off,
		                          len - off < CHUNK ? len - off : CHUNK);
	resp = hs == HTTP_STATUS_CONTINUE ? cupsGetResponse(http, w->resource) : NULL;
	if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
		snprintf(err, errlen, "the printer %s refused the plan: %s", printer,
		         cupsLastErrorString());
		rc = -1;
	}
	ippDelete(resp);
	ippDelete(r);
	return rc;
}

int
plan_print(const struct plan *p, const char *printer, char *err, size_t errlen)
{
	struct where w;
	unsigned char *pdf;
	size_t len;
	http_t *http;
	int rc;

	if (!printer || !*printer) {
		snprintf(err, errlen, "no printer is set for plans (the setting plan.printer)");
		return -1;
	}
	if (locate(printer, &w) != 0) {
		snprintf(err, errlen, "%s is not a printer's name or an ipp:// address "
		         "(the setting plan.printer)", printer);
		return -1;
	}
	http = httpConnect2(w.host, w.port, NULL, AF_UNSPEC, w.tls, 1, CONNECT_MS, NULL);
	if (!http) {
		snprintf(err, errlen, "the printer %s does not answer (off, or not connected)",
		         printer);
		return -1;
	}
	rc = ready(http, &w, printer, err, errlen);
	if (rc == 0 && (rc = plan_pdf_memory(p, &pdf, &len, err, errlen)) == 0) {
		rc = send_job(http, &w, printer, pdf, len, err, errlen);
		plan_pdf_memory_free(pdf, len);
	}
	httpClose(http);
	return rc;
}
