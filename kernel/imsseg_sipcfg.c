// SPDX-License-Identifier: GPL-2.0
/*
 * SIP fast-path and punt settings under /sys/kernel/imsseg:
 *
 *   sip/ports		SIP ports, UDP and TCP: "5060 5080"; 1..65535,
 *			at most 8, no duplicates; empty: fast path off
 *   sip/scan_bytes	bytes scanned per message, 256..65535
 *   sip/max_bytes	largest SIP message over UDP, 256..65535; a
 *			larger one is dropped (sip_drop_oversized)
 *   sip/require_secure	0/1: punt plain (no IPsec) SIP as "insecure"
 *   sip/ua_deny	User-Agent substrings to drop, case-insensitive;
 *			at most 8 words of 1..63 printable bytes
 *   punt/classes	punt classes, space-separated names
 *   punt/queue		first NFQUEUE number, 0..65535
 *   punt/queues	1..64 queues per block; two blocks (cleartext, then
 *			IPsec), so queue + 2 * queues - 1 <= 65535
 *   punt/fail_mode	open (bypass when no listener) or closed
 *   punt/learn		0/1: queue trusted-side INVITE, BYE and final
 *			answers to INVITE/REGISTER (always bypass)
 *
 * Same scheme as imsseg_limits.c: a write parses into a copy of the
 * current object and publishes it under a mutex; a rejected write
 * changes nothing; readers see one consistent object per packet.
 */

#include <linux/ctype.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/imsseg.h>

#include "imsseg_limits.h"
#include "imsseg_sipcfg.h"
#include "imsseg_sysfs.h"

#define IMSSEG_SIP_PORT_DEFAULT	5060
/* Longest accepted write of a list file (ports, ua_deny, classes). */
#define IMSSEG_SIPCFG_LINE	(IMSSEG_SIP_UA_MAX * IMSSEG_SIP_UA_LEN)

static struct imsseg_sip_cfg __rcu *imsseg_sipcfg_cur;
static DEFINE_MUTEX(imsseg_sipcfg_mutex);

const struct imsseg_sip_cfg *imsseg_sipcfg_get(void)
{
	return rcu_dereference(imsseg_sipcfg_cur);
}

enum imsseg_sipcfg_field {
	IMSSEG_SF_PORTS,
	IMSSEG_SF_SCAN_BYTES,
	IMSSEG_SF_MAX_BYTES,
	IMSSEG_SF_REQUIRE_SECURE,
	IMSSEG_SF_UA_DENY,
	IMSSEG_SF_CLASSES,
	IMSSEG_SF_QUEUE,
	IMSSEG_SF_QUEUES,
	IMSSEG_SF_FAIL_MODE,
	IMSSEG_SF_LEARN,
};

/* Both queue blocks (imsseg.h IMSSEG_PUNT_QUEUE_BLOCKS) fit in 0..65535. */
static bool imsseg_queues_fit(u64 queue, u64 queues)
{
	return queue + IMSSEG_PUNT_QUEUE_BLOCKS * queues - 1 <= 65535;
}

/* Next space-separated word of *s (NUL-terminated, modified). */
static char *imsseg_word(char **s)
{
	char *w = *s, *e;

	while (*w == ' ' || *w == '\t')
		w++;
	if (!*w)
		return NULL;
	e = w;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	*s = *e ? e + 1 : e;
	*e = '\0';
	return w;
}

static int imsseg_parse_ports(struct imsseg_sip_cfg *c, char *s)
{
	unsigned int n = 0, i;
	char *w;
	u64 v;
	int err;

	while ((w = imsseg_word(&s))) {
		err = imsseg_limits_parse(w, 1, 65535, &v);
		if (err)
			return err;
		if (n == IMSSEG_SIP_PORTS_MAX)
			return -E2BIG;
		for (i = 0; i < n; i++)
			if (c->ports[i] == v)
				return -EINVAL;
		c->ports[n++] = v;
	}
	c->nports = n;
	return 0;
}

static int imsseg_parse_ua(struct imsseg_sip_cfg *c, char *s)
{
	unsigned int n = 0;
	size_t len, i;
	char *w;

	while ((w = imsseg_word(&s))) {
		len = strlen(w);
		if (len >= IMSSEG_SIP_UA_LEN)
			return -ERANGE;
		for (i = 0; i < len; i++)
			if (!isgraph(w[i]))
				return -EINVAL;
		if (n == IMSSEG_SIP_UA_MAX)
			return -E2BIG;
		strscpy(c->ua[n++], w, IMSSEG_SIP_UA_LEN);
	}
	c->n_ua = n;
	return 0;
}

static int imsseg_parse_classes(struct imsseg_sip_cfg *c, char *s)
{
	unsigned int i;
	u32 m = 0;
	char *w;

	while ((w = imsseg_word(&s))) {
		for (i = 0; i < IMSSEG_PUNT_COUNT; i++)
			if (!strcmp(w, imsseg_punt_name(i)))
				break;
		if (i == IMSSEG_PUNT_COUNT)
			return -EINVAL;
		m |= IMSSEG_PUNT_BIT(i);
	}
	c->punt_mask = m;
	return 0;
}

