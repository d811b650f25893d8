/* SPDX-License-Identifier: MIT
 *
 * styles.c: QGIS styles inside the SpatiaLite output, in the layer_styles
 * table QGIS itself reads and writes ("Save style to database"), so that
 * each result layer opens styled: clusters in orange, overlaps in red,
 * new housing in magenta, free land in green, proposals by verdict. The
 * QML is static text (no value from the data enters it).
 *
 * Each default is stored twice, because QGIS 3.22's two routes into a
 * SpatiaLite file look for it in different rows: its OGR provider (a file
 * dropped into QGIS) only where f_table_schema = '', its SpatiaLite
 * provider (Browser, DB Manager) only where it is NULL; each writes its
 * own kind on "Save style to database". tests/cli/test_qgis_styles.sh
 * opens every layer both ways.
 *
 * A database a later run adds to keeps the styles it has: a table gets
 * ours only when it has no default style yet (an earlier run's, or one
 * the planner saved from QGIS); a default of one kind without its twin
 * (a database of an earlier version, a style saved through one route) is
 * copied to the other, so both routes show the same style.
 */
#include "output_int.h"

#include <stdio.h>
#include <string.h>

#define QML_HEAD "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>" \
    "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Fields\">"
#define QML_TAIL "</qgis>"

/* Field aliases: the planners read Vietnamese column titles in QGIS's
 * attribute table and forms. An alias of a column the layer lacks is
 * ignored by QGIS. */
#define AL(field, alias) "<alias field=\"" field "\" name=\"" alias "\"/>"
#define ALIASES(list) "<aliases>" AL("run_id", "Lần chạy") list "</aliases>"
#define AL_AREAS                                                            \
    AL("area_ha", "Diện tích elipxoit (ha)")                                \
    AL("area_plane_ha", "Diện tích mặt phẳng VN-2000 (ha)")                 \
    AL("repaired", "Đã sửa hình học")
#define AL_OVERLAP                                                          \
    ALIASES(AL("id_a", "Cụm A") AL("id_b", "Cụm B")                         \
            AL("overlap_ha", "Diện tích chồng lấn (ha)")                    \
            AL("share_a_pct", "Tỷ lệ của cụm A (%)")                        \
            AL("share_b_pct", "Tỷ lệ của cụm B (%)"))
