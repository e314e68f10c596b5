/**
 * An absolute file path (POSIX or Windows) standing on its own in a message: after a space, a
 * quote, a bracket or `=`, so URLs (`https://host/path`) and rules such as `,/:;` are left alone.
 */
const ABSOLUTE_PATH = /(^|[\s'"(=])((?:[A-Za-z]:)?(?:[\\/][^\\/\s'"():,]+){2,})/g;

/** The text with every absolute path cut down to its file name. */
export function withoutPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (_all, before: string, path: string) => `${before}${path.split(/[\\/]/).pop()}`);
}
