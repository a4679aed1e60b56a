// tls-expiry.js — the server's certificate goes bad. An expired one: the
// probe fails in its TLS phase with tls_expired, MCPTLSCertExpired
// fires and new clients get TLS errors. A soon-expiring one: calls still
// succeed while MCPTLSCertExpiringSoon fires. After each revert the probe
// recovers.
//
//   mcpchaos run scenarios/tls-expiry.js --config .stack/mcpchaos.yaml
import assertions from 'k6/x/assertions';
import faults from 'k6/x/faults';
import mcp from 'k6/x/mcp';
import { traffic, load, once, probeCall } from './lib/traffic.js';
import { thresholds, judged, quiet } from './lib/judge.js';

export { traffic };

export const options = {
  scenarios: {
    traffic: load('0s', '70s'),
    tlsExpiry: once('tlsExpiry', '5s', '2m'),
  },
  thresholds,
};

const TARGET = __ENV.MCPCHAOS_TLS_TARGET || 'mcp-server-tls';

export const tlsExpiry = judged('tlsExpiry', async () => {
  quiet('60s');
  const expired = faults.tlsExpiry({ target: TARGET, mode: 'expired', duration: '12s' });
  const probe = assertions.background.probeFails({ phase: 'tls', reason: 'tls_expired', since: expired, within: '20s' });
  const alert = assertions.background.alertFires('MCPTLSCertExpired', { since: expired, within: '20s' });
  const fresh = mcp.connect({ throw: false, newSession: true });
  const r = probeCall(fresh);
  assertions.verify('a new client gets a TLS error', !!r.error && /tls|x509|certificate/i.test(`${r.error.type} ${r.error.message}`), {
    why: r.error ? `${r.error.type}: ${r.error.message}` : 'the call succeeded',
    faultId: expired,
  });
  await probe.wait();
  await alert.wait();
  await expired.wait();
  assertions.probeRecovers({ after: expired, within: '20s' });
  assertions.alertResolves('MCPTLSCertExpired', { after: expired, within: '20s' });

  quiet('30s');
  const expiring = faults.tlsExpiry({ target: TARGET, mode: 'expiring', expiresIn: '24h', duration: '10s' });
  const soon = assertions.background.alertFires('MCPTLSCertExpiringSoon', { since: expiring, within: '20s' });
  const still = probeCall(mcp.connect({ throw: false, newSession: true }));
  assertions.verify('calls still succeed on a soon-expiring certificate', !still.error && !still.isError, {
    why: still.error ? `${still.error.type}: ${still.error.message}` : 'it answered',
    faultId: expiring,
  });
  await soon.wait();
  await expiring.wait();
  assertions.noAlertsFire({ since: expiring, until: expiring.revertedAt, except: ['MCPTLSCertExpiringSoon', 'MCPTLSCertExpired'] });
  assertions.alertResolves('MCPTLSCertExpiringSoon', { after: expiring, within: '20s' });
});