/* Parse @buf into the copy @c; 0 or -errno. */
static int imsseg_sipcfg_apply(struct imsseg_sip_cfg *c,
			       enum imsseg_sipcfg_field f, char *buf)
{
	u64 v;
	int err;

	switch (f) {
	case IMSSEG_SF_PORTS:
		return imsseg_parse_ports(c, buf);
	case IMSSEG_SF_UA_DENY:
		return imsseg_parse_ua(c, buf);
	case IMSSEG_SF_CLASSES:
		return imsseg_parse_classes(c, buf);
	case IMSSEG_SF_FAIL_MODE:
		if (!strcmp(buf, "open"))
			c->fail_open = true;
		else if (!strcmp(buf, "closed"))
			c->fail_open = false;
		else
			return -EINVAL;
		return 0;
	case IMSSEG_SF_SCAN_BYTES:
		err = imsseg_limits_parse(buf, IMSSEG_SIP_SCAN_MIN,
					  IMSSEG_SIP_SCAN_MAX, &v);
		if (!err)
			c->scan_bytes = v;
		return err;
	case IMSSEG_SF_MAX_BYTES:
		err = imsseg_limits_parse(buf, IMSSEG_SIP_SCAN_MIN,
					  IMSSEG_SIP_SCAN_MAX, &v);
		if (!err)
			c->max_bytes = v;
		return err;
	case IMSSEG_SF_REQUIRE_SECURE:
		err = imsseg_limits_parse(buf, 0, 1, &v);
		if (!err)
			c->require_secure = v;
		return err;
	case IMSSEG_SF_LEARN:
		err = imsseg_limits_parse(buf, 0, 1, &v);
		if (!err)
			c->learn = v;
		return err;
	case IMSSEG_SF_QUEUE:
		err = imsseg_limits_parse(buf, 0, 65535, &v);
		if (!err && !imsseg_queues_fit(v, c->queues))
			err = -ERANGE;
		if (!err)
			c->queue = v;
		return err;
	case IMSSEG_SF_QUEUES:
		err = imsseg_limits_parse(buf, 1, IMSSEG_PUNT_QUEUES_MAX, &v);
		if (!err && !imsseg_queues_fit(c->queue, v))
			err = -ERANGE;
		if (!err)
			c->queues = v;
		return err;
	}
	return -EINVAL;
}

struct imsseg_sipcfg_attr {
	struct kobj_attribute kattr;
	enum imsseg_sipcfg_field field;
};

#define to_sipcfg_attr(k) container_of(k, struct imsseg_sipcfg_attr, kattr)

static ssize_t imsseg_sipcfg_show(struct kobject *kobj,
				  struct kobj_attribute *kattr, char *buf)
{
	enum imsseg_sipcfg_field f = to_sipcfg_attr(kattr)->field;
	const struct imsseg_sip_cfg *c;
	unsigned int i;
	int n = 0;

	rcu_read_lock();
	c = rcu_dereference(imsseg_sipcfg_cur);
	switch (f) {
	case IMSSEG_SF_PORTS:
		for (i = 0; i < c->nports; i++)
			n += sysfs_emit_at(buf, n, "%s%u", i ? " " : "",
					   c->ports[i]);
		break;
	case IMSSEG_SF_UA_DENY:
		for (i = 0; i < c->n_ua; i++)
			n += sysfs_emit_at(buf, n, "%s%s", i ? " " : "",
					   c->ua[i]);
		break;
	case IMSSEG_SF_CLASSES:
		for (i = 0; i < IMSSEG_PUNT_COUNT; i++)
			if (c->punt_mask & IMSSEG_PUNT_BIT(i))
				n += sysfs_emit_at(buf, n, "%s%s",
						   n ? " " : "",
						   imsseg_punt_name(i));
		break;
	case IMSSEG_SF_FAIL_MODE:
		n = sysfs_emit(buf, "%s", c->fail_open ? "open" : "closed");
		break;
	case IMSSEG_SF_SCAN_BYTES:
		n = sysfs_emit(buf, "%u", c->scan_bytes);
		break;
	case IMSSEG_SF_MAX_BYTES:
		n = sysfs_emit(buf, "%u", c->max_bytes);
		break;
	case IMSSEG_SF_REQUIRE_SECURE:
		n = sysfs_emit(buf, "%u", c->require_secure);
		break;
	case IMSSEG_SF_LEARN:
		n = sysfs_emit(buf, "%u", c->learn);
		break;
	case IMSSEG_SF_QUEUE:
		n = sysfs_emit(buf, "%u", c->queue);
		break;
	case IMSSEG_SF_QUEUES:
		n = sysfs_emit(buf, "%u", c->queues);
		break;
	}
	rcu_read_unlock();
	return n + sysfs_emit_at(buf, n, "\n");
}

