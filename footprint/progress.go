package footprint

import "time"

// ProgressEvent reports how far a long job, such as an import or a
// design, has got.
type ProgressEvent struct {
	Step     string        // what is being done
	Done     int           // items done so far
	Total    int           // items in all, 0 if unknown
	Unit     string        // what the items are: "rows", "features", "places"
	Finished bool          // the step is complete
	Elapsed  time.Duration // since the step started
	Detail   string        // a short result, when Finished, or the item just done
}

// Progress receives progress events. It may be nil.
type Progress func(ProgressEvent)
