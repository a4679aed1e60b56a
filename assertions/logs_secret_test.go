package assertions

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestMaskSecret(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"hunter2":          "…(7 chars)",
		"sk-live-12345678": "sk…(16 chars)",
		"pässwört":         "pä…(8 chars)",
	} {
		if got := maskSecret(in); got != want {
			t.Errorf("maskSecret(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskTextHidesEveryForm(t *testing.T) {
	t.Parallel()
	secret := `p"a\ss w.rd`
	text := strings.Join([]string{
		secret,                                   // as is
		`*:*"p\"a\\ss w.rd"*`,                    // a LogsQL literal
		`|~ "p\"a\\\\ss w\\.rd"`,                 // a LogQL regex literal
		url.QueryEscape(`|= "p\"a\\ss w.rd"`),    // in a URL
		`{"_msg":"p\"a\\ss w.rd"}`,               // JSON-escaped
		"cannot parse [" + secret + "] at col 3", // a backend echoing it
	}, "\n")
	got := maskText(text, []string{secret, "other"})
	for _, part := range []string{"a\\ss", `a\\ss`, "ss w", "ss+w", "ss%20w"} {
		if strings.Contains(got, part) {
			t.Fatalf("masked text still has %q:\n%s", part, got)
		}
	}
	if !strings.Contains(got, maskSecret(secret)) {
		t.Fatalf("masked text does not show the mask:\n%s", got)
	}
}

func TestMaskErrKeepsTheAPIError(t *testing.T) {
	t.Parallel()
	orig := &APIError{Backend: "loki", Type: ErrServer, URL: "http://x/q?query=" + url.QueryEscape(`|= "hunter22"`), Status: 502, Msg: "upstream failed on hunter22"}
	err := maskErr(orig, []string{"hunter22"})
	var ae *APIError
	if !errors.As(err, &ae) || !ae.Retryable() {
		t.Fatalf("masked error %v is not a retryable *APIError", err)
	}
	if strings.Contains(err.Error(), "hunter22") || strings.Contains(ae.URL, "hunter22") {
		t.Fatalf("the secret is still in %q (URL %q)", err, ae.URL)
	}
	if orig.Msg != "upstream failed on hunter22" {
		t.Fatalf("maskErr changed the original: %q", orig.Msg)
	}
}
