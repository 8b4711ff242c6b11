/*
 * report_metrics.c - passage report metrics.
 */
#include "cli.h"
#include "report.h"

int
report_metrics_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_error("report metrics: not available in this build");
}
