package proj

/*
#cgo pkg-config: proj
#include <stdlib.h>
#include <proj.h>

// fp_equivalent returns 1 if the CRS in WKT is the CRS target ("EPSG:27700")
// or PROJ identifies it as that CRS with at least 90% confidence, 0 if
// not, and -1 if the WKT is not a CRS PROJ reads.
static int fp_equivalent(const char *wkt, const char *target) {
	PJ_CONTEXT *ctx = proj_context_create();
	PJ *crs = proj_create_from_wkt(ctx, wkt, NULL, NULL, NULL);
	if (crs == NULL || !proj_is_crs(crs)) {
		if (crs) proj_destroy(crs);
		proj_context_destroy(ctx);
		return -1;
	}
	PJ *want = proj_create(ctx, target);
	int same = 0;
	if (want != NULL) {
		same = proj_is_equivalent_to_with_ctx(ctx, crs, want, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
		if (!same) {
			int *confidence = NULL;
			PJ_OBJ_LIST *list = proj_identify(ctx, crs, NULL, NULL, &confidence);
			int n = list ? proj_list_get_count(list) : 0;
			for (int i = 0; i < n && !same; i++) {
				if (confidence[i] < 90) continue;
				PJ *cand = proj_list_get(ctx, list, i);
				same = cand && proj_is_equivalent_to_with_ctx(ctx, cand, want, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
				if (cand) proj_destroy(cand);
			}
			if (list) proj_list_destroy(list);
			if (confidence) proj_int_list_destroy(confidence);
		}
		proj_destroy(want);
	}
	proj_destroy(crs);
	proj_context_destroy(ctx);
	return same;
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

// ErrNotCRS is the error for a definition PROJ does not read as a CRS.
var ErrNotCRS = errors.New("not a coordinate reference system PROJ reads")

// Identify names the CRS a WKT definition (OGC WKT 1 or 2, or ESRI's
// .prj dialect) describes: WGS84 or BNG when PROJ finds it equivalent to
// that CRS, axis order aside, or identifies it as that CRS with at least
// 90% confidence, whatever code or name the file gives it; "" when it is
// some other CRS. Only WKT is read, never a file or a URL.
func Identify(wkt string) (string, error) {
	cw := C.CString(wkt)
	defer C.free(unsafe.Pointer(cw))
	for _, target := range []string{BNG, WGS84} {
		ct := C.CString(target)
		r := C.fp_equivalent(cw, ct)
		C.free(unsafe.Pointer(ct))
		switch r {
		case -1:
			return "", ErrNotCRS
		case 1:
			return target, nil
		}
	}
	return "", nil
}
