/* SPDX-License-Identifier: ISC */
/*
 * util.c - helpers shared by the C tests.
 */
#include "util.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "vault.h"

static char tmpdir[256];
static pid_t owner;

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void
cleanup(void)
{
	/* Only the process that made the folder removes it: forked children
	 * exit through here too. */
	if (tmpdir[0] && getpid() == owner)
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	if (tmpdir[0])
		return tmpdir;
	snprintf(tmpdir, sizeof tmpdir, "%s/passage-test.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		tap_bail("cannot make a temporary folder");
	owner = getpid();
	atexit(cleanup);
	return tmpdir;
}

const char *
tu_path(const char *dir, const char *name)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

db *
tu_create_opts(const char *path, const struct db_options *o)
{
	char err[DB_ERR_MAX], code[DB_RECOVERY_CODE_LEN];
	db *d;

	if (db_create(path, TU_ADMIN, TU_PASS, DB_KDF_INTERACTIVE, code, o, &d, err, sizeof err) != 0)
		tap_bail("create %s: %s", path, err);
	return d;
}

db *
tu_create(const char *path)
{
	return tu_create_opts(path, NULL);
}

db *
tu_open_opts(const char *path, const struct db_options *o)
{
	char err[DB_ERR_MAX];
	db *d;

	if (db_open(path, TU_ADMIN, TU_PASS, o, &d, err, sizeof err) != 0)
		tap_bail("open %s: %s", path, err);
	return d;
}

db *
tu_open(const char *path)
{
	return tu_open_opts(path, NULL);
}

void
tu_exec(db *d, const char *sql)
{
	if (db_exec(d, sql) != 0)
		tap_bail("exec %.60s: %s", sql, db_errmsg(d));
}

long long
tu_int(db *d, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_sql(d), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

long
tu_count_in_file(const char *path, const void *needle, size_t n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size, count = 0;

	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(size > 0 ? (size_t)size : 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(buf);
		tap_bail("cannot read %s", path);
	}
	fclose(f);
	for (char *p = buf; size > 0 && (p = memmem(p, (size_t)(buf + size - p), needle, n));
	     p++)
		count++;
	free(buf);
	return count;
}

static int
rw_at(const char *path, long off, void *buf, size_t n, int write_it)
{
	int fd = open(path, write_it ? O_WRONLY : O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = write_it ? pwrite(fd, buf, n, off) : pread(fd, buf, n, off);
	if (write_it && fsync(fd) != 0)
		r = -1;
	close(fd);
	return r == (ssize_t)n ? 0 : -1;
}

int
tu_read_at(const char *path, long off, void *buf, size_t n)
{
	return rw_at(path, off, buf, n, 0);
}

int
tu_write_at(const char *path, long off, const void *buf, size_t n)
{
	return rw_at(path, off, (void *)buf, n, 1);
}

int
tu_flip_bit(const char *path, long off, int bit)
{
	uint8_t b;

	if (tu_read_at(path, off, &b, 1) != 0)
		return -1;
	b ^= (uint8_t)(1u << bit);
	return tu_write_at(path, off, &b, 1);
}

long
tu_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

const char *
tu_with(const char *path, const char *tail)
{
	static char buf[4][1024];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s%s", path, tail);
	return buf[k];
}

int
tu_save(db *d, const char *sql)
{
	if (db_begin_write(d) != 0)
		return -1;
	if (db_exec(d, sql) != 0) {
		db_rollback(d);
		return -1;
	}
	return db_commit(d);
}

const char *
tu_log_copy(const char *src, const char *name, long off)
{
	const char *dst = tu_path(tu_tmpdir(), name);

	if (tu_copy_file(src, dst) != 0 || tu_copy_file(tu_with(src, "-wal"), tu_with(dst, "-wal")) != 0)
		tap_bail("copy");
	if (off >= 0 && tu_flip_bit(tu_with(dst, "-wal"), off, 2) != 0)
		tap_bail("flip");
	return dst;
}

int
tu_copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

int
tu_count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

const char *
tu_build(void)
{
	const char *b = getenv("PASSAGE_BUILD");

	return b && *b ? b : "build";
}

void
tu_pipe_write(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			_exit(3);
		p += w;
		n -= (size_t)w;
	}
}

int
tu_pipe_read(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

void
tu_reader_start(struct tu_reader *r, const char *path)
{
	int in[2], out[2];
	pid_t pid;
	char c;

	if (pipe(in) != 0 || pipe(out) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		db *d = tu_open(path);
		close(in[1]);
		close(out[0]);
		while (tu_pipe_read(in[0], &c, 1) == 0) {
			if (c == 'B' && db_begin_read(d) != 0)
				_exit(1);
			if (c == 'E')
				db_rollback(d);
			tu_pipe_write(out[1], &c, 1);
		}
		_exit(0);
	}
	close(in[0]);
	close(out[1]);
	r->pid = (int)pid;
	r->to = in[1];
	r->from = out[0];
}

static void
reader_say(struct tu_reader *r, char c)
{
	char back;

	tu_pipe_write(r->to, &c, 1);
	if (tu_pipe_read(r->from, &back, 1) != 0 || back != c)
		tap_bail("the reader did not answer");
}

void
tu_reader_begin(struct tu_reader *r)
{
	reader_say(r, 'B');
}

void
tu_reader_end(struct tu_reader *r)
{
	reader_say(r, 'E');
}

void
tu_reader_kill(struct tu_reader *r)
{
	kill((pid_t)r->pid, SIGKILL);
	waitpid((pid_t)r->pid, NULL, 0);
	close(r->to);
	close(r->from);
}

int
tu_run_preloaded(const char *preload, char *const env[], const char *input, char *const argv[])
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) != 0)
		tap_bail("pipe");
	fflush(stdout);
	if ((pid = fork()) < 0)
		tap_bail("fork");
	if (pid == 0) {
		const char *asan = getenv("ASAN_OPTIONS");
		char opts[512];

		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		if (preload) {
			/* A sanitizer build runs with the object loaded before
			 * its runtime. */
			snprintf(opts, sizeof opts, "%s%sverify_asan_link_order=0",
			         asan ? asan : "", asan && *asan ? ":" : "");
			setenv("ASAN_OPTIONS", opts, 1);
			setenv("LD_PRELOAD", preload, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[0]);
	tu_pipe_write(fds[1], input, strlen(input));
	close(fds[1]);
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

uint32_t
tu_pages_in_epoch(const char *path, uint32_t epoch)
{
	uint8_t b;
	uint32_t n = 0;
	long size = tu_file_size(path);

	for (long off = VAULT_HEADER_SIZE; off + (long)VAULT_PAGE_SIZE <= size;
	     off += VAULT_PAGE_SIZE)
		if (tu_read_at(path, off + VAULT_BODY, &b, 1) == 0 && b == (uint8_t)epoch)
			n++;
	return n;
}

void
tu_saver(const char *path, int ask, int answer)
{
	db *d = tu_open(path);
	char sql[96], c = 1;
	int n = 0;

	tu_pipe_write(answer, &c, 1);
	while (tu_pipe_read(ask, &c, 1) == 0) {
		snprintf(sql, sizeof sql, "INSERT INTO saved (v) VALUES ('between steps %d')", ++n);
		c = db_begin_write(d) == 0 && db_exec(d, sql) == 0 && db_commit(d) == 0;
		if (!c)
			fprintf(stderr, "# a save failed: %s\n", db_errmsg(d));
		tu_pipe_write(answer, &c, 1);
	}
	db_close(d);
	_exit(0);
}
