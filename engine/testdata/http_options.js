import { httpOptions } from 'k6/x/httpopts';

export const options = { iterations: 1, insecureSkipTLSVerify: true, userAgent: 'from-script/1', maxRedirects: 3, discardResponseBodies: true };

export default function () {
  console.log('seen ' + httpOptions());
}
