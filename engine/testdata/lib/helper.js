// Imported by imports.js; open() here is relative to this file's folder.
export const word = open('./word.txt').trim();
export function double(n) {
  return n * 2;
}
