// Package table reads CSV files with a header row, addressing fields by
// column name and reporting every problem as a *geo.RowError naming the
// file, line and column.
package table
