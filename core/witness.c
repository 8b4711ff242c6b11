/* SPDX-License-Identifier: ISC */
/*
 * witness.c - the audit chain head, sent out of the file (see witness.h).
 *
 * When.  audit_log notes in the session the head after a login row, or
 * after a row whose number is a multiple of audit.witness_rows; the line
 * goes out only once that transaction has committed (session_write), so
 * no head is witnessed that a rollback then takes back: a witnessed head
 * that is not in the file later means the file was changed.  A
 * transaction of many rows sends one line at most.
 *
 * Why 100 rows.  A line every 100 rows is a few lines an hour at a busy
 * site, against the system log's thousands; between two lines at most 99
 * rows can be cut or rewritten unseen by syslog alone, and a login (every
 * shift, every unlock from the command line) sends one anyway.
 *
 * The line is made by a pure function, so what it holds is tested, and
 * sent as the failed logins are (lockout_send); the sink can be replaced, so that tests see every line sent without a log
 * daemon.
 */
#include "witness.h"

#include <sodium.h>
#include <stdio.h>

#include "lockout.h"

static witness_sink sink = lockout_send;

void
witness_line(char *out, size_t n, const char *path, int64_t seq, const uint8_t mac[32],
             int login)
{
	char file[200], hex[17];

	if (n == 0)
		return;
	lockout_printable(file, sizeof file, path);
	sodium_bin2hex(hex, sizeof hex, mac, 8);
	snprintf(out, n, "audit chain head %lld:%s file=%s at=%s", (long long)seq, hex, file,
	         login ? "login" : "rows");
}

void
witness_send(const char *path, int64_t seq, const uint8_t mac[32], int login)
{
	char line[320];

	witness_line(line, sizeof line, path, seq, mac, login);
	sink(line);
}

void
witness_set_sink(witness_sink fn)
{
	sink = fn ? fn : lockout_send;
}
