package config

import "sort"

// nearMiss returns the key of keys that name is a likely typo of: within
// one edit (insertion, deletion, substitution or swap of neighbours) of a
// short key, two of a key whose part after EnvPrefix is 12 characters or
// more. Ties go to the first key in sort order.
func nearMiss(name string, keys []string) (string, bool) {
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	best, bestD := "", -1
	for _, k := range sorted {
		limit := 1
		if len(k)-len(EnvPrefix) >= 12 {
			limit = 2
		}
		if d := editDistance(name, k); d > 0 && d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = k, d
		}
	}
	return best, bestD > 0
}

// editDistance is the optimal string alignment distance of a and b:
// Levenshtein's, with a swap of two neighbouring bytes as one edit.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
