// Package pack makes a plan's decision pack for a place board: one
// printable HTML document that prints cleanly to A4, with its maps drawn
// by the server as embedded SVG, so it works offline. It holds a cover
// with the plan, places, version, date and data vintages; the scorecard
// and an overview map; one page per footprint with its map, residents
// against the band, wards, MSOAs, PCNs, profile and flags with actions;
// and the actions register.
package pack
