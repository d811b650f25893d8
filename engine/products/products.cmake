# SPDX-License-Identifier: MIT
#
# products.cmake: maps and the atlas (cairo, with pango for Vietnamese
# labels) and the planner's HTML report, added to libzoneguard. Included by the top-level
# CMakeLists.txt after the library target is defined.
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo>=1.16 cairo-pdf
                  cairo-svg cairo-png)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo>=1.44)

target_sources(zoneguard_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/results_db.c
  ${CMAKE_CURRENT_LIST_DIR}/chart_svg.c
  ${CMAKE_CURRENT_LIST_DIR}/atlas.c
  ${CMAKE_CURRENT_LIST_DIR}/atlas_frame.c
  ${CMAKE_CURRENT_LIST_DIR}/atlas_panel.c
  ${CMAKE_CURRENT_LIST_DIR}/atlas_sources.c
  ${CMAKE_CURRENT_LIST_DIR}/label_grid.c
  ${CMAKE_CURRENT_LIST_DIR}/map.c
  ${CMAKE_CURRENT_LIST_DIR}/report.c
  ${CMAKE_CURRENT_LIST_DIR}/report_vi.c
  ${CMAKE_CURRENT_LIST_DIR}/run_products.c
)
list(APPEND ZG_LIB_DEPS PkgConfig::CAIRO PkgConfig::PANGOCAIRO)
