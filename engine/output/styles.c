/* SPDX-License-Identifier: MIT
 *
 * styles.c: QGIS styles inside the SpatiaLite output, in the layer_styles
 * table QGIS itself reads and writes ("Save style to database"), so that
 * each result layer opens styled: clusters in orange, overlaps in red,
 * new housing in magenta, free land in green, proposals by verdict. The
 * QML is static text (no value from the data enters it).
 *
 * A database a later run adds to keeps the styles it has: a table gets
 * ours only when it has no default style yet (an earlier run's, or one
 * the planner saved from QGIS), so there is always one default per layer.
 */
#include "output_int.h"

#include <stdio.h>
#include <string.h>

#define QML_HEAD "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>" \
    "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Fields\">"
#define QML_TAIL "</qgis>"

/* One fill symbol: RGBA fill, RGB outline. */
#define FILL(name, fill, outline, width)                                    \
    "<symbol type=\"fill\" name=\"" name "\" alpha=\"1\" "                  \
    "clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" "     \
    "pass=\"0\" locked=\"0\" enabled=\"1\"><Option type=\"Map\">"           \
    "<Option name=\"color\" type=\"QString\" value=\"" fill "\"/>"          \
    "<Option name=\"outline_color\" type=\"QString\" value=\"" outline      \
    "\"/><Option name=\"outline_width\" type=\"QString\" value=\"" width    \
    "\"/><Option name=\"outline_width_unit\" type=\"QString\" "             \
    "value=\"MM\"/><Option name=\"style\" type=\"QString\" "                \
    "value=\"solid\"/></Option></layer></symbol>"

#define SINGLE(sym)                                                         \
    QML_HEAD "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" "       \
    "enableorderby=\"0\" forceraster=\"0\"><symbols>" sym                   \
    "</symbols></renderer-v2>"

#define LABELS(field)                                                       \
    "<labeling type=\"simple\"><settings calloutType=\"simple\">"           \
    "<text-style fieldName=\"" field "\" fontSize=\"8\" "                   \
    "textColor=\"40,40,40,255\" isExpression=\"0\"/>"                       \
    "<placement placement=\"0\"/></settings></labeling>"

static const struct {
    const char *table;
    const char *name;
    const char *qml;
} STYLES[] = {
    {"clusters", "zoneguard: cụm công nghiệp",
     SINGLE(FILL("0", "255,165,60,140", "150,70,0,255", "0.4"))
         LABELS("name") QML_TAIL},
    {"cluster_overlaps", "zoneguard: chồng lấn",
     SINGLE(FILL("0", "220,30,30,200", "140,0,0,255", "0.3")) QML_TAIL},
    {"cluster_overlap_slivers", "zoneguard: mảnh chồng lấn nhỏ",
     SINGLE(FILL("0", "220,30,30,90", "140,0,0,255", "0.2")) QML_TAIL},
    /* Residential land per zone and date: the pink of ONT on land-use
     * status maps (domain.md s.2.1). Filter on epoch to see one date. */
    {"encroachment", "zoneguard: đất ở theo vùng và năm",
     SINGLE(FILL("0", "255,160,255,150", "170,60,170,255", "0.15")) QML_TAIL},
    {"encroachment_new", "zoneguard: nhà ở mới",
     SINGLE(FILL("0", "230,0,200,200", "120,0,100,255", "0.2")) QML_TAIL},
    {"encroachment_lost", "zoneguard: nhà ở mất đi",
     SINGLE(FILL("0", "120,120,120,160", "60,60,60,255", "0.2")) QML_TAIL},
    {"reserve", "zoneguard: đất còn trống",
     SINGLE(FILL("0", "60,180,75,160", "20,100,30,255", "0.3")) QML_TAIL},
    {"proposal_evidence", "zoneguard: bằng chứng",
     SINGLE(FILL("0", "250,200,0,170", "160,110,0,255", "0.2")) QML_TAIL},
    {"proposals", "zoneguard: đề xuất theo kết luận",
     QML_HEAD
     "<renderer-v2 type=\"categorizedSymbol\" attr=\"verdict\" "
     "symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>"
     "<category render=\"true\" symbol=\"0\" value=\"pass\" "
     "label=\"Đạt (pass)\"/>"
     "<category render=\"true\" symbol=\"1\" value=\"warn\" "
     "label=\"Cảnh báo (warn)\"/>"
     "<category render=\"true\" symbol=\"2\" value=\"fail\" "
     "label=\"Không đạt (fail)\"/>"
     "<category render=\"true\" symbol=\"3\" value=\"skipped\" "
     "label=\"Chưa đánh giá (skipped)\"/></categories><symbols>"
     FILL("0", "60,180,75,170", "20,100,30,255", "0.5")
     FILL("1", "255,190,0,170", "150,100,0,255", "0.5")
     FILL("2", "220,30,30,170", "120,0,0,255", "0.5")
     FILL("3", "170,170,170,170", "90,90,90,255", "0.5")
     "</symbols></renderer-v2>" LABELS("proposal_id") QML_TAIL},
};

