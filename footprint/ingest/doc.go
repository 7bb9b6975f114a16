// Package ingest reads a dataset manifest and imports an atlas from the
// files it names, in the official ONS and NHS formats: LSOA and area
// boundaries, lookups, Census population, the Index of Multiple
// Deprivation, GP practices and PCNs, and GP registrations by LSOA.
//
// Import validates every file as it reads it. It stops at the first
// problem that would drop or invent data, with an error naming the file,
// row and column, and reports what it could carry on past as warnings in
// the atlas's import report.
package ingest
