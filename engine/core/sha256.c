/* SPDX-License-Identifier: MIT
 *
 * sha256.c: SHA-256 of input files, for the provenance record in `runs`.
 * Hashing is Nettle's (a small, well-kept library already on every Debian
 * machine with GnuTLS); reading goes through GDAL's VSI layer so that a
 * file inside a zip (/vsizip/) is hashed as GDAL reads it.
 */
#include "core.h"

#include <cpl_vsi.h>
#include <nettle/sha2.h>
#include <stdio.h>

void zg_sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, len, data);
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

zg_status zg_sha256_file(zg_ctx *ctx, const char *path, char out[65])
{
    VSILFILE *f = VSIFOpenL(path, "rb");
    if (!f)
        return zg_fail(ctx, ZG_ERR_INPUT, "cannot read %s to hash it", path);
    struct sha256_ctx h;
    sha256_init(&h);
    unsigned char buf[65536];
    size_t n;
    while ((n = VSIFReadL(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&h, n, buf);
    VSIFCloseL(f);
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    return ZG_OK;
}
