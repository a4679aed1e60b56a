package thresholds

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Expression is one parsed threshold: `aggregation operator value`.
type Expression struct {
	// Source is the expression as written.
	Source string
	// Aggregation is the canonical aggregation name: avg, min, max, med,
	// count, rate, value or p(N) (e.g. "p(99.9)"), which is also the key of
	// the metric's summary value it reads.
	Aggregation string
	// Percentile is N/100 for p(N) (0..1), otherwise 0.
	Percentile float64
	// Operator is one of < <= > >= == === !=.
	Operator string
	// Value is the right-hand side.
	Value float64
}

// aggregations k6 knows, to any metric type.
var knownAggregations = map[string]bool{
	"avg": true, "min": true, "max": true, "med": true,
	"count": true, "rate": true, "value": true, "p": true,
}

const syntaxHelp = `write "aggregation operator number", e.g. "p(95)<200", "rate>=0.99", "count>0"`

// Parse reads one threshold expression in k6 syntax.
func Parse(src string) (*Expression, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, fmt.Errorf("%w; %s", err, syntaxHelp)
	}
	p := parser{src: src, toks: toks}
	e, err := p.expression()
	if err != nil {
		return nil, fmt.Errorf("%w; %s", err, syntaxHelp)
	}
	return e, nil
}

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) next(want tokenKind) (token, error) {
	if p.i >= len(p.toks) {
		return token{}, fmt.Errorf("expected %s at the end", want)
	}
	t := p.toks[p.i]
	if t.kind != want {
		return token{}, fmt.Errorf("expected %s at position %d, found %q", want, t.pos+1, t.text)
	}
	p.i++
	return t, nil
}

func (p *parser) expression() (*Expression, error) {
	if len(p.toks) == 0 {
		return nil, errors.New("empty expression")
	}
	e := &Expression{Source: p.src}
	if err := p.aggregation(e); err != nil {
		return nil, err
	}
	op, err := p.next(tokOperator)
	if err != nil {
		return nil, err
	}
	switch op.text {
	case "<", "<=", ">", ">=", "==", "===", "!=":
		e.Operator = op.text
	default:
		return nil, fmt.Errorf("unknown operator %q at position %d: use <, <=, >, >=, ==, === or !=", op.text, op.pos+1)
	}
	num, err := p.next(tokNumber)
	if err != nil {
		return nil, err
	}
	if e.Value, err = parseNumber(num); err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, fmt.Errorf("unexpected %q at position %d after the value", t.text, t.pos+1)
	}
	return e, nil
}

func (p *parser) aggregation(e *Expression) error {
	id, err := p.next(tokIdent)
	if err != nil {
		return err
	}
	if !knownAggregations[id.text] {
		return fmt.Errorf("unknown aggregation %q: use avg, min, max, med, p(N), count, rate or value", id.text)
	}
	if id.text != "p" {
		e.Aggregation = id.text
		return nil
	}
	if _, err := p.next(tokLParen); err != nil {
		return fmt.Errorf("percentile needs a number in parentheses, e.g. p(95): %w", err)
	}
	num, err := p.next(tokNumber)
	if err != nil {
		return fmt.Errorf("percentile needs a number in parentheses, e.g. p(95): %w", err)
	}
	pct, err := parseNumber(num)
	if err != nil {
		return err
	}
	if pct < 0 || pct > 100 {
		return fmt.Errorf("percentile p(%s) out of range: use a number from 0 to 100", num.text)
	}
	if _, err := p.next(tokRParen); err != nil {
		return err
	}
	e.Percentile = pct / 100
	e.Aggregation = "p(" + strconv.FormatFloat(pct, 'f', -1, 64) + ")"
	return nil
}

func parseNumber(t token) (float64, error) {
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("invalid number %q at position %d", t.text, t.pos+1)
	}
	return v, nil
}

// Holds reports whether observed satisfies the expression.
func (e *Expression) Holds(observed float64) bool {
	switch e.Operator {
	case "<":
		return observed < e.Value
	case "<=":
		return observed <= e.Value
	case ">":
		return observed > e.Value
	case ">=":
		return observed >= e.Value
	case "!=":
		return observed != e.Value
	default: // == and ===
		return observed == e.Value
	}
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
