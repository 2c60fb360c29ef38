// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded hash tables for the SIP brain (sg_int.h): a power-of-two
 * bucket array of singly linked chains, and per eviction class a doubly
 * linked age list (oldest first). A table never holds more than its cap:
 * inserting into a full table evicts the oldest entry of class 0, or of
 * class 1 when class 0 is empty, and counts it. The hash is SipHash-2-4
 * under a per-instance random key, so a remote peer cannot choose
 * Call-IDs that fall into one chain.
 */
#include <stdlib.h>
#include <string.h>

#include "sg_int.h"

#define SG_BUCKETS_MAX	(1U << 22)

static uint32_t buckets_for(uint32_t cap)
{
	uint32_t n = 16;

	while (n < cap && n < SG_BUCKETS_MAX)
		n <<= 1;
	return n;
}

static void list_del(struct sg_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}

static void list_add_tail(struct sg_node *head, struct sg_node *n)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

int sgt_init(struct sg_tab *t, uint32_t cap, void (*destroy)(struct sg_node *))
{
	unsigned int i;
	uint32_t nb = buckets_for(cap);

	memset(t, 0, sizeof(*t));
	t->b = calloc(nb, sizeof(*t->b));
	if (!t->b)
		return -1;
	t->mask = nb - 1;
	t->cap = cap;
	t->destroy = destroy;
	for (i = 0; i < SG_TAB_CLASSES; i++)
		t->age[i].prev = t->age[i].next = &t->age[i];
	return 0;
}

static void unhash(struct sg_tab *t, struct sg_node *n)
{
	struct sg_node **pp = &t->b[n->hash & t->mask];

	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = n->hnext;
	n->hnext = NULL;
}

void sgt_delete(struct sg_tab *t, struct sg_node *n, bool expired)
{
	unhash(t, n);
	list_del(n);
	t->n--;
	if (expired)
		t->expired++;
	t->destroy(n);
}

static struct sg_node *oldest(struct sg_tab *t)
{
	unsigned int i;

	for (i = 0; i < SG_TAB_CLASSES; i++)
		if (t->age[i].next != &t->age[i])
			return t->age[i].next;
	return NULL;
}

static void evict_one(struct sg_tab *t)
{
	struct sg_node *n = oldest(t);

	if (!n)
		return;
	sgt_delete(t, n, false);
	t->evicted++;
}

void sgt_free(struct sg_tab *t)
{
	struct sg_node *n;

	if (!t->b)
		return;
	while ((n = oldest(t)))
		sgt_delete(t, n, false);
	free(t->b);
	t->b = NULL;
}

int sgt_set_cap(struct sg_tab *t, uint32_t cap)
{
	uint32_t nb = buckets_for(cap), i;

	if (nb > t->mask + 1) {
		struct sg_node **b = calloc(nb, sizeof(*b));

		if (!b)
			return -1;
		for (i = 0; i <= t->mask; i++) {
			struct sg_node *n = t->b[i], *next;

			for (; n; n = next) {
				next = n->hnext;
				n->hnext = b[n->hash & (nb - 1)];
				b[n->hash & (nb - 1)] = n;
			}
		}
		free(t->b);
		t->b = b;
		t->mask = nb - 1;
	}
	t->cap = cap;
	while (t->n > t->cap)
		evict_one(t);
	return 0;
}

void sgt_insert(struct sg_tab *t, struct sg_node *n)
{
	struct sg_node **head;

	while (t->n >= t->cap && t->n)
		evict_one(t);
	head = &t->b[n->hash & t->mask];
	n->hnext = *head;
	*head = n;
	if (n->cls >= SG_TAB_CLASSES)
		n->cls = SG_TAB_CLASSES - 1;
	list_add_tail(&t->age[n->cls], n);
	t->n++;
}

void sgt_touch(struct sg_tab *t, struct sg_node *n, uint8_t cls)
{
	if (cls >= SG_TAB_CLASSES)
		cls = SG_TAB_CLASSES - 1;
	list_del(n);
	n->cls = cls;
	list_add_tail(&t->age[cls], n);
}

struct sg_node *sgt_chain(const struct sg_tab *t, uint64_t hash)
{
	return t->b[hash & t->mask];
}

void sgt_expire(struct sg_tab *t, uint64_t now_ms)
{
	unsigned int i;

	for (i = 0; i < SG_TAB_CLASSES; i++) {
		struct sg_node *n = t->age[i].next, *next;

		for (; n != &t->age[i]; n = next) {
			next = n->next;
			if (now_ms >= n->deadline_ms)
				sgt_delete(t, n, true);
		}
	}
}

void sgt_walk(const struct sg_tab *t,
	      void (*fn)(const struct sg_node *n, void *arg), void *arg)
{
	int i;

	for (i = SG_TAB_CLASSES - 1; i >= 0; i--) {
		const struct sg_node *n;

		for (n = t->age[i].next; n != &t->age[i]; n = n->next)
			fn(n, arg);
	}
}

/* SipHash-2-4 (Aumasson, Bernstein), 64-bit output. */
#define ROTL(x, b) ((uint64_t)(((x) << (b)) | ((x) >> (64 - (b)))))

#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t sg_siphash(const uint8_t key[16], const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t k0 = le64(key), k1 = le64(key + 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
	uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
	uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
	uint64_t v3 = 0x7465646279746573ULL ^ k1;
	uint64_t b = (uint64_t)len << 56, m;
	size_t i, left = len & 7;

	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(p + i);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (m = 0; left; left--)
		m |= (uint64_t)p[i + left - 1] << (8 * (left - 1));
	b |= m;
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}
