/* SPDX-License-Identifier: ISC */
/*
 * witness.h - the audit chain head, sent out of the file to syslog.
 *
 * Anyone who holds a passphrase and runs their own code holds the audit
 * key, so the chain inside the file can be rewritten whole.  A head noted
 * where nobody in the program can change it can be checked again later
 * (audit verify --head): syslog(3), LOG_AUTHPRIV, as the failed logins
 * go, at every login and every audit.witness_rows rows (default 100).
 * The line holds the file's name, the row number and the first 16 hex
 * digits of its MAC, and why it was sent: nothing from the records.
 */
#ifndef PASSAGE_WITNESS_H
#define PASSAGE_WITNESS_H

#include <stddef.h>
#include <stdint.h>

/* What no check inside the file can see, and how to check it: the last
 * line of verify and audit verify. */
#define WITNESS_LIMIT "not seen by this check: the whole file put back from an older copy; " \
                      "to check, give a newer head from the system log to audit verify --head"

/* The setting that says how often, in rows, and its default and range. */
#define WITNESS_SETTING "audit.witness_rows"
#define WITNESS_EVERY 100
#define WITNESS_EVERY_MAX 10000

/* "audit chain head SEQ:MAC file=PATH at=WHY": the path as printable
 * ASCII (other bytes as '?'), why "login" or "rows". */
void witness_line(char *out, size_t n, const char *path, int64_t seq, const uint8_t mac[32],
                  int login);
/* Sends that line to syslog as "passage" in LOG_AUTHPRIV. */
void witness_send(const char *path, int64_t seq, const uint8_t mac[32], int login);

/* Where lines go instead of syslog (NULL: syslog again), for a program
 * that keeps its own record of them, and for tests. */
typedef void (*witness_sink)(const char *line);
void witness_set_sink(witness_sink fn);

#endif
