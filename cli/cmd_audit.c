/*
 * cmd_audit.c - passage audit verify FILE: walk the audit chain.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "db.h"
#include "session.h"

static int run(int argc, char **argv);

const struct cmd cmd_audit = {
    "audit",
    "verify the audit log's chain (supervisors and admins)",
    "usage: passage audit verify FILE [--user NAME] [--passphrase-fd N]\n"
    "\n"
    "Checks every row of the audit log against the row before it.  Prints\n"
    "the number of rows and the chain head (sequence:MAC) to note down\n"
    "outside the file, so that a later check can tell if rows were cut off;\n"
    "or names the first row that does not match, and exits 1.\n",
    run,
};

static int
run(int argc, char **argv)
{
	struct common_opts o;
	struct session s;
	struct audit_head h;
	char err[DB_ERR_MAX], head[40];
	int64_t rows, bad;
	db *d;
	int rc;

	if (argc < 2 || strcmp(argv[1], "verify") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			fputs(cmd_audit.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage(&cmd_audit, "say verify");
	}
	rc = cli_parse(&cmd_audit, argc - 1, argv + 1, "user,passphrase-fd", 0, &o);
	if (rc != 0)
		return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if ((rc = cli_session(&o, &d, &s)) != EXIT_OK)
		return rc;
	if (s.role != ROLE_SUPERVISOR && s.role != ROLE_ADMIN) {
		db_close(d);
		return cli_error("only supervisors and admins verify the audit log");
	}
	rc = audit_verify(d, &rows, &bad, err, sizeof err);
	if (rc != 0) {
		db_close(d);
		return cli_error("%s: %s", o.file, err);
	}
	audit_head(d, &h);
	audit_head_text(&h, head);
	printf("%s: audit log intact, %lld rows; head %s\n", o.file, (long long)rows, head);
	db_close(d);
	return EXIT_OK;
}
