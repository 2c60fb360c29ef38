/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIP responses segctl sends itself (494 Security Agreement Required,
 * 403 with a Warning, 400, 505, ...), built from the raw request bytes
 * and their struct sipmsg as RFC 3261 8.2.6 says: Via values copied in
 * order, the top one with received/rport (RFC 3581), From, To with a
 * tag, Call-ID, CSeq, the caller's extra headers, Content-Length: 0.
 * Documentation/sipmsg.rst, "Responses", has the rules.
 */
#ifndef _SEGCTL_SIPREPLY_H
#define _SEGCTL_SIPREPLY_H

#include <stddef.h>
#include <stdint.h>

#include "sipmsg.h"

/* Where the request came from (the packet's source). */
struct sipreply_src {
	const char *addr;	/* numeric: "192.0.2.7", "2001:db8::1";
				 * NULL: the top Via is copied unchanged */
	uint16_t port;
};

/*
 * Writes a response with @status (100..699) and @phrase (NULL: a
 * standard phrase for the code, or "") to the request @req[0..@len),
 * which sipmsg_parse() turned into @m with SIPMSG_OK or SIPMSG_E_LINT,
 * into @out[0..@outlen), NUL-terminated.
 *
 * The top Via gets ";received=<src addr>;rport=<src port>" (replacing
 * any received/rport it had) when it has ";rport" or its sent-by
 * (default port 5060, 5061 for TLS) is not the source. The To gets
 * ";tag=sg<16 hex>" when it has none (not for 100): a hash of Call-ID,
 * top Via branch and From tag, so a retransmission gets the same tag.
 * @extra_headers (NULL or "") are complete header lines ("Name: value",
 * separated by CRLF or LF, a final line end optional), each copied
 * with CRLF; Content-Length is always "0".
 *
 * Returns the length written (without the NUL), or a negative errno:
 * -EINVAL for a response or an ACK in @m, a status out of range, a
 * phrase or header with CR/LF/NUL or an extra line that is not
 * "token: value" (or is Content-Length), a non-numeric @src->addr;
 * -EBADMSG when @req does not hold the headers @m says it has;
 * -ENOSPC when @outlen is too small.
 */
int sipreply_build(const uint8_t *req, size_t len, const struct sipmsg *m,
		   const struct sipreply_src *src, uint16_t status,
		   const char *phrase, const char *extra_headers, char *out,
		   size_t outlen);

/* The To tag sipreply_build() adds to a response to @m (NUL-ended). */
void sipreply_tag(const struct sipmsg *m, char tag[19]);

/* RFC 3261 reason phrase for @status ("Security Agreement Required" for
 * 494); "" for an unknown code. */
const char *sipreply_phrase(uint16_t status);

#endif /* _SEGCTL_SIPREPLY_H */
