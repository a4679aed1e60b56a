package thresholds

import (
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		key     string
		metric  string
		tags    string
		wantErr string
	}{
		{name: "plain", key: "http_req_duration", metric: "http_req_duration"},
		{name: "one tag", key: "http_req_duration{status:200}", metric: "http_req_duration", tags: "status:200"},
		{name: "spaces", key: " checks{ kind : assertion , scenario: load }", metric: "checks", tags: "kind:assertion,scenario:load"},
		{name: "k6 summary form", key: "http_req_duration{ expected_response:true }", metric: "http_req_duration", tags: "expected_response:true"},
		{name: "quoted", key: `http_reqs{url:"http://x/a,b:c"}`, metric: "http_reqs", tags: "url:http://x/a,b:c"},
		{name: "single quoted", key: `http_reqs{ name: 'a b' }`, metric: "http_reqs", tags: "name:a b"},
		{name: "empty braces", key: "checks{}", metric: "checks"},
		{name: "empty value", key: "checks{kind:}", metric: "checks", tags: "kind:"},
		{name: "no name", key: "{a:b}", wantErr: "missing metric name"},
		{name: "empty", key: " ", wantErr: "empty metric name"},
		{name: "unclosed", key: "checks{kind:a", wantErr: "must end with '}'"},
		{name: "no colon", key: "checks{kind}", wantErr: "name:value"},
		{name: "duplicate", key: "checks{a:1,a:2}", wantErr: "appears twice"},
		{name: "unterminated quote", key: `checks{a:"1}`, wantErr: "unterminated quote"},
		{name: "junk after quote", key: `checks{a:"1" x}`, wantErr: "expected ','"},
		{name: "brace in value", key: "checks{a:{b}}", wantErr: "quote it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			name, tags, err := ParseKey(tt.key)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseKey(%q) error = %v, want %q", tt.key, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseKey(%q): %v", tt.key, err)
			}
			if name != tt.metric || tags.String() != tt.tags {
				t.Errorf("ParseKey(%q) = %q, %q; want %q, %q", tt.key, name, tags.String(), tt.metric, tt.tags)
			}
		})
	}
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"checks", "checks{kind:assertion}", `a{b:"c,d", e:'f'}`, "a{", "{}", "a{b:}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		name, tags, err := ParseKey(key)
		if err != nil {
			return
		}
		if name == "" {
			t.Fatalf("ParseKey(%q) accepted an empty name", key)
		}
		for _, tag := range tags.Tags() {
			if tag.Name == "" {
				t.Fatalf("ParseKey(%q) accepted an empty tag name", key)
			}
		}
	})
}