static ssize_t imsseg_sipcfg_store(struct kobject *kobj,
				   struct kobj_attribute *kattr,
				   const char *buf, size_t count)
{
	enum imsseg_sipcfg_field f = to_sipcfg_attr(kattr)->field;
	struct imsseg_sip_cfg *old, *new;
	char line[IMSSEG_SIPCFG_LINE];
	size_t len = count;
	int err;

	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= sizeof(line))
		return -E2BIG;
	memcpy(line, buf, len);
	line[len] = '\0';
	if (strlen(line) != len)
		return -EINVAL;	/* embedded NUL */

	mutex_lock(&imsseg_sipcfg_mutex);
	old = rcu_dereference_protected(imsseg_sipcfg_cur,
					lockdep_is_held(&imsseg_sipcfg_mutex));
	new = kmemdup(old, sizeof(*old), GFP_KERNEL);
	if (!new) {
		err = -ENOMEM;
		goto out;
	}
	err = imsseg_sipcfg_apply(new, f, line);
	if (err) {
		kfree(new);
		goto out;
	}
	rcu_assign_pointer(imsseg_sipcfg_cur, new);
	kfree_rcu(old, rcu);
out:
	mutex_unlock(&imsseg_sipcfg_mutex);
	return err ? err : count;
}

#define IMSSEG_SIPCFG_ATTR(_name, _f)					\
	static struct imsseg_sipcfg_attr imsseg_sa_##_name = {		\
		.kattr = __ATTR(_name, 0644, imsseg_sipcfg_show,	\
				imsseg_sipcfg_store),			\
		.field = _f,						\
	}

IMSSEG_SIPCFG_ATTR(ports, IMSSEG_SF_PORTS);
IMSSEG_SIPCFG_ATTR(scan_bytes, IMSSEG_SF_SCAN_BYTES);
IMSSEG_SIPCFG_ATTR(max_bytes, IMSSEG_SF_MAX_BYTES);
IMSSEG_SIPCFG_ATTR(require_secure, IMSSEG_SF_REQUIRE_SECURE);
IMSSEG_SIPCFG_ATTR(ua_deny, IMSSEG_SF_UA_DENY);
IMSSEG_SIPCFG_ATTR(classes, IMSSEG_SF_CLASSES);
IMSSEG_SIPCFG_ATTR(queue, IMSSEG_SF_QUEUE);
IMSSEG_SIPCFG_ATTR(queues, IMSSEG_SF_QUEUES);
IMSSEG_SIPCFG_ATTR(fail_mode, IMSSEG_SF_FAIL_MODE);
IMSSEG_SIPCFG_ATTR(learn, IMSSEG_SF_LEARN);

static struct attribute *imsseg_sip_attrs[] = {
	&imsseg_sa_ports.kattr.attr,
	&imsseg_sa_scan_bytes.kattr.attr,
	&imsseg_sa_max_bytes.kattr.attr,
	&imsseg_sa_require_secure.kattr.attr,
	&imsseg_sa_ua_deny.kattr.attr,
	NULL
};

static struct attribute *imsseg_punt_attrs[] = {
	&imsseg_sa_classes.kattr.attr,
	&imsseg_sa_queue.kattr.attr,
	&imsseg_sa_queues.kattr.attr,
	&imsseg_sa_fail_mode.kattr.attr,
	&imsseg_sa_learn.kattr.attr,
	NULL
};

/* Merged into sip/, which imsseg_limits creates. */
static const struct attribute_group imsseg_sip_group = {
	.name = "sip",
	.attrs = imsseg_sip_attrs,
};

static const struct attribute_group imsseg_punt_group = {
	.name = "punt",
	.attrs = imsseg_punt_attrs,
};

int imsseg_sipcfg_init(void)
{
	struct imsseg_sip_cfg *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->ports[0] = IMSSEG_SIP_PORT_DEFAULT;
	c->nports = 1;
	c->scan_bytes = IMSSEG_SIP_SCAN_DEFAULT;
	c->max_bytes = IMSSEG_SIP_MAX_DEFAULT;
	c->fail_open = true;
	c->learn = true;
	c->queues = 1;
	c->punt_mask = IMSSEG_PUNT_DEFAULT;
	RCU_INIT_POINTER(imsseg_sipcfg_cur, c);

	err = sysfs_merge_group(imsseg_sysfs_kobj(), &imsseg_sip_group);
	if (err)
		goto err_free;
	err = sysfs_create_group(imsseg_sysfs_kobj(), &imsseg_punt_group);
	if (err)
		goto err_unmerge;
	return 0;

err_unmerge:
	sysfs_unmerge_group(imsseg_sysfs_kobj(), &imsseg_sip_group);
err_free:
	RCU_INIT_POINTER(imsseg_sipcfg_cur, NULL);
	kfree(c);
	return err;
}

void imsseg_sipcfg_exit(void)
{
	sysfs_remove_group(imsseg_sysfs_kobj(), &imsseg_punt_group);
	sysfs_unmerge_group(imsseg_sysfs_kobj(), &imsseg_sip_group);
	kfree(rcu_dereference_protected(imsseg_sipcfg_cur, 1));
	RCU_INIT_POINTER(imsseg_sipcfg_cur, NULL);
}