/* Vietnamese names for our columns, shown by QGIS in the attribute table
 * and forms (field aliases; the column names stay ASCII for SQL). Only
 * columns zoneguard writes: input attributes keep their own names. */
static const struct {
    const char *field, *alias;
} ALIASES[] = {
    {"run_id", "Lần chạy"},
    {"id", "Mã cụm"},
    {"name", "Tên"},
    {"area_ha", "Diện tích elipxoit (ha)"},
    {"area_plane_ha", "Diện tích trên mặt phẳng VN-2000 (ha)"},
    {"declared_ha", "Diện tích công bố (ha)"},
    {"declared_diff_pct", "Chênh lệch so với công bố (%)"},
    {"repaired", "Đã sửa hình học"},
    {"src_fid", "FID trong tệp gốc"},
    {"overlap_count", "Số chồng lấn"},
    {"resid_inside_ha", "Đất ở bên trong (ha)"},
    {"resid_new_inside_ha", "Đất ở mới bên trong (ha)"},
    {"nearest_residential_m", "Khoảng cách tới nhà ở gần nhất (m)"},
    {"id_a", "Cụm A"},
    {"id_b", "Cụm B"},
    {"overlap_ha", "Diện tích chồng lấn (ha)"},
    {"share_a_pct", "Tỷ lệ so với cụm A (%)"},
    {"share_b_pct", "Tỷ lệ so với cụm B (%)"},
    {"cluster_id", "Mã cụm"},
    {"epoch", "Năm"},
    {"zone", "Vùng"},
    {"zone_ha", "Diện tích vùng (ha)"},
    {"residential_ha", "Đất ở (ha)"},
    {"share_pct", "Tỷ lệ (%)"},
    {"from_epoch", "Từ năm"},
    {"to_epoch", "Đến năm"},
    {"new_ha", "Nhà ở mới (ha)"},
    {"lost_ha", "Nhà ở mất đi (ha)"},
    {"cluster_ha", "Diện tích cụm (ha)"},
    {"water_ha", "Mặt nước (ha)"},
    {"other_unbuildable_ha", "Đất không được xây dựng khác (ha)"},
    {"park_ha", "Nằm trong khu công nghiệp (ha)"},
    {"occupied_ha", "Đất đã có công trình (ha)"},
    {"free_ha", "Đất còn trống (ha)"},
    {"free_pct", "Tỷ lệ còn trống (%)"},
    {"proposal_id", "Mã đề xuất"},
    {"rule_id", "Quy tắc"},
    {"kind", "Loại bằng chứng"},
    {"other_id", "Đối tượng liên quan"},
    {"luc_ha", "Đất chuyên trồng lúa nước LUC (ha)"},
    {"cluster_overlap_ha", "Chồng lấn với cụm, khu hiện có (ha)"},
    {"min_dist_residential_m", "Khoảng cách tới nhà ở (m)"},
    {"verdict", "Kết luận"},
};

static const char *alias_of(const char *field)
{
    for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++)
        if (strcmp(ALIASES[i].field, field) == 0)
            return ALIASES[i].alias;
    return NULL;
}

/* The style's QML with an <aliases> element for the table's columns that
 * have one, before the closing tag. New string (sqlite3_free). */
