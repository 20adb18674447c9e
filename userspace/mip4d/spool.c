// SPDX-License-Identifier: GPL-2.0
/*
 * mip4d: the accounting records on their way to a server, in order, and
 * kept until one acknowledges them (Documentation/mip4d.md, "Nothing
 * lost"): in memory always, and in files under [accounting] state_dir so
 * that neither a crash of mip4d nor a restart loses one.
 *
 * Every record gets a sequence number and waits in a queue ordered by it.
 * Up to SPOOL_WINDOW are in flight at once (each a RADIUS transaction of
 * radclient.c, with its retransmissions and failover); Accounting-On and
 * -Off go alone, so that no record of a session overtakes them. When no
 * server answers a record it goes back into the queue and sending stops;
 * every retry_s one record goes out as a probe, and once one is
 * acknowledged the rest follow.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mip4d.h"

#define SPOOL_WINDOW	64

struct spool_entry {
	struct mip4d_acct_record rec;
	bool on_disk;
	struct spool_entry *prev, *next;
};

struct acct_txn {
	struct mip4d_txn txn;		/* first */
	struct spool_entry *e;
};

static struct {
	int dirfd;			/* state_dir/spool, -1: memory only */
	struct spool_entry *head, *tail;	/* waiting, by sequence */
	unsigned int queued, in_flight;
	bool barrier_in_flight;		/* an On or Off is out: nothing else */
	bool held;			/* until mip4d_spool_release() */
	bool down;			/* the last record went unanswered */
	bool pumping;
	uint64_t retry_at;		/* ms: the next probe while down */
	uint64_t next_seq;
	uint64_t dropped;		/* records the bound made us give up */
	struct mip4d_ratelimit drop_log;
} sp = { .dirfd = -1, .held = true, .next_seq = 1 };

static const char *status_name(uint8_t status)
{
	switch (status) {
	case RADIUS_ACCT_START: return "Start";
	case RADIUS_ACCT_STOP: return "Stop";
	case RADIUS_ACCT_INTERIM_UPDATE: return "Interim-Update";
	case RADIUS_ACCT_ON: return "Accounting-On";
	case RADIUS_ACCT_OFF: return "Accounting-Off";
	}
	return "?";
}

static bool is_barrier(const struct mip4d_acct_record *r)
{
	return r->status == RADIUS_ACCT_ON || r->status == RADIUS_ACCT_OFF;
}

/* ---- the files ---- */

static void file_name(uint64_t seq, char name[32])
{
	snprintf(name, 32, "%016" PRIx64 ".acct", seq);
}

