package k6execution

import (
	"fmt"

	"github.com/grafana/sobek"
)

// tagsObject is exec.vu.tags: reading lists the VU's current tags,
// setting a string, number or boolean adds a tag to every later sample of
// the VU, deleting removes it.
func (i *instance) tagsObject() *sobek.Object {
	return i.vu.Runtime().NewDynamicObject(&vuTags{i: i})
}

type vuTags struct{ i *instance }

var _ sobek.DynamicObject = (*vuTags)(nil)

func (t *vuTags) current() map[string]string {
	st := t.i.running("vu.tags")
	m := st.Tags.Map()
	for k, v := range t.i.ex.VUTags() {
		m[k] = v
	}
	return m
}

func (t *vuTags) Get(key string) sobek.Value {
	if v, ok := t.current()[key]; ok {
		return t.i.vu.Runtime().ToValue(v)
	}
	return sobek.Undefined()
}

func (t *vuTags) Set(key string, val sobek.Value) bool {
	rt := t.i.vu.Runtime()
	t.i.running("vu.tags")
	switch val.Export().(type) {
	case string, int64, float64, bool:
	default:
		panic(rt.NewGoError(fmt.Errorf("exec.vu.tags[%q]: only strings, numbers and booleans can be tag values", key)))
	}
	t.i.ex.SetVUTag(key, val.String())
	return true
}

func (t *vuTags) Has(key string) bool {
	_, ok := t.current()[key]
	return ok
}

func (t *vuTags) Delete(key string) bool {
	t.i.running("vu.tags")
	t.i.ex.SetVUTag(key, "")
	return true
}

func (t *vuTags) Keys() []string {
	m := t.current()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
