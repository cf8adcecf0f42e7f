// Package matching holds Cascade's pure matching algorithms: scoring a
// mentor organisation against a request with a per-criterion explanation,
// ranking the top k mentors for one request, and whole matching rounds in
// two modes — stable (Hospitals/Residents, request-optimal) and optimal
// (maximum total score under capacities) — plus verifiers that check any
// round result independently of the solver that produced it.
//
// The package does no I/O and imports none of Cascade's other packages.
// Every function is deterministic: the same input gives the same output at
// any GOMAXPROCS, because nothing depends on map iteration order and ties
// are broken by id.
package matching
