/* SPDX-License-Identifier: MIT
 *
 * nul_scan.c: land-use codes with a NUL inside. GDAL 3.6 cuts a string
 * at its first NUL on every reading route, so `ONT\0X` arrives as `ONT`
 * and the parcel would silently count as housing. The code field is the
 * one that decides a parcel's use, so it alone is looked at again, where
 * the bytes can still be seen: in SQL for GeoPackage and SQLite (SQLite
 * runs it, as a blob), in the .dbf records for a shapefile (the field's
 * fixed-width bytes, read through VSI). Other formats are not covered.
 */
#include "io_int.h"

#include <cpl_vsi.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* qa_log rows, one per feature, up to this many; then one for the rest. */
#define MAX_ROWS 100

typedef struct nul_log {
    zg_ctx *ctx;
    zg_layer *layer;
    const char *where;
    const char *field;
    size_t n;
} nul_log;

/* Bytes as printable ASCII ('?' for any other byte), at most 40. */
static void shown(const unsigned char *b, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap && i < 40; i++)
        out[k++] = b[i] >= 0x20 && b[i] < 0x7F ? (char)b[i] : '?';
    out[k] = '\0';
}

/* The value's bytes (len, NULs and padding included) hold a NUL with
 * something after it other than NULs and spaces: log it. */
static zg_status check_value(nul_log *lg, long long fid,
                             const unsigned char *v, size_t len)
{
    const unsigned char *z = memchr(v, 0, len);
    if (!z)
        return ZG_OK;
    size_t cut = (size_t)(z - v), end = len;
    while (end > cut && (v[end - 1] == 0 || v[end - 1] == ' '))
        end--;
    if (end == cut) /* NUL padding, as some writers pad a .dbf */
        return ZG_OK;
    size_t kept = cut;
    while (kept > 0 && v[kept - 1] == ' ') /* GDAL drops trailing spaces */
        kept--;
    lg->n++;
    if (lg->n > MAX_ROWS)
        return ZG_OK;
    char before[48], after[48], label[32], problem[256], action[160];
    shown(v, kept, before, sizeof before);
    shown(z + 1, end - cut - 1, after, sizeof after);
    snprintf(label, sizeof label, "%lld", fid);
    snprintf(problem, sizeof problem, "code in %s holds a NUL: '%s\\0%s'",
             lg->field, before, after);
    snprintf(action, sizeof action, "read as '%s' (GDAL stops at the NUL); "
             "fix the source", before);
    return zg_qa_add(lg->ctx, &lg->layer->qa, lg->where, label, problem,
                     action, NAN, NAN);
}

/* "name" with its double quotes doubled, in quotes. New string. */
static char *sql_ident(zg_ctx *ctx, const char *name)
{
    size_t n = strlen(name), k = 0;
    char *s = zg_calloc(ctx, 2 * n + 3, 1);
    if (!s)
        return NULL;
    s[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"')
            s[k++] = '"';
        s[k++] = name[i];
    }
    s[k++] = '"';
    return s;
}

/* The query of the codes holding a NUL, in reading (fid) order; NULL when
 * out of memory. New string. */
static char *nul_sql(zg_ctx *ctx, const zg_source *src, int field)
{
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(src->lyr),
                                           field);
    const char *fidcol = OGR_L_GetFIDColumn(src->lyr);
    char *col = sql_ident(ctx, OGR_Fld_GetNameRef(fd));
    char *tab = sql_ident(ctx, OGR_L_GetName(src->lyr));
    char *fid = sql_ident(ctx, fidcol && *fidcol ? fidcol : "rowid");
    char *sql = col && tab && fid
                    ? zg_asprintf(ctx, "SELECT %s, CAST(%s AS BLOB) FROM %s "
                                  "WHERE instr(CAST(%s AS BLOB), X'00') > 0",
                                  fid, col, tab, col)
                    : NULL;
    zg_free(ctx, col);
    zg_free(ctx, tab);
    zg_free(ctx, fid);
    return sql;
}

/* Run sql on ds, each(ud, fid, bytes, n) for each row found. *ran: the
 * query ran (false: GDAL refused it; its message is GDAL's last). */
static zg_status run_sql(GDALDatasetH ds, const char *sql,
                         zg_status (*each)(void *ud, long long fid,
                                           const GByte *b, size_t n),
                         void *ud, bool *ran)
{
    OGRLayerH rs = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    *ran = rs != NULL;
    zg_status st = ZG_OK;
    OGRFeatureH f;
    while (!st && rs && (f = OGR_L_GetNextFeature(rs)) != NULL) {
        int n = 0;
        /* The fid column becomes the FID; the blob is field 0. */
        const GByte *b = OGR_F_GetFieldAsBinary(f, 0, &n);
        if (b && n > 0)
            st = each(ud, (long long)OGR_F_GetFID(f), b, (size_t)n);
        OGR_F_Destroy(f);
    }
    if (rs)
        GDALDatasetReleaseResultSet(ds, rs);
    return st;
}

