// SPDX-License-Identifier: GPL-2.0
/*
 * How segctl tags its XFRM objects (user/xfrm_own.h): the tag round
 * trips for every id class, anything else (IKE daemons' reqids, uid 0,
 * a tag with the wrong uid) is not recognised, and the priority band
 * stays clear of the bands other IPsec software uses.
 */
#include <stdint.h>

#include "unit.h"
#include "xfrm_own.h"

static void round_trip(void)
{
	static const uint32_t ids[] = { 1, 2, 1000, XOWN_ID_CLI - 1,
					XOWN_ID_CLI + 1, XOWN_ID_MAX };
	size_t i;
	bool block;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		uint32_t id = ids[i];

		CHECK(xown_id_valid(id));
		CHECK_EQ(xown_sa_id(xown_tag(id), xown_tag(id)), id);
		block = true;
		CHECK_EQ(xown_sp_id(xown_tag(id), &block), id);
		CHECK(!block);
		CHECK_EQ(xown_sp_id(xown_block_tag(id), &block), id);
		CHECK(block);
		CHECK_EQ(xown_id_is_cli(id), id > XOWN_ID_CLI);
	}
	/* what "ip -s xfrm" shows: reqid 0x5e600001, uid 1583349761 */
	CHECK_EQ(xown_tag(1), 0x5e600001u);
	CHECK_EQ(xown_tag(1), 1583349761u);
	CHECK_EQ(xown_block_tag(1), 0x5e700001u);
}

static void foreign(void)
{
	bool block = false;

	/* strongSwan reqids count from 1, libreswan's from 16384 */
	CHECK_EQ(xown_sa_id(1, 0), 0);
	CHECK_EQ(xown_sa_id(16389, 0), 0);
	CHECK_EQ(xown_sa_id(0, 0), 0);
	/* our reqid but another uid (or none): not ours */
	CHECK_EQ(xown_sa_id(xown_tag(5), 0), 0);
	CHECK_EQ(xown_sa_id(xown_tag(5), xown_tag(6)), 0);
	/* a block tag is not an SA tag */
	CHECK_EQ(xown_sa_id(xown_block_tag(5), xown_block_tag(5)), 0);
	/* id 0 and the bare class bit are no tunnel */
	CHECK_EQ(xown_sa_id(xown_tag(0), xown_tag(0)), 0);
	CHECK_EQ(xown_sp_id(xown_tag(XOWN_ID_CLI), &block), 0);
	CHECK_EQ(xown_sp_id(0, &block), 0);
	CHECK_EQ(xown_sp_id(0x5e500001u, &block), 0);
	CHECK_EQ(xown_sp_id(0x5e800001u, &block), 0);
	CHECK(!xown_id_valid(0));
	CHECK(!xown_id_valid(XOWN_ID_MAX + 1));
}

static void priorities(void)
{
	/* main policies win over block ones (lower value first) */
	CHECK(xown_prio(false) < xown_prio(true));
	CHECK(xown_prio(false) >= XOWN_PRIO_LO && xown_prio(true) <= XOWN_PRIO_HI);
	/* the band: above "ip xfrm"'s default 0 and admins' small values,
	 * below Kamailio/OpenSIPS (1024, 2080), strongSwan (68k-500k) and
	 * libreswan (up to ~2M) */
	CHECK(XOWN_PRIO_LO > 100);
	CHECK(XOWN_PRIO_HI < 1024);
}

int main(void)
{
	UNIT_RUN(round_trip);
	UNIT_RUN(foreign);
	UNIT_RUN(priorities);
	return unit_done();
}
