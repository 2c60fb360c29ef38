/* SPDX-License-Identifier: GPL-2.0 */
/* An allow/block list entry as the kernel reports it (LIST_GET, CLASS_GET). */
#ifndef _SEGCTL_ENTRY_H
#define _SEGCTL_ENTRY_H

#include <stdint.h>
#include <linux/imsseg.h>

#include "imsseg_prefix.h"
#include "json.h"

struct nlattr;

struct list_entry {
	uint8_t list;		/* enum imsseg_list */
	uint8_t origin;		/* enum imsseg_origin */
	struct imsseg_prefix prefix;
	uint32_t ttl;		/* seconds as configured, 0: none */
	uint32_t expires;	/* seconds left, 0: never */
	uint64_t hits;
	char reason[IMSSEG_REASON_LEN];
	char text[IMSSEG_PREFIX_STRLEN];	/* prefix, formatted */
};

/* From reply attributes; -EPROTO if a required one is missing or bad. */
int entry_from_attrs(struct nlattr **tb, struct list_entry *e);

/* The entry's members into the current JSON object. */
void entry_json(struct json *j, const struct list_entry *e);

#endif /* _SEGCTL_ENTRY_H */
