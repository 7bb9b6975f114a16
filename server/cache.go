package server

import "sync"

// bounded keeps up to max payloads by key, safe for concurrent use; past
// max, the oldest kept goes first. What it keeps never goes stale: a tile
// of the atlas, or the outlines of a plan's version.
type bounded[K comparable] struct {
	mu    sync.Mutex
	max   int
	items map[K]*payload
	order []K
}

func newBounded[K comparable](max int) bounded[K] {
	return bounded[K]{max: max, items: map[K]*payload{}}
}

func (b *bounded[K]) get(k K) (*payload, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	p, ok := b.items[k]
	return p, ok
}

func (b *bounded[K]) put(k K, p *payload) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.items[k]; ok {
		return
	}
	if len(b.order) >= b.max {
		delete(b.items, b.order[0])
		b.order = b.order[1:]
	}
	b.items[k] = p
	b.order = append(b.order, k)
}