int mip4d_state_write(int dirfd, const char *name, const char *text,
		      size_t len)
{
	char tmp[64];
	ssize_t n;
	int fd, r = 0;

	/* A whole file or none: written aside, then renamed over. */
	if (snprintf(tmp, sizeof(tmp), ".%s.tmp", name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return -errno;
	while (len) {
		n = write(fd, text, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		text += n;
		len -= (size_t)n;
	}
	if (close(fd) && !r)
		r = -errno;
	if (!r && renameat(dirfd, tmp, dirfd, name))
		r = -errno;
	if (r)
		unlinkat(dirfd, tmp, 0);
	return r;
}

int mip4d_state_read(int dirfd, const char *name, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (len == size - 1) {
			close(fd);
			return -EFBIG;
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (n < 0)
		return -EIO;
	buf[len] = '\0';
	return (int)len;
}

int mip4d_state_dir(const char *base, const char *sub)
{
	int bfd, fd;

	if (mkdir(base, 0700) && errno != EEXIST)
		return -errno;
	bfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bfd < 0)
		return -errno;
	if (mkdirat(bfd, sub, 0700) && errno != EEXIST) {
		fd = -errno;
		close(bfd);
		return fd;
	}
	fd = openat(bfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(bfd);
	return fd;
}

/* Moves a file we cannot read out of the way, keeping it for a human. */
void mip4d_state_set_aside(int dirfd, const char *name, const char *why)
{
	char bad[64];

	snprintf(bad, sizeof(bad), "%s.bad", name);
	mip4d_err("state file %s: %s; renamed to %s", name, why, bad);
	if (renameat(dirfd, name, dirfd, bad))
		unlinkat(dirfd, name, 0);
}

static void entry_save(struct spool_entry *e)
{
	char text[MIP4D_RECORD_TEXT_MAX], name[32];
	size_t len;
	int r;

	if (sp.dirfd < 0)
		return;
	len = mip4d_record_format(&e->rec, text, sizeof(text));
	file_name(e->rec.seq, name);
	r = mip4d_state_write(sp.dirfd, name, text, len);
	if (r)
		mip4d_err("accounting spool: cannot write %s: %s (the record is kept in memory only)",
			  name, strerror(-r));
	e->on_disk = !r;
}

static void entry_free(struct spool_entry *e)
{
	char name[32];

	if (e->on_disk) {
		file_name(e->rec.seq, name);
		if (unlinkat(sp.dirfd, name, 0) && errno != ENOENT)
			mip4d_err("accounting spool: cannot remove %s: %s",
				  name, strerror(errno));
	}
	free(e);
}

/* ---- the queue ---- */

/* In sequence order: most go at the tail, a returned one near the head. */
static void queue_insert(struct spool_entry *e)
{
	struct spool_entry *at = sp.tail;

	while (at && at->rec.seq > e->rec.seq)
		at = at->prev;
	e->prev = at;
	e->next = at ? at->next : sp.head;
	if (e->next)
		e->next->prev = e;
	else
		sp.tail = e;
	if (at)
		at->next = e;
	else
		sp.head = e;
	sp.queued++;
}

static void queue_remove(struct spool_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		sp.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		sp.tail = e->prev;
	e->prev = e->next = NULL;
	sp.queued--;
}

/* ---- sending ---- */

static int acct_txn_build(struct mip4d_txn *t, struct mip4d_server *srv)
{
	const struct mip4d_acct_record *r = &((struct acct_txn *)t)->e->rec;
	enum radius_err err;

	err = mip4d_record_request(r, t->conf->nas_identifier, (uint8_t)t->id,
				   srv->secret, srv->secret_len, t->pkt,
				   sizeof(t->pkt), &t->len, &t->rsent);
	if (err) {
		mip4d_err("accounting %s of session %s: cannot build the request: %s",
			  status_name(r->status), r->session_id,
			  radius_strerror(err));
		return -1;
	}
	return 0;
}

static bool acct_txn_reply(struct mip4d_txn *t, struct mip4d_server *srv,
			   const uint8_t *pkt, size_t len)
{
	struct radius_reply reply;
	enum radius_err err;

	err = radius_parse_reply(pkt, len, &t->rsent, srv->secret,
				 srv->secret_len, 0, &reply);
	if (err) {
		mip4d_warn("accounting: reply from %s ignored: %s", srv->name,
			   radius_strerror(err));
		return false;
	}
	return true;
}

static void pump(void);

static void acct_txn_finish(struct mip4d_txn *t, bool answered)
{
	struct acct_txn *a = (struct acct_txn *)t;
	struct spool_entry *e = a->e;
	char nai[MIP4D_NAI_STR_MAX];

	mip4d_conf_put(t->conf);
	free(a);
	sp.in_flight--;
	if (is_barrier(&e->rec))
		sp.barrier_in_flight = false;
	mip4d_escape(e->rec.nai, e->rec.nai_len, nai, sizeof(nai));
	if (answered) {
		mip4d_debug("accounting %s %s session %s: acknowledged",
			    status_name(e->rec.status), nai,
			    e->rec.session_id);
		entry_free(e);
		if (sp.down)
			mip4d_notice("accounting: a server answers again; sending the %u records kept",
				     sp.queued);
		sp.down = false;
	} else {
		if (!sp.down)
			mip4d_warn("accounting %s %s session %s: no accounting server answered; records are kept and sent again every %u s",
				   status_name(e->rec.status), nai,
				   e->rec.session_id,
				   mip4d_conf_current()->accounting.retry_s);
		queue_insert(e);
		sp.down = true;
		sp.retry_at = mip4d_now_ms() +
			      mip4d_conf_current()->accounting.retry_s * 1000ull;
	}
	pump();
}

static const struct mip4d_txn_ops acct_txn_ops = {
	.build = acct_txn_build,
	.reply = acct_txn_reply,
	.finish = acct_txn_finish,
};

/* Sends @e, out of the queue; false when that cannot be done now. */
static bool send_one(struct spool_entry *e)
{
	struct mip4d_conf *c = mip4d_conf_current();
	struct acct_txn *a;

	if (!c->acct.n)
		return false;
	a = calloc(1, sizeof(*a));
	if (!a)
		return false;
	queue_remove(e);
	a->e = e;
	a->txn.ops = &acct_txn_ops;
	a->txn.conf = mip4d_conf_get(c);
	a->txn.set = &c->acct;
	sp.in_flight++;
	if (is_barrier(&e->rec))
		sp.barrier_in_flight = true;
	mip4d_txn_start(&a->txn);
	return true;
}

static void pump(void)
{
	/* A transaction may end inside mip4d_txn_start(): no recursion. */
	if (sp.pumping)
		return;
	sp.pumping = true;
	while (!sp.held && !sp.down && sp.head &&
	       sp.in_flight < SPOOL_WINDOW && !sp.barrier_in_flight &&
	       !(is_barrier(&sp.head->rec) && sp.in_flight))
		if (!send_one(sp.head))
			break;
	sp.pumping = false;
}

/* Gives up one waiting Interim-Update (the oldest), for a record that
 * matters more: a later Interim-Update or the Stop carries its counters.
 */
static bool drop_an_interim(void)
{
	struct spool_entry *e;

	for (e = sp.head; e; e = e->next)
		if (e->rec.status == RADIUS_ACCT_INTERIM_UPDATE) {
			queue_remove(e);
			entry_free(e);
			return true;
		}
	return false;
}

void mip4d_spool_add(const struct mip4d_acct_record *r)
{
	const struct mip4d_conf *c = mip4d_conf_current();
	char nai[MIP4D_NAI_STR_MAX], more[48];
	struct spool_entry *e;
	unsigned int n;

	if (!c->acct.n)
		return;
	if (sp.queued + sp.in_flight >= c->accounting.spool_max &&
	    (r->status == RADIUS_ACCT_INTERIM_UPDATE || !drop_an_interim())) {
		sp.dropped++;
		if (mip4d_ratelimit(&sp.drop_log, mip4d_now_ms(), &n)) {
			mip4d_escape(r->nai, r->nai_len, nai, sizeof(nai));
			mip4d_err("accounting spool full (%u records): %s %s session %s not kept%s",
				  c->accounting.spool_max,
				  status_name(r->status), nai, r->session_id,
				  mip4d_not_logged(n, more));
		}
		return;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		mip4d_err("accounting: out of memory");
		return;
	}
	e->rec = *r;
	e->rec.seq = r->seq ? r->seq : sp.next_seq++;
	entry_save(e);
	queue_insert(e);
	pump();
}

uint64_t mip4d_spool_reserve(void)
{
	return sp.next_seq++;
}

/* Reads the records an earlier mip4d left, in sequence order. */
static void load(void)
{
	char text[MIP4D_RECORD_TEXT_MAX];
	struct spool_entry *e;
	struct dirent *de;
	unsigned int n = 0;
	uint64_t seq;
	char *end;
	DIR *d;
	int fd, r;

	fd = dup(sp.dirfd);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		mip4d_err("accounting spool: %s", strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 21 ||
		    strcmp(de->d_name + 16, ".acct"))
			continue;
		errno = 0;
		seq = strtoull(de->d_name, &end, 16);
		if (errno || end != de->d_name + 16 || !seq) {
			mip4d_state_set_aside(sp.dirfd, de->d_name,
					      "not a sequence number");
			continue;
		}
		e = calloc(1, sizeof(*e));
		if (!e)
			break;
		r = mip4d_state_read(sp.dirfd, de->d_name, text, sizeof(text));
		if (r < 0 || mip4d_record_parse(text, &e->rec)) {
			mip4d_state_set_aside(sp.dirfd, de->d_name,
					      r < 0 ? strerror(-r) :
					      "not an accounting record");
			free(e);
			continue;
		}
		e->rec.seq = seq;
		e->on_disk = true;
		queue_insert(e);
		if (seq >= sp.next_seq)
			sp.next_seq = seq + 1;
		n++;
	}
	closedir(d);
	if (n)
		mip4d_notice("accounting spool: %u records an earlier mip4d kept, to send first",
			     n);
}

int mip4d_spool_open(int dirfd)
{
	sp.dirfd = dirfd;
	sp.held = true;
	sp.down = false;
	if (dirfd >= 0)
		load();
	return 0;
}

void mip4d_spool_release(void)
{
	sp.held = false;
	pump();
}

uint64_t mip4d_spool_next_deadline(void)
{
	return sp.down && sp.head && !sp.in_flight ? sp.retry_at : 0;
}

void mip4d_spool_timer(void)
{
	/* While down, one record at a time finds out if a server is back. */
	if (sp.held || !sp.down || !sp.head || sp.in_flight ||
	    mip4d_now_ms() < sp.retry_at)
		return;
	sp.retry_at = mip4d_now_ms() +
		      mip4d_conf_current()->accounting.retry_s * 1000ull;
	mip4d_debug("accounting: trying again with the oldest of %u records",
		    sp.queued);
	send_one(sp.head);
}

bool mip4d_spool_busy(void)
{
	return sp.in_flight || (sp.head && !sp.down && !sp.held);
}

void mip4d_spool_stats(unsigned int *queued, unsigned int *in_flight,
		       uint64_t *dropped)
{
	*queued = sp.queued;
	*in_flight = sp.in_flight;
	*dropped = sp.dropped;
}

void mip4d_spool_close(void)
{
	struct spool_entry *e;
	unsigned int lost = 0;

	while ((e = sp.head)) {
		queue_remove(e);
		lost += !e->on_disk;
		e->on_disk = false;	/* the file stays for the next mip4d */
		entry_free(e);
	}
	if (lost)
		mip4d_err("accounting: %u records no server acknowledged are lost (no state_dir to keep them in)",
			  lost);
	else if (sp.dirfd >= 0)
		mip4d_debug("accounting spool: what is left stays in the state directory");
	if (sp.dirfd >= 0)
		close(sp.dirfd);
	sp.dirfd = -1;
}