static zg_status check_row(void *ud, long long fid, const GByte *b, size_t n)
{
    return check_value(ud, fid, b, n);
}

static zg_status scan_sql(nul_log *lg, const zg_source *src, int field)
{
    zg_ctx *ctx = lg->ctx;
    char *sql = nul_sql(ctx, src, field);
    bool ran = false;
    zg_status st = sql ? run_sql(src->ds, sql, check_row, lg, &ran)
                       : zg_nomem(ctx, "SQL");
    if (!st && !ran)
        st = zg_fail(ctx, ZG_ERR_INPUT, "cannot look for NULs in the codes: "
                     "%s (%s)", CPLGetLastErrorMsg(), lg->where);
    zg_free(ctx, sql);
    return st;
}

/* ---- the same query on a thread of its own ------------------------------
 * For 2 M parcels the query is a second walk through the table, 0.4 s
 * that the stream spent after its last parcel with one core idle. The
 * thread opens the file again (a connection of its own: SQLite readers
 * do not share one), keeps the rows it finds, and the caller logs them
 * in order afterwards, as scan_sql would have. Anything amiss on the
 * thread (no thread, the file not opened, the query refused) leaves the
 * scan to the caller, as before. */

static zg_status keep_row(void *ud, long long fid, const GByte *b, size_t n)
{
    zg_nul_job *job = ud;
    zg_status st = zg_grow(job->ctx, (void **)&job->hits, &job->hcap,
                           job->nhits + 1, sizeof *job->hits);
    unsigned char *copy = st ? NULL : zg_calloc(job->ctx, n + 1, 1);
    if (!copy)
        return zg_nomem(job->ctx, "codes");
    memcpy(copy, b, n);
    job->hits[job->nhits++] = (zg_nul_hit){fid, copy, n};
    return ZG_OK;
}

static void *nul_main(void *arg)
{
    zg_nul_job *job = arg;
    zg_gdal_begin(job->ctx);
    const char *drivers[] = {job->driver, NULL};
    GDALDatasetH ds = GDALOpenEx(job->path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 drivers, NULL, NULL);
    bool ran = false;
    job->st = ds ? run_sql(ds, job->sql, keep_row, job, &ran) : ZG_OK;
    job->ok = ds && ran && !job->st;
    if (ds)
        GDALClose(ds);
    zg_gdal_end(job->ctx);
    return NULL;
}

void zg_code_nul_start(zg_ctx *ctx, const zg_source *src, int field,
                       zg_nul_job *job)
{
    memset(job, 0, sizeof *job);
    GDALDriverH drv = GDALGetDatasetDriver(src->ds);
    const char *name = drv ? GDALGetDriverShortName(drv) : "";
    if (strcmp(name, "GPKG") != 0 && strcmp(name, "SQLite") != 0)
        return;
    zg_ctx_config cfg = {&ctx->alloc};
    if (zg_ctx_new(&cfg, &job->ctx) != ZG_OK) {
        job->ctx = NULL;
        return;
    }
    snprintf(job->driver, sizeof job->driver, "%s", name);
    job->path = zg_strdup(job->ctx, GDALGetDescription(src->ds));
    job->sql = nul_sql(job->ctx, src, field);
    if (job->path && job->sql &&
        pthread_create(&job->thread, NULL, nul_main, job) == 0)
        job->started = true;
}

/* Join the thread; true when it found the rows (in job->hits). */
static bool nul_join(zg_nul_job *job)
{
    if (job->started)
        pthread_join(job->thread, NULL);
    job->started = false;
    return job->ok;
}

void zg_code_nul_clear(zg_nul_job *job)
{
    nul_join(job);
    if (!job->ctx)
        return;
    for (size_t i = 0; i < job->nhits; i++)
        zg_free(job->ctx, job->hits[i].bytes);
    zg_free(job->ctx, job->hits);
    zg_free(job->ctx, job->path);
    zg_free(job->ctx, job->sql);
    zg_ctx_free(job->ctx);
    memset(job, 0, sizeof *job);
}

static unsigned le16(const unsigned char *p) { return p[0] | (p[1] << 8); }

/* The .dbf's records, field `field`'s bytes. The header gives the record
 * count and length; the field descriptors (32 bytes each, from byte 32)
 * the field's width, in the order OGR lists the fields. */
