package metrics

import (
	"sort"
	"strings"
)

// Tag is one name/value pair of a TagSet.
type Tag struct {
	Name, Value string
}

// TagSet is an immutable, sorted set of tags. The zero value and nil are
// the empty set. Share one TagSet between many samples; With returns a new
// set and never changes the receiver.
type TagSet struct {
	tags []Tag // sorted by Name, unique names
}

// NewTagSet builds a set from a map.
func NewTagSet(m map[string]string) *TagSet {
	if len(m) == 0 {
		return &TagSet{}
	}
	tags := make([]Tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, Tag{Name: k, Value: v})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	return &TagSet{tags: tags}
}

// Len returns the number of tags.
func (s *TagSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.tags)
}

// Get returns the value of tag name and whether it is set.
func (s *TagSet) Get(name string) (string, bool) {
	if s == nil {
		return "", false
	}
	i := sort.Search(len(s.tags), func(i int) bool { return s.tags[i].Name >= name })
	if i < len(s.tags) && s.tags[i].Name == name {
		return s.tags[i].Value, true
	}
	return "", false
}

// With returns a set with name set to value (replacing any earlier value).
func (s *TagSet) With(name, value string) *TagSet {
	n := s.Len()
	var old []Tag
	if s != nil {
		old = s.tags
	}
	i := sort.Search(n, func(i int) bool { return old[i].Name >= name })
	if i < n && old[i].Name == name {
		if old[i].Value == value {
			return s
		}
		tags := append([]Tag(nil), old...)
		tags[i].Value = value
		return &TagSet{tags: tags}
	}
	tags := make([]Tag, 0, n+1)
	tags = append(tags, old[:i]...)
	tags = append(tags, Tag{Name: name, Value: value})
	tags = append(tags, old[i:]...)
	return &TagSet{tags: tags}
}

// Without returns a set without name.
func (s *TagSet) Without(name string) *TagSet {
	if _, ok := s.Get(name); !ok {
		return s
	}
	tags := make([]Tag, 0, s.Len()-1)
	for _, t := range s.tags {
		if t.Name != name {
			tags = append(tags, t)
		}
	}
	return &TagSet{tags: tags}
}

// Merge returns a set with every tag of other set over the receiver's.
func (s *TagSet) Merge(other *TagSet) *TagSet {
	out := s
	for _, t := range other.Tags() {
		out = out.With(t.Name, t.Value)
	}
	if out == nil {
		return &TagSet{}
	}
	return out
}

// Tags returns the tags in name order. The slice must not be modified.
func (s *TagSet) Tags() []Tag {
	if s == nil {
		return nil
	}
	return s.tags
}

// Map returns a fresh map of the tags.
func (s *TagSet) Map() map[string]string {
	m := make(map[string]string, s.Len())
	for _, t := range s.Tags() {
		m[t.Name] = t.Value
	}
	return m
}

// Contains reports whether every tag of sub is in s with the same value.
func (s *TagSet) Contains(sub *TagSet) bool {
	for _, t := range sub.Tags() {
		if v, ok := s.Get(t.Name); !ok || v != t.Value {
			return false
		}
	}
	return true
}

// String renders the set as k6 writes a tag filter: "name:value,name:value".
func (s *TagSet) String() string {
	var b strings.Builder
	for i, t := range s.Tags() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.Name)
		b.WriteByte(':')
		b.WriteString(t.Value)
	}
	return b.String()
}
