/*
 * report_disclosures.c - passage report disclosures.
 */
#include "cli.h"
#include "report.h"

int
report_disclosures_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_error("report disclosures: not available in this build");
}