static zg_status scan_dbf(nul_log *lg, const char *dbf, int field)
{
    zg_ctx *ctx = lg->ctx;
    VSILFILE *fp = VSIFOpenL(dbf, "rb");
    if (!fp)
        return zg_fail(ctx, ZG_ERR_INPUT, "cannot open %s to look for NULs "
                       "in the codes", dbf);
    unsigned char hd[32];
    zg_status st = ZG_OK;
    unsigned char *buf = NULL;
    if (VSIFReadL(hd, 1, 32, fp) != 32)
        st = zg_fail(ctx, ZG_ERR_INPUT, "%s: header cut short", dbf);
    size_t nrec = st ? 0 : (size_t)hd[4] | (size_t)hd[5] << 8 |
                               (size_t)hd[6] << 16 | (size_t)hd[7] << 24;
    size_t hlen = le16(hd + 8), rlen = le16(hd + 10);
    size_t off = 1, width = 0; /* byte 0 of a record: deletion flag */
    for (int i = 0; !st && i <= field; i++) {
        unsigned char d[32];
        if (VSIFReadL(d, 1, 32, fp) != 32 || d[0] == 0x0D)
            st = zg_fail(ctx, ZG_ERR_INPUT, "%s: field %d not in the "
                         "header", dbf, field);
        else if (i < field)
            off += d[16];
        else
            width = d[16];
    }
    if (!st && (off + width > rlen || width == 0))
        st = zg_fail(ctx, ZG_ERR_INPUT, "%s: field %d lies outside its "
                     "records", dbf, field);
    size_t per = rlen ? (1u << 20) / rlen + 1 : 1;
    if (!st && !(buf = zg_calloc(ctx, per, rlen)))
        st = zg_nomem(ctx, "dbf records");
    if (!st && VSIFSeekL(fp, (vsi_l_offset)hlen, SEEK_SET) != 0)
        st = zg_fail(ctx, ZG_ERR_INPUT, "%s: cannot seek", dbf);
    for (size_t r = 0; !st && r < nrec;) {
        size_t want = nrec - r < per ? nrec - r : per;
        size_t got = VSIFReadL(buf, rlen, want, fp);
        for (size_t i = 0; !st && i < got; i++) {
            const unsigned char *rec = buf + i * rlen;
            if (rec[0] != '*') /* deleted: GDAL skips it */
                st = check_value(lg, (long long)(r + i), rec + off, width);
        }
        if (got < want)
            break; /* a short file: GDAL read what there is */
        r += got;
    }
    zg_free(ctx, buf);
    VSIFCloseL(fp);
    return st;
}

zg_status zg_code_nul_scan(zg_ctx *ctx, const zg_source *src,
                           zg_layer *layer, int field, const char *where,
                           zg_nul_job *job, size_t *count)
{
    *count = 0;
    GDALDriverH drv = GDALGetDatasetDriver(src->ds);
    const char *name = drv ? GDALGetDriverShortName(drv) : "";
    nul_log lg = {ctx, layer, where, src->field_names[field], 0};
    zg_status st = ZG_OK;
    if (job && nul_join(job)) {
        for (size_t i = 0; !st && i < job->nhits; i++)
            st = check_value(&lg, job->hits[i].fid, job->hits[i].bytes,
                             job->hits[i].len);
    } else if (strcmp(name, "GPKG") == 0 || strcmp(name, "SQLite") == 0)
        st = scan_sql(&lg, src, field);
    else if (strcmp(name, "ESRI Shapefile") == 0) {
        const char *dbf = NULL;
        for (size_t i = 0; i < layer->nfiles && !dbf; i++) {
            size_t n = strlen(layer->files[i].path);
            if (n > 4 && zg_streq_nocase(layer->files[i].path + n - 4,
                                         ".dbf"))
                dbf = layer->files[i].path;
        }
        if (dbf)
            st = scan_dbf(&lg, dbf, field);
    } else
        return ZG_OK; /* not covered: the README says which are */
    if (!st && lg.n > MAX_ROWS) {
        char p[160];
        snprintf(p, sizeof p, "%zu more codes in %s hold a NUL",
                 lg.n - MAX_ROWS, lg.field);
        st = zg_qa_add(ctx, &layer->qa, where, "", p, "read up to the NUL",
                       NAN, NAN);
    }
    if (!st && lg.n)
        zg_msg(ctx, ZG_MSG_WARNING, "%zu codes of %s hold a NUL inside and "
               "are read only up to it: see qa_log", lg.n, where);
    *count = lg.n;
    return st;
}
