// Package porttest gives tests loopback addresses that refuse
// connections reliably. Listening, noting the address and closing the
// listener leaves a port that a parallel test's server may take next,
// and then the "refused" test talks to it; a TCP socket bound but not
// listening holds the port while refusing every connection.
package porttest
