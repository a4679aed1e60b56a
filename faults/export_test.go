package faults

import (
	"context"
	"math/big"
)

// ServedSerial is the serial of the certificate addr serves.
func ServedSerial(ctx context.Context, addr string) (*big.Int, error) {
	c, err := servedCert(ctx, addr)
	if err != nil {
		return nil, err
	}
	return c.SerialNumber, nil
}
