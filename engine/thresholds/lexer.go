package thresholds

import (
	"fmt"
	"strings"
)

// tokenKind is the class of one lexed token of an expression.
type tokenKind int

const (
	tokIdent tokenKind = iota + 1
	tokNumber
	tokLParen
	tokRParen
	tokOperator
)

func (k tokenKind) String() string {
	switch k {
	case tokIdent:
		return "aggregation name"
	case tokNumber:
		return "number"
	case tokLParen:
		return `"("`
	case tokRParen:
		return `")"`
	default:
		return "operator"
	}
}

type token struct {
	kind tokenKind
	text string
	pos  int // byte offset in the expression
}

// lex splits an expression into tokens, skipping whitespace.
func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case strings.ContainsRune("<>=!", rune(c)):
			j := i
			for j < len(src) && strings.ContainsRune("<>=!", rune(src[j])) {
				j++
			}
			toks = append(toks, token{tokOperator, src[i:j], i})
			i = j
		case isDigit(c) || c == '.' || c == '-' || c == '+':
			j := i + 1
			for j < len(src) && (isDigit(src[j]) || strings.ContainsRune(".eE", rune(src[j])) ||
				((src[j] == '-' || src[j] == '+') && (src[j-1] == 'e' || src[j-1] == 'E'))) {
				j++
			}
			toks = append(toks, token{tokNumber, src[i:j], i})
			i = j
		case isLetter(c):
			j := i + 1
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j])) {
				j++
			}
			toks = append(toks, token{tokIdent, src[i:j], i})
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q at position %d", src[i:i+1], i+1)
		}
	}
	return toks, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
