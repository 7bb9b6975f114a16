// Package flags holds the rules that flag a plan's problems, and every
// sentence those flags say: what is wrong, with its numbers, and the
// action to take.
//
// The rules are functions of a score document and the plan's settings.
// The scorer calls them; to change how a flag is worded or when it fires,
// change this package alone.
package flags
