/* SPDX-License-Identifier: ISC */
/*
 * cmd_report.c - passage report metrics|disclosures: the supervisors'
 * program figures and a person's accounting of disclosures.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static int run(int argc, char **argv);

const struct cmd cmd_report = {
    "report",
    "program figures for a period; a person's disclosures",
    "usage: passage report metrics FILE --from DATE --to DATE [--facility NAME]\n"
    "                      [--format table|csv|json] [--out PATH]\n"
    "       passage report disclosures FILE --person CODE [--format table|csv|json]\n"
    "                      [--out PATH]\n"
    "       (each also takes [--user NAME] [--passphrase-fd N])\n",
    run,
};

static int
run(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(cmd_report.usage, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "metrics") == 0)
		return report_metrics_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "disclosures") == 0)
		return report_disclosures_main(argc - 1, argv + 1);
	return cli_usage(&cmd_report, "say metrics or disclosures");
}
