// http.file builds multipart/form-data bodies: a body object with a
// file field is sent as multipart, each file with its filename (default:
// the field's name) and content type (default application/octet-stream).
import http from 'k6/http';
import { check } from 'k6';

const text = open('./upload.txt');
const binary = open('./upload.txt', 'b');

export const options = { iterations: 1 };

export default function () {
  const r = http.post(`${__ENV.BASE}/upload`, {
    title: 'report',
    notes: http.file(text, 'notes.txt', 'text/plain'),
    raw: http.file(binary),
    bytes: http.file([104, 105], 'hi.bin'),
  });
  const got = r.json();
  check(r, {
    'multipart content type with a boundary': (x) => x.request.headers['Content-Type'].startsWith('multipart/form-data; boundary='),
  });
  check(got, {
    'plain field': (g) => g.fields.title === 'report',
    'text file with its name and type': (g) => g.files.notes.filename === 'notes.txt' && g.files.notes.content_type === 'text/plain' && g.files.notes.data === text,
    'binary file named after its field': (g) => g.files.raw.filename === 'raw' && g.files.raw.content_type === 'application/octet-stream' && g.files.raw.data === text,
    'array of bytes': (g) => g.files.bytes.data === 'hi',
  });
  const f = http.file('x', 'a.txt');
  check(f, { 'FileData fields': (v) => v.data === 'x' && v.filename === 'a.txt' && v.content_type === 'application/octet-stream' });
}