#define AL_CHANGE(col, alias)                                               \
    ALIASES(AL("cluster_id", "Mã cụm") AL("zone", "Vùng")                   \
            AL("from_epoch", "Từ năm") AL("to_epoch", "Đến năm")            \
            AL(col, alias))

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
         LABELS("name")
     ALIASES(AL("id", "Mã cụm") AL("name", "Tên cụm") AL_AREAS
             AL("declared_ha", "Diện tích công bố (ha)")
             AL("declared_diff_pct", "Chênh lệch so với công bố (%)")
             AL("src_fid", "FID nguồn")
             AL("overlap_count", "Số chồng lấn")
             AL("resid_inside_ha", "Đất ở bên trong (ha)")
             AL("resid_new_inside_ha", "Đất ở mới bên trong (ha)")
             AL("nearest_residential_m", "Tới nhà ở gần nhất (m)"))
         QML_TAIL},
    {"cluster_overlaps", "zoneguard: chồng lấn",
     SINGLE(FILL("0", "220,30,30,200", "140,0,0,255", "0.3")) AL_OVERLAP
         QML_TAIL},
    {"cluster_overlap_slivers", "zoneguard: mảnh chồng lấn nhỏ",
     SINGLE(FILL("0", "220,30,30,90", "140,0,0,255", "0.2")) AL_OVERLAP
         QML_TAIL},
    /* Residential land per zone and date: the pink of ONT on land-use
     * status maps (domain.md s.2.1). Filter on epoch to see one date. */
    {"encroachment", "zoneguard: đất ở theo vùng và năm",
     SINGLE(FILL("0", "255,160,255,150", "170,60,170,255", "0.15"))
         ALIASES(AL("cluster_id", "Mã cụm") AL("epoch", "Năm")
                 AL("zone", "Vùng") AL("zone_ha", "Diện tích vùng (ha)")
                 AL("residential_ha", "Đất ở (ha)")
                 AL("share_pct", "Tỷ lệ đất ở (%)")) QML_TAIL},
    {"encroachment_new", "zoneguard: nhà ở mới",
     SINGLE(FILL("0", "230,0,200,200", "120,0,100,255", "0.2"))
         AL_CHANGE("new_ha", "Nhà ở mới (ha)") QML_TAIL},
    {"encroachment_lost", "zoneguard: nhà ở mất đi",
     SINGLE(FILL("0", "120,120,120,160", "60,60,60,255", "0.2"))
         AL_CHANGE("lost_ha", "Nhà ở mất đi (ha)") QML_TAIL},
    {"reserve", "zoneguard: đất còn trống",
     SINGLE(FILL("0", "60,180,75,160", "20,100,30,255", "0.3"))
         ALIASES(AL("cluster_id", "Mã cụm") AL("name", "Tên cụm")
                 AL("cluster_ha", "Diện tích cụm (ha)")
                 AL("residential_ha", "Đất ở (ha)")
                 AL("water_ha", "Mặt nước (ha)")
                 AL("other_unbuildable_ha", "Đất không xây dựng khác (ha)")
                 AL("park_ha", "Thuộc khu công nghiệp (ha)")
                 AL("free_ha", "Đất còn trống (ha)")
                 AL("free_pct", "Tỷ lệ còn trống (%)")
                 AL("landuse_cover_pct", "Bản đồ sử dụng đất phủ (%)")
                 AL("unseen", "Dữ liệu chưa thấy")) QML_TAIL},
    {"proposal_evidence", "zoneguard: bằng chứng",
     SINGLE(FILL("0", "250,200,0,170", "160,110,0,255", "0.2"))
         ALIASES(AL("proposal_id", "Mã đề xuất") AL("rule_id", "Quy tắc")
                 AL("kind", "Loại bằng chứng")
                 AL("other_id", "Đối tượng liên quan")
                 AL("area_ha", "Diện tích (ha)")) QML_TAIL},
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
     "</symbols></renderer-v2>" LABELS("proposal_id")
     ALIASES(AL("proposal_id", "Mã đề xuất") AL("name", "Tên") AL_AREAS
             AL("residential_ha", "Đất ở bên trong (ha)")
             AL("luc_ha", "Đất chuyên trồng lúa nước (ha)")
             AL("cluster_overlap_ha", "Chồng lấn cụm, khu hiện có (ha)")
             AL("min_dist_residential_m", "Tới nhà ở gần nhất (m)")
             AL("verdict", "Kết luận") AL("source", "Tệp đầu vào"))
         QML_TAIL},
};

/* A copy, of kind `to` (the catalog and schema written), of each table's
 * latest default of kind `is_from`, where it has none of kind `is_to`. */
#define MIRROR_SQL(to, is_from, is_to)                                      \
    "INSERT INTO layer_styles (f_table_catalog, f_table_schema,"            \
    " f_table_name, f_geometry_column, styleName, styleQML, styleSLD,"      \
    " useAsDefault, description, owner, ui, update_time)"                   \
    " SELECT " to ", " to ", s.f_table_name, s.f_geometry_column,"          \
    " s.styleName, s.styleQML, s.styleSLD, 1, s.description, s.owner,"      \
    " s.ui, s.update_time FROM layer_styles s WHERE s.id = (SELECT"         \
    " max(x.id) FROM layer_styles x WHERE x.f_table_name = s.f_table_name"  \
    " AND x.f_geometry_column = s.f_geometry_column AND x.useAsDefault"     \
    " AND x.f_table_schema " is_from ") AND NOT EXISTS (SELECT 1 FROM"      \
    " layer_styles o WHERE o.f_table_name = s.f_table_name AND"             \
    " o.f_geometry_column = s.f_geometry_column AND o.useAsDefault"         \
    " AND o.f_table_schema " is_to ") ORDER BY s.id"

/* The SpatiaLite provider's kind (NULL) from the OGR provider's (''),
 * then the reverse. */
static const char *const MIRROR[] = {
    MIRROR_SQL("NULL", "= ''", "IS NULL"),
    MIRROR_SQL("''", "IS NULL", "= ''"),
};

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
        sqlite3_bind_text(ins, 4, STYLES[i].qml, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            st = zg_sql_fail(out, "insert into layer_styles");
    }
    sqlite3_finalize(has);
    sqlite3_finalize(ins);
    /* Each table's latest default of one kind (schema NULL: the SpatiaLite
     * provider's; '': the OGR provider's) copied to the other kind where
     * that has none. */
    for (size_t k = 0; !st && k < sizeof MIRROR / sizeof MIRROR[0]; k++)
        st = zg_sql_exec(out, MIRROR[k]);
    return st;
}
