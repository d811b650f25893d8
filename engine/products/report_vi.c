/* SPDX-License-Identifier: MIT
 *
 * report_vi.c: the Vietnamese report's numbers and the data-quality log
 * in Vietnamese. The engine stores its messages in English with a
 * decimal point (the database and the CSV files are read by programs);
 * the Vietnamese report translates them when it writes the page, by a
 * table of the fixed message patterns the engine writes to qa_log, the
 * values in them (ids, codes, counts, file names) kept as they are.
 */
#include "products_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void zg_vi_number(const char *s, char *out, size_t cap)
{
    /* A number printf wrote: optional sign, digits, optional '.' and
     * digits. Anything else ("—", "inf") is copied. */
    const char *p = s + (*s == '-' || *s == '+');
    size_t nint = strspn(p, "0123456789");
    const char *frac = p + nint;
    bool ok = nint > 0 && (*frac == '\0' ||
                           (*frac == '.' && frac[1] &&
                            strspn(frac + 1, "0123456789") ==
                                strlen(frac + 1)));
    if (!ok || cap < strlen(s) + strlen(s) / 3 + 2) {
        snprintf(out, cap, "%s", s);
        return;
    }
    size_t o = 0;
    if (p != s)
        out[o++] = *s;
    for (size_t i = 0; i < nint; i++) {
        if (i > 0 && (nint - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = p[i];
    }
    if (*frac == '.') {
        out[o++] = ',';
        for (const char *q = frac + 1; *q; q++)
            out[o++] = *q;
    }
    out[o] = '\0';
}

char *zg_vi_numbers_in_text(zg_ctx *ctx, const char *s)
{
    zg_sbuf b;
    zg_sbuf_init(&b, ctx);
    const char *run = s;
    for (const char *p = s; *p;) {
        bool start = isdigit((unsigned char)*p) &&
                     (p == s || (!isalnum((unsigned char)p[-1]) &&
                                 p[-1] != '.' && p[-1] != ',' &&
                                 p[-1] != '_'));
        if (!start) {
            p++;
            continue;
        }
        size_t ni = strspn(p, "0123456789");
        const char *q = p + ni;
        size_t nf = *q == '.' ? strspn(q + 1, "0123456789") : 0;
        const char *end = q + (nf ? nf + 1 : 0);
        /* A decimal, not a version (3.8.4), a date or part of a name. */
        bool decimal = nf > 0 && *end != '.' && *end != ',' &&
                       !isalnum((unsigned char)*end) && *end != '_';
        if (!decimal) {
            p = end > p + ni ? end : p + ni;
            continue;
        }
        char num[64], vi[96];
        if ((size_t)(end - p) >= sizeof num) {
            p = end;
            continue;
        }
        memcpy(num, p, (size_t)(end - p));
        num[end - p] = '\0';
        zg_vi_number(num, vi, sizeof vi);
        zg_sbuf_addn(&b, run, (size_t)(p - run));
        zg_sbuf_add(&b, vi);
        run = p = end;
    }
    zg_sbuf_add(&b, run);
    if (b.failed) {
        zg_sbuf_free(&b);
        return NULL;
    }
    if (!b.s) /* empty text */
        return zg_strdup(ctx, "");
    return b.s; /* owned by the caller now */
}

/* The engine's messages, each with "%s" where a value goes (any text,
 * the shortest that lets the rest match), and its Vietnamese with the
 * values in the same order. `nested`: the values are messages too (a
 * GEOS reason, what a .cpg said) and are translated in turn. More
 * specific patterns before the general ones. */
static const struct {
    const char *en, *vi;
    bool nested;
} QA[] = {
    /* geometry */
    {"invalid geometry: %s", "hình học không hợp lệ: %s", true},
    {"invalid once transformed to the clusters' CRS: %s",
     "không hợp lệ sau khi chuyển sang hệ tọa độ của các cụm: %s", true},
    {"Ring Self-intersection%s", "vòng tự cắt%s", false},
    {"Self-intersection%s", "tự cắt%s", false},
    {"Too few points%s", "quá ít điểm%s", false},
    {"Hole lies outside shell%s", "lỗ nằm ngoài vòng ngoài%s", false},
    {"Nested shells%s", "vòng ngoài lồng nhau%s", false},
    {"Interior is disconnected%s", "phần trong bị tách rời%s", false},
    {"reason unknown", "không rõ lý do", false},
    {"repaired (GEOS MakeValid, structure)",
     "đã sửa (GEOS MakeValid, structure)", false},
    {"repair left no area: skipped", "sau khi sửa không còn diện tích: bỏ "
     "qua", false},
    {"NULL geometry", "hình học NULL", false},
    {"empty geometry", "hình học rỗng", false},
    {"geometry could not be linearised",
     "không chuyển được hình học thành các đoạn thẳng", false},
    {"only rings of fewer than 4 points", "chỉ có vòng dưới 4 điểm", false},
    {"%s rings of fewer than 4 points", "%s vòng dưới 4 điểm", false},
    {"%s ring of fewer than 4 points", "%s vòng dưới 4 điểm", false},
    {"ring dropped (it encloses no area)",
     "bỏ vòng (vòng không bao diện tích nào)", false},
    {"geometry collection without polygons",
     "tập hình học không có đa giác", false},
    {"geometry collection with non-polygon parts",
     "tập hình học có phần không phải đa giác", false},
    {"non-polygon parts dropped", "bỏ các phần không phải đa giác", false},
    {"%s features without polygon geometry",
     "%s đối tượng không có hình học đa giác", false},
    {"%s 3D geometries", "%s hình học 3D", false},
    {"Z dropped (areas are 2D)", "bỏ tọa độ Z (diện tích tính trên mặt "
     "phẳng 2D)", false},
    {"%s curve geometries", "%s hình học dạng cung", false},
    {"linearised by GDAL (default step: 4 degrees of arc)",
     "GDAL chuyển thành các đoạn thẳng (bước mặc định: 4 độ cung)", false},
    /* text and ids */
    {"text encoding: %s and the text is valid UTF-8",
     "bảng mã: %s và văn bản là UTF-8 hợp lệ", true},
    {"text encoding: %s, but the text is not valid UTF-8",
     "bảng mã: %s, nhưng văn bản không phải UTF-8 hợp lệ", true},
    {"text encoding: %s, but the text reads better otherwise",
     "bảng mã: %s, nhưng đọc theo bảng mã khác thì đúng hơn", true},
    {"text encoding: %s", "bảng mã: %s", true},
    {"the .cpg says %s", "tệp .cpg ghi %s", false},
    {"no .cpg; the DBF language id says %s",
     "không có tệp .cpg; mã ngôn ngữ DBF ghi %s", false},
    {"no .cpg and no DBF language id",
     "không có tệp .cpg và không có mã ngôn ngữ DBF", false},
    {"read as utf8 (the .cpg is trusted; doubly encoded values are "
     "repaired)", "đọc là utf8 (tin theo tệp .cpg; các giá trị bị mã hóa "
     "hai lần được sửa)", false},
    {"read as %s by iconv (trusted: not a generic code page)",
     "đọc là %s bằng iconv (tin được: không phải bảng mã chung)", false},
    {"%s text values were not valid in %s",
     "%s giá trị văn bản không hợp lệ theo bảng mã %s", false},
    {"bad bytes replaced by U+FFFD; try --encoding",
     "byte lỗi được thay bằng U+FFFD; hãy thử --encoding", false},
    {"%s features with an empty id", "%s đối tượng có mã trống", false},
    {"FID used as id", "dùng FID làm mã", false},
    {"duplicate id", "mã trùng", false},
    {"kept; ids are not unique", "giữ lại; mã không duy nhất", false},
    {"deprecated CRS", "hệ tọa độ đã lỗi thời", false},
    {"CRS assigned: the source declares %s",
     "gán hệ tọa độ: nguồn khai báo %s", false},
    {"read as %s (a_srs), the declared CRS ignored",
     "đọc theo %s (a_srs), bỏ qua hệ tọa độ khai báo", false},
    {"read as GDAL gave it", "đọc như GDAL trả về", false},
    /* land use */
    {"overlaps feature %s (met earlier) inside cluster %s",
     "chồng lên đối tượng %s (gặp trước) trong cụm %s", false},
    {"overlap counted once: the feature met first keeps it",
     "phần chồng lấn chỉ tính một lần, cho đối tượng gặp trước", false},
    {"land-use code '%s' is not in the code table (%s features)",
     "mã loại đất '%s' không có trong bảng mã (%s đối tượng)", false},
    {"land-use code '%s' (%s features) is also the name of the row of "
     "uncovered land", "mã loại đất '%s' (%s đối tượng) trùng tên với dòng "
     "đất không có thửa", false},
    {"its land is reported as code '%s'",
     "đất của chúng được báo cáo với mã '%s'", false},
    {"%s features without a land-use code",
     "%s đối tượng không có mã loại đất", false},
    {"counted under role unknown", "tính vào nhóm mã không có trong bảng",
     false},
    {"skipped: its land is counted as %s",
     "bỏ qua: đất của nó được tính là %s", false},
    {"skipped", "bỏ qua", false},
    {"no feature lies near any cluster",
     "không có đối tượng nào ở gần cụm nào", false},
    {"nothing measured: check the layer and its CRS",
     "không đo được gì: kiểm tra lớp và hệ tọa độ của lớp", false},
    {"the land-use pieces add up to %s m², %s m² more than the cluster "
     "(%s m²)", "các mảnh sử dụng đất cộng lại %s m², nhiều hơn cụm %s m² "
     "(diện tích cụm %s m²)", false},
    {"reported as measured; NONE is 0; shares are of the cluster's area",
     "báo cáo như đã đo; NONE bằng 0; tỷ lệ tính trên diện tích cụm",
     false},
    /* areas */
    {"outside the area of use of the plane %s (%s..%s E, %s..%s N)",
     "nằm ngoài phạm vi sử dụng của lưới chiếu %s (kinh độ %s..%s Đông, "
     "vĩ độ %s..%s Bắc)", false},
    {"area_plane_ha distorted: choose --plane-crs",
     "area_plane_ha bị biến dạng: hãy chọn --plane-crs", false},
    {"the plane %s is not equal-area here: its areas are %s % of the "
     "ellipsoid's (more than %s)", "lưới chiếu %s không bảo toàn diện tích "
     "ở đây: diện tích trên lưới chênh %s % so với elipxoit (quá %s)",
     false},
    {"area_plane_ha kept as measured: choose --plane-crs",
     "area_plane_ha giữ như đã đo: hãy chọn --plane-crs", false},
};

#define MAX_VALS 6

/* Does `s` match pattern `pat`? Fills vals[] (start, length) with what
 * each "%s" took; returns their number, or -1 for no match. Each "%s"
 * takes the shortest text after which the next literal piece is found,
 * the last one everything up to the pattern's literal tail. */
static int match(const char *pat, const char *s, const char *vs[MAX_VALS],
                 size_t vn[MAX_VALS])
{
    int n = 0;
    const char *p = pat;
    for (;;) {
        const char *w = strstr(p, "%s");
        size_t lit = w ? (size_t)(w - p) : strlen(p);
        if (strncmp(s, p, lit) != 0)
            return -1;
        s += lit;
        if (!w)
            return *s ? -1 : n;
        if (n == MAX_VALS)
            return -1;
        p = w + 2;
        const char *nw = strstr(p, "%s");
        size_t next = nw ? (size_t)(nw - p) : strlen(p);
        const char *at;
        if (!nw) {
            /* The last value: the pattern's tail ends the message. */
            size_t sl = strlen(s);
            if (sl < next || strcmp(s + sl - next, p) != 0)
                return -1;
            at = s + sl - next;
        } else if (next == 0) {
            return -1; /* two values side by side: ambiguous */
        } else {
            char piece[128];
            if (next >= sizeof piece)
                return -1;
            memcpy(piece, p, next);
            piece[next] = '\0';
            at = strstr(s, piece);
            if (!at)
                return -1;
        }
        vs[n] = s;
        vn[n++] = (size_t)(at - s);
        s = at;
    }
}

static void translate(zg_sbuf *b, const char *s, size_t len, int depth)
{
    char buf[1024];
    if (len >= sizeof buf) {
        zg_sbuf_addn(b, s, len);
        return;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t i = 0; i < sizeof QA / sizeof QA[0]; i++) {
        const char *vs[MAX_VALS];
        size_t vn[MAX_VALS];
        int n = match(QA[i].en, buf, vs, vn);
        if (n < 0)
            continue;
        const char *t = QA[i].vi;
        for (int k = 0;; k++) {
            const char *w = strstr(t, "%s");
            zg_sbuf_addn(b, t, w ? (size_t)(w - t) : strlen(t));
            if (!w || k >= n)
                break;
            if (QA[i].nested && depth < 2)
                translate(b, vs[k], vn[k], depth + 1);
            else
                zg_sbuf_addn(b, vs[k], vn[k]);
            t = w + 2;
        }
        return;
    }
    zg_sbuf_add(b, buf); /* a message this table does not know */
}

char *zg_vi_qa_message(zg_ctx *ctx, const char *s)
{
    zg_sbuf b;
    zg_sbuf_init(&b, ctx);
    translate(&b, s, strlen(s), 0);
    if (b.failed) {
        zg_sbuf_free(&b);
        return NULL;
    }
    return b.s ? b.s : zg_strdup(ctx, "");
}
