// Timers on the VU's event loop: the iteration waits for its pending
// timers, clearTimeout/clearInterval cancel, k6/timers exports the same
// functions as the globals. The Go test wants every check passed, none
// failed, and iterations that lasted at least the longest timer.
import { check } from 'k6';
import timers from 'k6/timers';
import { setTimeout as importedSetTimeout, clearInterval as importedClearInterval } from 'k6/timers';

export const options = { iterations: 2, vus: 1 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function () {
  const start = Date.now();
  const order = [];
  setTimeout(() => order.push('b'), 40);
  setTimeout((x, y) => order.push(x + y), 10, 'a', '');
  const cancelled = setTimeout(() => check(null, { 'a cleared timer never fires': () => false }), 20);
  clearTimeout(cancelled);
  clearTimeout(12345); // unknown ids are ignored

  let ticks = 0;
  const id = setInterval(() => {
    ticks++;
    if (ticks === 3) importedClearInterval(id);
  }, 15);

  // The iteration does not return before this callback ran: its check
  // would be missing from the count.
  importedSetTimeout(() => {
    check(order, { 'timers fire in delay order with their arguments': (o) => o.join(',') === 'a,b' });
    check(ticks, { 'setInterval ran until cleared': (t) => t === 3 });
    check(Date.now() - start, { 'the callback waited its delay': (d) => d >= 100 });
  }, 100);

  await sleep(5);
  check(null, {
    'k6/timers exports the globals': () => timers.setTimeout === setTimeout && timers.clearTimeout === clearTimeout &&
      timers.setInterval === setInterval && timers.clearInterval === clearInterval,
  });
}