static char *qml_with_aliases(zg_output *out, const char *table,
                              const char *qml)
{
    size_t cut = strlen(qml) - strlen(QML_TAIL);
    char *x = sqlite3_mprintf("%.*s<aliases>", (int)cut, qml);
    sqlite3_stmt *cols = NULL;
    if (x && zg_sql_prepare(out, "SELECT cid, name FROM pragma_table_info(?)",
                            &cols) == ZG_OK) {
        sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
        while (x && sqlite3_step(cols) == SQLITE_ROW) {
            const char *f = (const char *)sqlite3_column_text(cols, 1);
            const char *a = f ? alias_of(f) : NULL;
            if (!a)
                continue;
            char *y = sqlite3_mprintf("%s<alias field=\"%s\" index=\"%d\" "
                                      "name=\"%s\"/>", x, f,
                                      sqlite3_column_int(cols, 0), a);
            sqlite3_free(x);
            x = y;
        }
        sqlite3_finalize(cols);
    } else {
        sqlite3_free(x);
        return NULL;
    }
    char *y = x ? sqlite3_mprintf("%s</aliases>" QML_TAIL, x) : NULL;
    sqlite3_free(x);
    return y;
}

zg_status zg_output_write_styles(zg_output *out)
{
    zg_status st = zg_sql_exec(out,
        "CREATE TABLE IF NOT EXISTS layer_styles("
        "id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog varchar(256),"
        " f_table_schema varchar(256), f_table_name varchar(256),"
        " f_geometry_column varchar(256), styleName text, styleQML text,"
        " styleSLD text, useAsDefault boolean, description text,"
        " owner varchar(30), ui text,"
        " update_time timestamp DEFAULT CURRENT_TIMESTAMP)");
    /* QGIS's SpatiaLite provider (Browser, DB Manager) finds a style only
     * where catalog and schema are NULL, as its own "Save style to
     * database" writes them; its OGR provider takes NULL too. Styles of
     * databases written before are put right when a run is appended. */
    if (!st)
        st = zg_sql_exec(out,
            "UPDATE layer_styles SET f_table_catalog = NULL,"
            " f_table_schema = NULL WHERE description = 'zoneguard'"
            " AND (f_table_catalog = '' OR f_table_schema = '')");
    sqlite3_stmt *has = NULL, *ins = NULL;
    if (!st)
        st = zg_sql_prepare(out, "SELECT f_geometry_column FROM "
                                 "geometry_columns WHERE "
                                 "f_table_name = lower(?)", &has);
    if (!st)
        st = zg_sql_prepare(out,
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema,"
            " f_table_name, f_geometry_column, styleName, styleQML, styleSLD,"
            " useAsDefault, description, owner, ui, update_time)"
            " SELECT NULL, NULL, ?1, ?2, ?3, ?4, '', 1, 'zoneguard', '', '',"
            " '2000-01-01T00:00:00' WHERE NOT EXISTS (SELECT 1 FROM"
            " layer_styles WHERE f_table_name = ?1 AND f_geometry_column = ?2"
            " AND useAsDefault)", &ins);
    for (size_t i = 0; !st && i < sizeof STYLES / sizeof STYLES[0]; i++) {
        sqlite3_reset(has);
        sqlite3_bind_text(has, 1, STYLES[i].table, -1, SQLITE_STATIC);
        if (sqlite3_step(has) != SQLITE_ROW)
            continue; /* this run did not write that table */
        char col[64];
        snprintf(col, sizeof col, "%s", sqlite3_column_text(has, 0));
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, STYLES[i].table, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, col, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, STYLES[i].name, -1, SQLITE_STATIC);
        char *qml = qml_with_aliases(out, STYLES[i].table, STYLES[i].qml);
        if (!qml) {
            st = zg_nomem(out->ctx, "style");
            break;
        }
        sqlite3_bind_text(ins, 4, qml, -1, sqlite3_free);
        if (sqlite3_step(ins) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into layer_styles");
    }
    sqlite3_finalize(has);
    sqlite3_finalize(ins);
    return st;
}
