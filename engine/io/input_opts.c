/* SPDX-License-Identifier: MIT
 *
 * input_opts.c: the options object that says how to read one input.
 */
#include "io_int.h"

zg_input_opts *zg_input_opts_new(zg_ctx *ctx, const char *role,
                                 const char *path)
{
    zg_input_opts *o = zg_calloc(ctx, 1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx = ctx;
    o->role = zg_strdup(ctx, role ? role : "input");
    o->path = zg_strdup(ctx, path ? path : "");
    if (!o->role || !o->path) {
        zg_input_opts_free(o);
        return NULL;
    }
    return o;
}

void zg_input_opts_free(zg_input_opts *o)
{
    if (!o)
        return;
    zg_ctx *ctx = o->ctx;
    zg_free(ctx, o->role);
    zg_free(ctx, o->path);
    zg_free(ctx, o->layer);
    zg_free(ctx, o->s_srs);
    zg_free(ctx, o->a_srs);
    zg_free(ctx, o->encoding);
    zg_free(ctx, o->id_field);
    zg_free(ctx, o->name_field);
    zg_free(ctx, o);
}

/* Replace *slot with a copy of value (NULL clears it). */
static zg_status set_str(zg_ctx *ctx, char **slot, const char *value)
{
    char *c = NULL;
    if (value) {
        c = zg_strdup(ctx, value);
        if (!c)
            return zg_nomem(ctx, "option value");
    }
    zg_free(ctx, *slot);
    *slot = c;
    return ZG_OK;
}

zg_status zg_input_opts_set_layer(zg_input_opts *o, const char *v)
{
    return set_str(o->ctx, &o->layer, v);
}

zg_status zg_input_opts_set_s_srs(zg_input_opts *o, const char *v)
{
    return set_str(o->ctx, &o->s_srs, v);
}

zg_status zg_input_opts_set_a_srs(zg_input_opts *o, const char *v)
{
    return set_str(o->ctx, &o->a_srs, v);
}

/* An encoding nobody knows is refused here, naming the input, before any
 * work starts (see zg_encoding_check). */
zg_status zg_input_opts_set_encoding(zg_input_opts *o, const char *v)
{
    zg_status st = zg_encoding_check(o->ctx, v, o->role, o->path);
    return st ? st : set_str(o->ctx, &o->encoding, v);
}

zg_status zg_input_opts_set_id_field(zg_input_opts *o, const char *v)
{
    return set_str(o->ctx, &o->id_field, v);
}

zg_status zg_input_opts_set_name_field(zg_input_opts *o, const char *v)
{
    return set_str(o->ctx, &o->name_field, v);
}
