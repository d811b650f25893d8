/* SPDX-License-Identifier: MIT
 *
 * test_workers.c: independent items on threads (engine/core/workers.c),
 * which the free land and the run's maps rest on: every item runs once,
 * on its thread's own context, whatever the threads; the failure told is
 * that of the least item that failed, with its message; messages held on
 * another thread are said later, in order.
 */
#include "zg_test.h"

#include <pthread.h>
#include <string.h>

#define NITEMS 200

typedef struct ran {
    int count[NITEMS];
    zg_ctx *ctx_of[NITEMS];
    size_t fail_a, fail_b; /* items that fail; NITEMS: none */
} ran;

static zg_status job(zg_worker *w, size_t i, void *ud)
{
    ran *r = ud;
    r->count[i]++;
    r->ctx_of[i] = w->ctx;
    if (i == r->fail_a || i == r->fail_b)
        return zg_fail(w->ctx, ZG_ERR_GEOM, "item %zu failed", i);
    return ZG_OK;
}

static void every_item_once(void **state)
{
    zg_ctx *ctx = *state;
    for (int threads = 1; threads <= 4; threads++) {
        ran r;
        memset(&r, 0, sizeof r);
        r.fail_a = r.fail_b = NITEMS;
        zg_workers *ws = NULL;
        assert_int_equal(zg_workers_new(ctx, threads, NITEMS, &ws), ZG_OK);
        assert_int_equal(zg_workers_count(ws), (size_t)threads);
        assert_int_equal(zg_workers_for(ctx, ws, NITEMS, job, &r), ZG_OK);
        for (size_t i = 0; i < NITEMS; i++) {
            assert_int_equal(r.count[i], 1);
            /* A thread's own context, never the caller's. */
            assert_ptr_not_equal(r.ctx_of[i], ctx);
        }
        /* The same workers serve another round. */
        memset(&r, 0, sizeof r);
        r.fail_a = r.fail_b = NITEMS;
        assert_int_equal(zg_workers_for(ctx, ws, 7, job, &r), ZG_OK);
        for (size_t i = 0; i < NITEMS; i++)
            assert_int_equal(r.count[i], i < 7);
        zg_workers_free(ws);
    }
    /* No more threads than items. */
    zg_workers *ws = NULL;
    assert_int_equal(zg_workers_new(ctx, 8, 3, &ws), ZG_OK);
    assert_int_equal(zg_workers_count(ws), 3);
    zg_workers_free(ws);
}

static void least_failure_told(void **state)
{
    zg_ctx *ctx = *state;
    for (int threads = 1; threads <= 4; threads++) {
        ran r;
        memset(&r, 0, sizeof r);
        r.fail_a = 150;
        r.fail_b = 37;
        zg_workers *ws = NULL;
        assert_int_equal(zg_workers_new(ctx, threads, NITEMS, &ws), ZG_OK);
        assert_int_equal(zg_workers_for(ctx, ws, NITEMS, job, &r),
                         ZG_ERR_GEOM);
        assert_string_equal(zg_ctx_errmsg(ctx), "item 37 failed");
        /* Every item before the first failure ran. */
        for (size_t i = 0; i <= 37; i++)
            assert_int_equal(r.count[i], 1);
        zg_workers_free(ws);
    }
}

typedef struct said {
    char text[8][64];
    zg_msg_level level[8];
    int n;
} said;

static void say(zg_msg_level level, const char *msg, void *ud)
{
    said *s = ud;
    if (s->n < 8) {
        snprintf(s->text[s->n], sizeof s->text[s->n], "%s", msg);
        s->level[s->n++] = level;
    }
}

static void *speak(void *arg)
{
    zg_ctx *t = arg;
    zg_msg(t, ZG_MSG_INFO, "first");
    zg_msg(t, ZG_MSG_WARNING, "second %d", 2);
    return NULL;
}

static void held_then_said(void **state)
{
    zg_ctx *ctx = *state;
    said s;
    memset(&s, 0, sizeof s);
    zg_ctx_set_msg_handler(ctx, say, &s);
    zg_ctx *t = NULL;
    assert_int_equal(zg_ctx_new(NULL, &t), ZG_OK);
    zg_held_msgs hm;
    memset(&hm, 0, sizeof hm);
    hm.owner = ctx;
    zg_ctx_set_msg_handler(t, zg_held_msg_fn, &hm);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, speak, t), 0);
    pthread_join(th, NULL);
    assert_int_equal(s.n, 0); /* held */
    assert_int_equal(zg_held_msgs_say(ctx, &hm), ZG_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.text[0], "first");
    assert_int_equal(s.level[0], ZG_MSG_INFO);
    assert_string_equal(s.text[1], "second 2");
    assert_int_equal(s.level[1], ZG_MSG_WARNING);
    assert_int_equal(hm.n, 0);
    zg_ctx_free(t);
}

int test_workers(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_item_once, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(least_failure_told, zg_test_setup,
                                        zg_test_teardown),
        cmocka_unit_test_setup_teardown(held_then_said, zg_test_setup,
                                        zg_test_teardown),
    };
    return cmocka_run_group_tests_name("workers", tests, NULL, NULL);
}
